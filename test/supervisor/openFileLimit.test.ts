/**
 * max_conn against the open-file limit: parsing /proc/self/limits, the fit
 * itself, and a real DNS role started under `ulimit -n 400`, which says so in
 * one line and then refuses connections past what fits (counted as max_conn
 * rejections) instead of running into EMFILE.
 */
import t from 'tap';
import { spawn } from 'node:child_process';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { fitMaxConn, openFileLimit, RESERVED_FDS } from '../../runtime/reactor/openFileLimit.js';
import { fitConnections } from '../../tools/start/connectionFit.js';
import type { LogLevel } from '../../runtime/log/logLine.js';
import { SUPERVISOR_JS } from '../helpers/roleProcess.js';
import { freeTcpPort } from '../helpers/freePorts.js';
import { runLars } from '../helpers/runLars.js';

const LIMITS = `Limit                     Soft Limit           Hard Limit           Units
Max cpu time              unlimited            unlimited            seconds
Max open files            1024                 524288               files
Max locked memory         8388608              8388608              bytes
`;

t.test('openFileLimit reads the soft limit; unreadable or unlimited is undefined', async (t) => {
  t.equal(openFileLimit(() => LIMITS), 1024);
  t.equal(openFileLimit(() => LIMITS.replace('1024  ', 'unlimited')), undefined);
  t.equal(openFileLimit(() => 'garbage'), undefined);
  t.equal(openFileLimit(() => {
    throw new Error('ENOENT');
  }), undefined);
  if (process.platform === 'linux') t.ok((openFileLimit() ?? 0) > 0, 'this machine');
});

t.test('fitMaxConn: unchanged when it fits, proportional cut with one line when not', async (t) => {
  t.same(fitMaxConn([{ name: 'dns max_conn', value: 500 }], 1024), { values: [500] });
  t.same(fitMaxConn([{ name: 'dns max_conn', value: 10_000 }], undefined), { values: [10_000] });
  const r = fitMaxConn([{ name: 'dns max_conn', value: 10_000 }, { name: 'reporter max_conn', value: 10_000 }], 1024);
  t.same(r.values, [(1024 - RESERVED_FDS) / 2, (1024 - RESERVED_FDS) / 2]);
  t.match(r.line, /^open-file limit 1024 cannot hold dns max_conn 10000 \+ reporter max_conn 10000 .*using dns max_conn 448, reporter max_conn 448/);
  t.notMatch(r.line ?? '', /\n/);
  t.same(fitMaxConn([{ name: 'a', value: 5 }], 10).values, [1], 'a limit below the reserve still leaves 1 per role');
});

t.test('fitConnections: defaults sized from the limit with an info line; a set max_conn that does not fit is a warning', async (t) => {
  const run = (dnsSet: boolean): { lines: Array<[string, LogLevel | undefined]>; dns: unknown } => {
    const lines: Array<[string, LogLevel | undefined]> = [];
    const roles: Array<{ role: string; sections: Record<string, Record<string, unknown>>; setKeys: ReadonlySet<string> }> = [
      { role: 'dns', sections: { dns: { max_conn: 10_000 } }, setKeys: new Set(dnsSet ? ['dns max_conn'] : []) },
      { role: 'reporter', sections: { reporter: { max_conn: 10_000 } }, setKeys: new Set<string>() },
    ];
    const fit = fitConnections(roles, 20_000, (msg, level) => lines.push([msg, level]));
    return { lines, dns: fit.apply('dns', { dns: { max_conn: 10_000 } })['dns']?.['max_conn'] };
  };
  const unset = run(false);
  t.equal(unset.dns, (20_000 - RESERVED_FDS) / 2, 'sized to what the limit holds');
  t.equal(unset.lines.length, 1);
  t.equal(unset.lines[0]?.[1], 'info', 'defaults that do not fit the machine are not a warning');
  t.match(unset.lines[0]?.[0], /^max_conn not set: open-file limit 20000/);
  const set = run(true);
  t.equal(set.lines[0]?.[1], 'warn', 'a value the operator set that cannot be honoured is a warning');
  t.same(run(false).lines, unset.lines, 'deterministic');
  const fits = fitConnections([{ role: 'dns', sections: { dns: { max_conn: 500 } }, setKeys: new Set(['dns max_conn']) }], 20_000, () => t.fail('nothing to say'));
  t.same(fits.apply('dns', { dns: { max_conn: 500 } }), { dns: { max_conn: 500 } });
});

t.test('a DNS role under ulimit -n 400 says so once and caps connections at what fits', async (t) => {
  const port = await freeTcpPort();
  const conf = t.testdir({ 'dns.ini': `[admin]\nadmin_port = 0\n[dns]\nport = ${port}\n` });
  const store = `sqlite:${join(conf, 'lars.db')}`;
  t.equal((await runLars(['db', 'init', '--store', store])).code, 0);
  const child = spawn('sh', ['-c', `ulimit -n 400 && exec "${process.execPath}" "${SUPERVISOR_JS}" --role dns --conf "${conf}" --store "${store}"`], { stdio: ['ignore', 'pipe', 'pipe'] });
  t.teardown(() => {
    child.kill('SIGKILL');
  });
  let out = '';
  const seen = (re: RegExp): Promise<RegExpMatchArray> =>
    new Promise((resolve, reject) => {
      const check = (): void => {
        const m = out.match(re);
        if (m) resolve(m);
      };
      child.stdout.on('data', (d: Buffer) => ((out += d.toString()), check()));
      child.stderr.on('data', (d: Buffer) => ((out += d.toString()), check()));
      child.on('exit', () => reject(new Error(`exited:\n${out}`)));
      check();
    });
  const admin = Number((await seen(/admin http:\/\/[\d.]+:(\d+)/))[1]);
  await seen(/serving routes/);
  const fitted = 400 - RESERVED_FDS;
  t.equal(out.match(/open-file limit 400 cannot hold dns \[dns\] max_conn 10000/g)?.length, 1, 'one line');
  t.notMatch(out, /WARN/, 'max_conn was not set: sized from the limit without a warning');
  t.match(out, new RegExp(`using dns \\[dns\\] max_conn ${fitted}`));

  const socks: Socket[] = [];
  t.teardown(() => socks.forEach((s) => s.destroy()));
  const extra = 20;
  for (let i = 0; i < fitted + extra; i++) {
    const s = connect(port, '127.0.0.1');
    s.on('error', () => undefined);
    socks.push(s);
    await new Promise((resolve) => s.once('connect', resolve).once('close', resolve));
  }
  const metric = async (): Promise<number> => {
    const text = await (await fetch(`http://127.0.0.1:${admin}/metrics`)).text();
    return Number(/^lars_net_connections_rejected_total\{[^}]*\} (\d+)$/m.exec(text)?.[1] ?? -1);
  };
  let rejected = await metric();
  while (rejected < extra) {
    await new Promise((r) => setTimeout(r, 50));
    rejected = await metric();
  }
  t.equal(rejected, extra, 'connections past the fitted cap are refused and counted, not lost to EMFILE');
  const text = await (await fetch(`http://127.0.0.1:${admin}/metrics`)).text();
  t.match(text, /^lars_net_socket_errors_total\{[^}]*\} 0$/m, 'no accept error');
});
