/**
 * Two `--role console` processes with history_writer = true on one MariaDB
 * store: one holds the history lease (gauge history_writer 1, the other 0);
 * killed without a chance to release it, the other takes over once the
 * lease (3 × poll_interval) runs out, and says so in its log.
 */
import t from 'tap';
import { freeTcpPort } from '../../helpers/freePorts.js';
import { RoleProcess } from '../../helpers/roleProcess.js';
import { mysqlWorld } from '../../e2e/fixtures/cluster.js';

async function writerGauge(p: RoleProcess): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${await p.adminPort()}/metrics`)).text();
  const m = /^lars_console_history_writer\{role="console",actor="console"\} (\d+)$/m.exec(text);
  return m ? Number(m[1]) : NaN;
}

t.test('two console processes: one history writer; SIGKILL it and the other takes over after the lease', async (t) => {
  const world = await mysqlWorld(t);
  if (!world) return;
  const consoleOn = async (): Promise<RoleProcess> => {
    const port = await freeTcpPort();
    return RoleProcess.start(t, 'console', { 'console.ini': `[admin]\nadmin_port = 0\n[console]\nport = ${port}\npoll_interval = 0.2\n` }, ['--store', world.storeUrl]);
  };
  const a = await consoleOn();
  await a.waitFor(/history writer: took the lease/);
  const b = await consoleOn();
  await b.waitFor(/lars: started console/);
  t.equal(await writerGauge(a), 1, 'the first console writes');
  t.equal(await writerGauge(b), 0, 'the second stands by');
  t.notMatch(b.output, /took the lease/);
  a.kill();
  const killedAt = performance.now();
  await b.waitFor(/history writer: took the lease/, 10_000);
  const tookMs = Math.round(performance.now() - killedAt);
  t.ok(tookMs < 5_000, `taken over ${tookMs} ms after the kill (lease 600 ms, polls every 200 ms)`);
  t.equal(await writerGauge(b), 1, 'the second writes now');
  t.equal(await b.stop(), 0);
});
