/**
 * Promises handed out by a mailbox link, parked until the link's state
 * gets there: room below the credit bound, a count of the peer's messages
 * arrived, the peer gone. Each is resolved once and never rejected: every
 * wait ends when the peer goes or the link closes, so none can hang.
 */
export class LinkWaits {
  private gone: Array<() => void> = [];
  private arrivals: Array<{ count: number; resolve: () => void }> = [];
  private room: Array<() => void> = [];

  untilPeerGone(): Promise<void> {
    return new Promise((resolve) => this.gone.push(resolve));
  }

  untilArrived(count: number): Promise<void> {
    return new Promise((resolve) => this.arrivals.push({ count, resolve }));
  }

  untilRoom(): Promise<void> {
    return new Promise((resolve) => this.room.push(resolve));
  }

  get waitingForRoom(): boolean {
    return this.room.length > 0;
  }

  /** `received` of the peer's messages have arrived so far. */
  arrived(received: number): void {
    if (this.arrivals.length === 0) return;
    this.arrivals = this.arrivals.filter((w) => {
      if (received < w.count) return true;
      w.resolve();
      return false;
    });
  }

  roomAgain(): void {
    const waiters = this.room;
    this.room = [];
    for (const w of waiters) w();
  }

  /** Also ends waits for arrivals: a peer that went sends nothing more. */
  peerGone(): void {
    const gone = this.gone;
    this.gone = [];
    for (const w of gone) w();
    const arrivals = this.arrivals;
    this.arrivals = [];
    for (const w of arrivals) w.resolve();
  }
}
