/**
 * The one thing a mailbox end needs from its transport: post, and events.
 * `MessagePort`, `Worker` (parent side) and `parentPort` (worker side) all fit.
 */
import type { TransferListItem } from 'node:worker_threads';

export interface PortLike {
  postMessage(value: unknown, transferList?: readonly TransferListItem[]): void;
  on(event: 'message', listener: (value: unknown) => void): unknown;
  on(event: 'close', listener: () => void): unknown;
  off(event: 'message', listener: (value: unknown) => void): unknown;
  off(event: 'close', listener: () => void): unknown;
}
