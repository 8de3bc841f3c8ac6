/**
 * Fallback for a batch that did not structured-clone (a function, a socket,
 * ... inside one message): posting it entry by entry finds the culprits, so
 * one bad message costs only itself and not the batch it travelled with.
 */
import { entryWidth, type Batch } from './batch.js';
import type { PortLike } from './portLike.js';

export interface EntryOutcome {
  /** One entry left; `tag` says which kind. */
  posted(tag: number): void;
  /** One entry would not clone and was not sent. */
  unsendable(tag: number, entry: unknown[]): void;
}

export function postEntryByEntry(port: PortLike, batch: Batch, outcome: EntryOutcome): void {
  // The credit count is a plain number and always clones.
  port.postMessage([batch[0]]);
  let i = 1;
  while (i < batch.length) {
    const tag = batch[i] as number;
    const width = entryWidth(tag);
    const entry = batch.slice(i, i + width);
    i += width;
    try {
      port.postMessage([0, ...entry]);
    } catch {
      outcome.unsendable(tag, entry);
      continue;
    }
    outcome.posted(tag);
  }
}
