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
