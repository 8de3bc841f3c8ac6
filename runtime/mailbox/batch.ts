/**
 * What one `postMessage` between two mailbox ends carries: a flat array
 * (cheapest to structured-clone) starting with the number of messages the
 * sender handled since its last batch (credit returned to the peer), then
 * entries in send order:
 *
 *   TELL, message
 *   ASK, id, message
 *   REPLY, id, value
 *   FAIL, id, ErrorWire
 */
import type { Message } from './message.js';
import type { ErrorWire } from './mailboxErrors.js';

export const TELL = 0;
export const ASK = 1;
export const REPLY = 2;
export const FAIL = 3;

export type Batch = unknown[];

/** Entries per tag, the tag included. */
export function entryWidth(tag: number): number {
  return tag === TELL ? 2 : 3;
}

export interface BatchVisitor {
  credit(handled: number): void;
  tell(message: Message): void;
  ask(id: number, message: Message): void;
  reply(id: number, value: unknown): void;
  fail(id: number, error: ErrorWire): void;
  /** Something arrived that is not a batch: counted, never thrown. */
  malformed(): void;
}

export function isMessage(value: unknown): value is Message {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

export function readBatch(data: unknown, visit: BatchVisitor): void {
  if (!Array.isArray(data) || typeof data[0] !== 'number') {
    visit.malformed();
    return;
  }
  if (data[0] > 0) visit.credit(data[0]);
  let i = 1;
  while (i < data.length) {
    const tag: unknown = data[i];
    if (tag === TELL) {
      const m: unknown = data[i + 1];
      if (isMessage(m)) visit.tell(m);
      else visit.malformed();
      i += 2;
      continue;
    }
    const id: unknown = data[i + 1];
    const body: unknown = data[i + 2];
    i += 3;
    if (typeof id !== 'number') {
      visit.malformed();
    } else if (tag === ASK && isMessage(body)) {
      visit.ask(id, body);
    } else if (tag === REPLY) {
      visit.reply(id, body);
    } else if (tag === FAIL) {
      visit.fail(id, body as ErrorWire);
    } else {
      visit.malformed();
      return; // lost our place in the array: stop reading it
    }
  }
}
