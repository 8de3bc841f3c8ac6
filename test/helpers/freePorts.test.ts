import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { freeTcpPort, freeUdpPortTriple } from './freePorts.js';

const reservation = (port: number): string => join(tmpdir(), 'lars-test-ports', String(port));

t.test('ports are below the ephemeral range, distinct within a process, and reserved on disk', async (t) => {
  const seen = new Set<number>();
  for (let i = 0; i < 100; i++) {
    const p = await freeTcpPort();
    t.ok(p >= 10_000 && p + 2 < 32_768, `port ${p} outside the kernel's ephemeral range`);
    t.notOk(seen.has(p), `port ${p} handed out once`);
    seen.add(p);
    t.ok(existsSync(reservation(p)), `port ${p} reserved`);
  }
  const base = await freeUdpPortTriple();
  for (const p of [base, base + 1, base + 2]) {
    t.notOk(seen.has(p), `triple port ${p} not handed out before`);
    t.ok(existsSync(reservation(p)), `triple port ${p} reserved`);
  }
});

t.test("a process's reservations are given back when it exits", async (t) => {
  const script = `import { freeTcpPort } from ${JSON.stringify(new URL('./freePorts.ts', import.meta.url).href)};\nconsole.log(await freeTcpPort());`;
  const out = execFileSync(process.execPath, [...process.execArgv, '--input-type=module', '-e', script], { encoding: 'utf8' });
  const port = Number(out.trim());
  t.ok(port > 0, `child got port ${port}`);
  t.notOk(existsSync(reservation(port)), 'its reservation is gone');
});
