/** Counters of one mailbox link, for metrics. All but the last two only grow. */
export interface MailboxStats {
  /** Tells and asks accepted for sending. */
  sent: number;
  /** Tells and asks that arrived from the peer. */
  received: number;
  /** Tells not accepted (full under `drop`, or closed). */
  dropped: number;
  /** Tells and asks refused with MailboxFullError. */
  rejected: number;
  /** Sent but never handled: the peer died with them. */
  lost: number;
  askTimeouts: number;
  /** Replies that came after their ask had timed out. */
  lateReplies: number;
  /** Messages that could not be structured-cloned. */
  unsendable: number;
  /** Port traffic that was not a well-formed batch. */
  malformed: number;
  /** Gauge: messages from this end the peer has not handled yet. */
  outstanding: number;
  /** Gauge: asks waiting for a reply. */
  pendingAsks: number;
}

export function emptyMailboxStats(): MailboxStats {
  return { sent: 0, received: 0, dropped: 0, rejected: 0, lost: 0, askTimeouts: 0, lateReplies: 0, unsendable: 0, malformed: 0, outstanding: 0, pendingAsks: 0 };
}

export function addMailboxStats(into: MailboxStats, add: MailboxStats): MailboxStats {
  for (const key of Object.keys(into) as Array<keyof MailboxStats>) into[key] += add[key];
  return into;
}
