/**
 * The piscina task module of the reporter's write pool. Each worker thread
 * opens the store named in workerData once, on its first batch, and keeps
 * it; a task is one batch written as one transaction of multi-row upserts.
 *
 * A store failure comes back as a value, not a rejection: an Error crossing
 * the thread boundary loses its class and `code`, and the writer must tell
 * "the database said no" (retry with backoff, count by code) from "the
 * worker died" (piscina rejects the task; also retried).
 *
 * What the store says while a batch is written (it moved to another node of
 * its host list) travels back with the outcome as notes, so the reporter logs
 * and counts a worker's node switch like its own.
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
  | { ok: true; rows: number; conflicts: number; failovers: number; notes: string[] }
  | { ok: false; code: string; message: string; failovers: number; notes: string[] };

let store: Promise<Store> | undefined;
let notes: string[] = [];

function takeNotes(): string[] {
  const taken = notes;
  notes = [];
  return taken;
}

function theStore(): Promise<Store> {
  if (store === undefined) {
    const data = workerData as WriteWorkerData;
    const opening = openStore(data.storeUrl, { ...data.storeOptions, log: (line) => notes.push(line) });
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
  let s: Store | undefined;
  // One task at a time per worker, so the counters' growth during this call is this batch's.
  let before = { conflicts: 0, failovers: 0 };
  try {
    s = await theStore();
    before = { ...s.counters };
    await s.upsertStatus(rows);
    return { ok: true, rows: rows.length, conflicts: s.counters.conflicts - before.conflicts, failovers: s.counters.failovers - before.failovers, notes: takeNotes() };
  } catch (err) {
    const failovers = s === undefined ? 0 : s.counters.failovers - before.failovers;
    if (isStoreError(err)) return { ok: false, code: err.code, message: err.message, failovers, notes: takeNotes() };
    return { ok: false, code: 'WRITE_FAILED', message: err instanceof Error ? err.message : String(err), failovers, notes: takeNotes() };
  }
}
