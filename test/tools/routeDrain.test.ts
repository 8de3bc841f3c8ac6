/**
 * `lars route disable|enable` and the lease columns of `lars route list`, as
 * a user runs them (dist/tools/lars.js in a child process) on a store where
 * a registration was written the way a DNS replica writes it.
 */
import t, { type Test } from 'tap';
import { hostname, userInfo } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../../store/openStore.js';
import { ipv4ToUint32 } from '../../runtime/net/ipv4.js';
import { withTestDatabase } from '../helpers/mysqlTestDb.js';
import { runLars } from '../helpers/runLars.js';

const WHO = `cli ${userInfo().username}@${hostname()}`;
const hostFlags = (ip: string, port: number): string[] => ['--modid', '1', '--cmdid', '2', '--ip', ip, '--port', String(port)];

interface Listed {
  ip: string;
  source: string;
  owner: string | null;
  leaseRemainingMs: number | null;
  check: { passing: boolean; detail: string } | null;
  enabled: boolean;
  drained: { who: string } | null;
  served: boolean;
}

async function drainAndList(t: Test, url: string): Promise<void> {
  t.equal((await runLars(['db', 'init', '--store', url])).code, 0);
  t.equal((await runLars(['route', 'add', ...hostFlags('10.0.0.1', 80), '--store', url])).code, 0);
  const store = await openStore(url);
  t.teardown(() => store.close());
  const lease = (ip: string, passing: boolean, detail: string) => ({
    type: 'register' as const,
    owner: 'agent web7',
    instance: { modid: 1, cmdid: 2, ip: ipv4ToUint32(ip), port: 8080, weight: 3, ttlMs: 60_000, passing, detail },
  });
  await store.applyLeases('dns test', [lease('10.0.0.2', true, ''), lease('10.0.0.3', false, 'connect ECONNREFUSED 10.0.0.3:8080')]);

  let r = await runLars(['route', 'disable', ...hostFlags('10.0.0.2', 8080), '--store', url]);
  t.equal(r.code, 0, r.stderr);
  t.match(r.stdout, new RegExp(`^disabled 10\\.0\\.0\\.2:8080 in route 1/2 as ${WHO.replace(/[.]/g, '\\.')}: not served until enabled \\(route version \\d+\\)\\n$`));
  r = await runLars(['route', 'disable', ...hostFlags('10.0.0.2', 8080), '--json', '--store', url]);
  t.match([r.code, JSON.parse(r.stdout)], [1, { status: 'already', ip: '10.0.0.2', port: 8080, who: WHO }], 'again: nothing changed, exit 1');
  r = await runLars(['route', 'disable', ...hostFlags('10.0.0.9', 80), '--store', url]);
  t.same([r.code, r.stderr], [1, 'lars: 10.0.0.9:80 is not in route 1/2 (neither static nor registered): nothing changed\n']);

  r = await runLars(['route', 'list', '--store', url]);
  t.equal(r.code, 0);
  const lines = r.stdout.trimEnd().split('\n');
  t.match(lines[0], /^MODID\s+CMDID\s+SERVICE\s+HOST\s+WEIGHT\s+ZONE\s+TAGS\s+SOURCE\s+LEASE\s+ENABLED\s+CHECK$/);
  t.match(lines[1], /^1\s+2\s+-\s+10\.0\.0\.1:80\s+1\s+-\s+-\s+static\s+-\s+yes\s+-$/, 'static host');
  t.match(lines[2], new RegExp(`^1\\s+2\\s+-\\s+10\\.0\\.0\\.2:8080\\s+3\\s+-\\s+-\\s+registered by agent web7\\s+\\d+\\.\\ds\\s+no \\(${WHO.replace(/[.]/g, '\\.')}\\)\\s+-$`), 'registered and drained');
  t.match(lines[3], /^1\s+2\s+-\s+10\.0\.0\.3:8080\s+3\s+-\s+-\s+registered by agent web7\s+\d+\.\ds\s+yes\s+failing: connect ECONNREFUSED 10\.0\.0\.3:8080$/, 'registered, failing its check');
  t.match(lines[4], /^3 hosts \(2 not served\), route version \d+$/);

  const json = JSON.parse((await runLars(['route', 'list', '--json', '--store', url])).stdout) as { hosts: Listed[] };
  const [, drained, failing] = json.hosts;
  t.match(drained, { ip: '10.0.0.2', source: 'registered', owner: 'agent web7', check: null, enabled: false, drained: { who: WHO }, served: false });
  // In ms, not s: at most the 60 s ttl, and more than a second left (the CLI runs above take seconds on a loaded machine).
  t.ok((drained?.leaseRemainingMs ?? 0) > 1_000 && (drained?.leaseRemainingMs ?? 0) <= 60_000, 'lease remaining in ms');
  t.match(failing, { ip: '10.0.0.3', enabled: true, drained: null, check: { passing: false, detail: /ECONNREFUSED/ }, served: false });

  r = await runLars(['route', 'enable', ...hostFlags('10.0.0.2', 8080), '--store', url]);
  t.match([r.code, r.stdout], [0, /^enabled 10\.0\.0\.2:8080 in route 1\/2 \(route version \d+\)\n$/]);
  r = await runLars(['route', 'enable', ...hostFlags('10.0.0.2', 8080), '--store', url]);
  t.same([r.code, r.stderr], [1, 'lars: 10.0.0.2:8080 in route 1/2 is not disabled: nothing changed\n']);
  const after = JSON.parse((await runLars(['route', 'list', '--modid', '1', '--json', '--store', url])).stdout) as { hosts: Listed[] };
  t.match(after.hosts[1], { ip: '10.0.0.2', enabled: true, served: true });
}

t.test('sqlite: disable, enable, list with sources, leases and checks', async (t) => {
  await drainAndList(t, `sqlite:${join(t.testdir(), 'lars.db')}`);
});

t.test('mysql: the same', async (t) => {
  const db = await withTestDatabase(t);
  if (!db) return;
  await drainAndList(t, db.url);
});
