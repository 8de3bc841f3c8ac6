/**
 * The agent's routes on disk, so a restarted agent serves its last known
 * routes before DNS answers. Written to a temporary file and renamed, so a
 * crash mid-write never leaves a torn snapshot behind.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** `./routes.json` for port index 1 → `./routes-1.json`: each UDP actor owns its own file. */
export function snapshotPathFor(base: string, index: number): string {
  if (base === '') return '';
  const dot = base.lastIndexOf('.');
  return dot > base.lastIndexOf('/') ? `${base.slice(0, dot)}-${index}${base.slice(dot)}` : `${base}-${index}`;
}

/** The parsed file, or undefined when there is none; a file that is not JSON throws. */
export function readSnapshotFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  return JSON.parse(text) as unknown;
}

export function writeSnapshotFile(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}

/**
 * Write the routes when they differ from `lastText` (what this process last
 * wrote or read); returns the text now on disk. Throws on a write error.
 */
export function saveSnapshotIfChanged(path: string, snapshot: unknown, lastText: string): string {
  const text = JSON.stringify(snapshot);
  if (text !== lastText) writeSnapshotFile(path, text);
  return text;
}

/**
 * Read the file and hand it to `importRoutes` (which validates it); returns
 * the keys imported and the text read ('' and 0 when there is no file).
 * Throws when the file cannot be read or is not a valid snapshot.
 */
export function loadSnapshotFile(path: string, importRoutes: (data: unknown) => number): { keys: number; text: string } {
  const data = readSnapshotFile(path);
  if (data === undefined) return { keys: 0, text: '' };
  return { keys: importRoutes(data), text: JSON.stringify(data) };
}
