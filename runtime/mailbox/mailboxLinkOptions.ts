/** How one mailbox end is set up: who is on the other side, its bound, and what happens past it. */
import type { Clock } from './clock.js';
import type { MessageSink } from './inbox.js';
import type { PeerInfo } from './message.js';

export type OverflowPolicy = 'drop' | 'reject';

export interface MailboxLinkOptions {
  /** Who is on the other end, for errors ("dns-client-0"). */
  target: string;
  /** Identity of the other end, handed to handlers as `from`. */
  peer: PeerInfo;
  clock: Clock;
  capacity?: number;
  overflow?: OverflowPolicy;
  /** false: one postMessage per message (for comparison; slower). */
  batching?: boolean;
  askTimeoutMs?: number;
  /** Where the peer's tells and asks go (usually an Inbox); without one they are dropped and counted. */
  sink?: MessageSink;
}

export const DEFAULT_CAPACITY = 65_536;
export const DEFAULT_ASK_TIMEOUT_MS = 5_000;
