/** Typed mailboxes over MessagePort: bounded, batched, tell/ask with timeouts. */
export type { Message, ReplyMap, AskableMessage, ReplyOf, PeerInfo } from './message.js';
export { SUPERVISOR_PEER } from './message.js';
export { MailboxLink, DEFAULT_CAPACITY, DEFAULT_ASK_TIMEOUT_MS, type MailboxLinkOptions, type OverflowPolicy } from './mailboxLink.js';
export { Inbox, type InboxHandler, type MessageSink } from './inbox.js';
export type { MailboxStats } from './mailboxStats.js';
export { emptyMailboxStats, addMailboxStats } from './mailboxStats.js';
export * from './mailboxErrors.js';
export { systemClock, keepAliveClock, type Clock } from './clock.js';
export { ManualClock } from './manualClock.js';
export type { PortLike } from './portLike.js';
