/**
 * Ports for processes a test or benchmark starts (and restarts on the same
 * address). Two ways a released port gets taken before its process binds it:
 *   - the kernel hands it out again for a `listen(0)` or an outgoing connect,
 *     since it came from the ephemeral range; so we pick below that range
 *     (Linux's default is 32768-60999);
 *   - another test process running in parallel picks the same number; so each
 *     port handed out is reserved by an exclusive file in the OS temp dir,
 *     removed when this process exits (reservations of crashed runs expire).
 */
import { createSocket } from 'node:dgram';
import { mkdirSync, openSync, closeSync, statSync, unlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const LOW = 10_000;
const HIGH = 32_000;
const RESERVATIONS = join(tmpdir(), 'lars-test-ports');
/** A reservation older than this belongs to a run that died without cleaning up. */
const STALE_MS = 30 * 60_000;

const held = new Set<number>();
let cleanupInstalled = false;

function reserve(port: number): boolean {
  if (held.has(port)) return false;
  mkdirSync(RESERVATIONS, { recursive: true });
  const file = join(RESERVATIONS, String(port));
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      closeSync(openSync(file, 'wx'));
      held.add(port);
      installCleanup();
      return true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      try {
        if (Date.now() - statSync(file).mtimeMs < STALE_MS) return false;
        unlinkSync(file);
      } catch {
        return false;
      }
    }
  }
  return false;
}

function installCleanup(): void {
  if (cleanupInstalled) return;
  cleanupInstalled = true;
  process.once('exit', () => {
    for (const port of held) {
      try {
        unlinkSync(join(RESERVATIONS, String(port)));
      } catch {
        // already gone: nothing to give back
      }
    }
  });
}

async function tcpFree(port: number): Promise<boolean> {
  const s = createServer();
  try {
    await new Promise<void>((resolve, reject) => {
      s.once('error', reject);
      s.listen(port, '127.0.0.1', () => resolve());
    });
    return true;
  } catch {
    return false;
  } finally {
    await new Promise<void>((r) => s.close(() => r()));
  }
}

async function udpFree(port: number): Promise<boolean> {
  const s = createSocket('udp4');
  try {
    await new Promise<void>((resolve, reject) => {
      s.once('error', reject);
      s.bind(port, '127.0.0.1', () => resolve());
    });
    return true;
  } catch {
    return false;
  } finally {
    s.close();
  }
}

/** `count` consecutive ports, each free for every protocol asked and reserved for this process. */
async function freeRun(count: number, probe: (port: number) => Promise<boolean>): Promise<number> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const base = LOW + Math.floor(Math.random() * (HIGH - LOW - count));
    let ok = true;
    for (let i = 0; i < count && ok; i++) ok = !held.has(base + i) && (await probe(base + i));
    if (!ok) continue;
    for (let i = 0; i < count && ok; i++) ok = reserve(base + i);
    if (ok) return base;
    // Partly taken by a parallel run: keep the reservations (harmless) and try elsewhere.
  }
  throw new Error(`no ${count} consecutive free ports in ${LOW}-${HIGH}`);
}

export function freeTcpPort(): Promise<number> {
  return freeRun(1, tcpFree);
}

/** A base port whose base, base+1 and base+2 are free for UDP (the agent's three ports). */
export function freeUdpPortTriple(): Promise<number> {
  return freeRun(3, async (p) => (await udpFree(p)) && (await tcpFree(p)));
}
