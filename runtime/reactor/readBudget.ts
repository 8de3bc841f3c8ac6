/**
 * Bytes all connections of a thread may read in one event-loop turn. libuv
 * reads up to 32 × 64 KiB from every readable socket per poll, so many busy
 * peers can stretch one turn to seconds, and everything else the thread
 * waits for (worker replies, timers, other sockets' writes) waits that long.
 * Past the budget a connection pauses and resumes in the check phase, right
 * after the rest of this turn's I/O has had its go.
 */
import type { Socket } from 'node:net';

export class ReadBudget {
  private used = 0;
  private paused: Socket[] = [];
  private scheduled = false;
  /** Pauses taken (the per-turn budget was exhausted), for metrics. */
  pauses = 0;

  constructor(readonly bytesPerTurn: number) {}

  /** Account `bytes` just read on `socket`; pauses it when the turn's budget is spent. */
  consume(socket: Socket, bytes: number): void {
    this.used += bytes;
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(this.nextTurn);
    }
    if (this.used > this.bytesPerTurn && !socket.isPaused()) {
      socket.pause();
      this.paused.push(socket);
      this.pauses++;
    }
  }

  private readonly nextTurn = (): void => {
    this.scheduled = false;
    this.used = 0;
    const paused = this.paused;
    this.paused = [];
    for (const s of paused) if (!s.destroyed) s.resume();
  };
}

/** One per thread: the budget is about this thread's event loop. */
export const threadReadBudget = new ReadBudget(256 * 1024);
