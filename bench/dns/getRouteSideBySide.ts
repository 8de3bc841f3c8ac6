/**
 * DNS GetRoute qps of two builds side by side in one run (issue 23: no
 * throughput lost to placement): each build runs `--role dns` on SQLite
 * (demo routes; key 1/1 has 3 hosts), the load (bench/dns/getRouteLoad, in
 * this process) runs at each connection count, the builds alternating,
 * `--rounds` times.
 *
 *   node dist/bench/dns/getRouteSideBySide.js --against DIR [--conns 1,10,100] [--seconds 3] [--rounds 2]
 *        [--ini 'LINE;LINE']   (lines added to this build's dns.ini, e.g. '[supervisor];own_threads = on')
 */
import { appendFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { machineLine, markdownTable } from '../benchResults.js';
import { prepareSystemDir } from '../benchSystem.js';
import { startChildServer } from '../watchedProcess.js';
import { runGetRouteLoad } from './getRouteLoad.js';

const { values } = parseArgs({
  options: {
    against: { type: 'string' },
    conns: { type: 'string', default: '1,10,100' },
    seconds: { type: 'string', default: '3' },
    rounds: { type: 'string', default: '2' },
    ini: { type: 'string' },
  },
});
if (values.against === undefined) throw new Error('--against DIR (another checkout with a build) is required');
const builds = [
  { name: 'this', supervisorJs: fileURLToPath(new URL('../../supervisor.js', import.meta.url)), ini: values.ini },
  { name: 'against', supervisorJs: join(values.against, 'dist', 'supervisor.js'), ini: undefined },
];
const rows: Array<Array<string | number>> = [];
for (let round = 1; round <= Number(values.rounds); round++) {
  for (const b of builds) {
    const sys = await prepareSystemDir();
    if (b.ini) appendFileSync(join(sys.dir, 'dns.ini'), `\n${b.ini.split(';').join('\n')}\n`);
    const dns = await startChildServer([b.supervisorJs, '--role', 'dns', '--conf', sys.dir, '--store', sys.store], /serving routes version \d+ on [\d.]+:(\d+)/, { timeoutMs: 60_000 });
    try {
      for (const conns of values.conns.split(',').map(Number)) {
        const r = await runGetRouteLoad({ host: '127.0.0.1', port: dns.port, conns, seconds: Number(values.seconds), modid: 1, cmdid: 1 });
        process.stderr.write(`${b.name} round ${round}: ${conns} conns ${Math.round(r.qps)} qps, ${r.errors} errors\n`);
        rows.push([b.name, round, conns, Math.round(r.qps), r.errors]);
      }
    } finally {
      await dns.process.stop();
      rmSync(sys.dir, { recursive: true, force: true });
    }
  }
}
console.log(`${machineLine()}\n${values.seconds} s per level, --role dns on SQLite${values.ini ? `, this build with ${values.ini}` : ''}\n\n${markdownTable(['build', 'round', 'connections', 'GetRoute/s', 'errors'], rows)}`);
