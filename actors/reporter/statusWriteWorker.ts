/**
 * The piscina task module of the reporter's write pool. Each worker thread
 * opens the store named in workerData once, on its first batch, and keeps
 * it; a task is one batch written as one transaction of multi-row upserts.
 *
 * A store failure comes back as a value, not a rejection: an Error crossing
 * the thread boundary loses its class and `code`, and the writer must tell
 * "the database said no" (retry with backoff, count by code) from "the
 * worker died" (piscina rejects the task; also retried).
 */
import { workerData } from 'node:worker_threads';
import { openStore } from '../../store/openStore.js';
import type { Store, StoreOptions } from '../../store/store.js';
import { isStoreError } from '../../store/storeError.js';
import { unpackRows } from './packedRows.js';

export interface WriteWorkerData {
  storeUrl: string;
  storeOptions?: StoreOptions;
}

export interface WriteTask {
  packed: Float64Array;
}

export type WriteOutcome =
  | { ok: true; rows: number; conflicts: number }
  | { ok: false; code: string; message: string };

let store: Promise<Store> | undefined;

function theStore(): Promise<Store> {
  if (store === undefined) {
    const data = workerData as WriteWorkerData;
    const opening = openStore(data.storeUrl, data.storeOptions ?? {});
    // A failed open (file not creatable, bad URL) is retried on the next batch, not cached.
    opening.catch(() => {
      if (store === opening) store = undefined;
    });
    store = opening;
  }
  return store;
}

export default async function writeStatusBatch(task: WriteTask): Promise<WriteOutcome> {
  const rows = unpackRows(task.packed);
  try {
    const s = await theStore();
    // One task at a time per worker, so the counter's growth during this call is this batch's.
    const before = s.counters.conflicts;
    await s.upsertStatus(rows);
    return { ok: true, rows: rows.length, conflicts: s.counters.conflicts - before };
  } catch (err) {
    if (isStoreError(err)) return { ok: false, code: err.code, message: err.message };
    return { ok: false, code: 'WRITE_FAILED', message: err instanceof Error ? err.message : String(err) };
  }
}
