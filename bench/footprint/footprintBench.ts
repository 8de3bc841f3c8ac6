/**
 * Issue 23's footprint figures: for a bare `node`, each role alone and
 * `--role all` (SQLite, demo routes, as `npm start` runs them), the time to
 * the `started` line and, `--idle-ms` after it, RSS and threads (from
 * /proc/PID/status). `--against DIR` also runs another checkout's build
 * (DIR/dist/supervisor.js), alternating with this one `--rounds` times.
 *
 *   node dist/bench/footprint/footprintBench.js [--roles agent,dns,reporter,all] [--idle-ms 20000]
 *        [--rounds 1] [--against /path/to/other/checkout] [--record] [--json]
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { machineLine, markdownTable, recordResults } from '../benchResults.js';
import { measureRole, type FootprintRole, type RoleFootprint } from './roleFootprint.js';

const { values } = parseArgs({
  options: {
    roles: { type: 'string', default: 'node,agent,dns,reporter,all' },
    'idle-ms': { type: 'string', default: '20000' },
    rounds: { type: 'string', default: '1' },
    against: { type: 'string' },
    record: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  },
});

const ROLES = values.roles.split(',').map((r) => r.trim()) as FootprintRole[];
const IDLE_MS = Number(values['idle-ms']);
const ROUNDS = Number(values.rounds);
const builds: Array<{ name: string; supervisorJs: string }> = [{ name: 'this', supervisorJs: fileURLToPath(new URL('../../supervisor.js', import.meta.url)) }];
if (values.against !== undefined) builds.push({ name: 'against', supervisorJs: join(values.against, 'dist', 'supervisor.js') });

const results: Array<RoleFootprint & { build: string; round: number }> = [];
for (let round = 1; round <= ROUNDS; round++) {
  for (const role of ROLES) {
    for (const b of role === 'node' ? builds.slice(0, 1) : builds) {
      const r = await measureRole(role, b.supervisorJs, IDLE_MS);
      process.stderr.write(`${b.name} ${role}: ${r.rssMiB.toFixed(0)} MiB, ${r.threads} threads, banner ${r.toBannerMs.toFixed(0)} ms\n`);
      results.push({ ...r, build: role === 'node' ? '—' : b.name, round });
    }
  }
}

if (values.json) {
  console.log(JSON.stringify({ idleMs: IDLE_MS, results }));
} else {
  const table = markdownTable(
    ['process', 'build', 'round', 'RSS (MiB)', 'threads', 'to banner (ms)'],
    results.map((r) => [r.role === 'node' ? 'bare `node`' : `--role ${r.role}`, r.build, r.round, r.rssMiB.toFixed(0), r.threads, r.toBannerMs.toFixed(0)]),
  );
  console.log(`${machineLine()}\nidle ${IDLE_MS} ms after the started line\n\n${table}`);
  if (values.record) recordResults('Footprint (bench/footprint)', `Idle ${IDLE_MS / 1000} s after the started line, SQLite with the demo routes.${values.against === undefined ? '' : ` \`against\`: ${values.against}.`}\n\n${table}`);
}
