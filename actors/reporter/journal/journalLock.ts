/**
 * One reporter per journal directory: two processes replaying and trimming
 * the same segments would delete each other's unwritten rows. The lock is a
 * file holding the owner's pid; a lock left by a process that is gone (a
 * kill -9) is taken over, which is the case the journal exists for.
 */
import { closeSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { JournalError } from './journalError.js';

const LOCK_FILE = 'lock';

function alive(pid: number): boolean {
  if (pid === process.pid) return false; // our own earlier actor instance (restarted after a crash)
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function takeJournalLock(dir: string): () => void {
  const path = join(dir, LOCK_FILE);
  try {
    const fd = openSync(path, 'wx');
    writeSync(fd, `${process.pid}\n`);
    closeSync(fd);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    const owner = Number.parseInt(readFileSync(path, 'utf8'), 10);
    if (Number.isInteger(owner) && owner > 0 && alive(owner)) {
      throw new JournalError('JOURNAL_IN_USE', `journal_dir ${dir} is in use by another reporter (pid ${owner}); give each reporter a journal_dir of its own`);
    }
    writeFileSync(path, `${process.pid}\n`);
  }
  return () => rmSync(path, { force: true });
}
