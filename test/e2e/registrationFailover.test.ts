/**
 * A DNS replica killed (-9) under 1,000 registrations, on real processes and
 * a MariaDB database of its own: ten simulated agents (bench/registration's
 * SimAgent, speaking RegisterRequest on the DNS port as the real registrar
 * does) hold 100 instances each on replica A; when A dies they reconnect to
 * replica B and re-send their whole table at once. A subscriber on B records
 * every push frame: every instance must stay served through the kill, the
 * reconnect and well past a ttl, i.e. no frame ever drops one.
 *
 * What it catches: B treating a re-sent registration of a lease that A wrote
 * as a fresh one (delete + insert, or a RouteVersion bump that pushes a list
 * without it); B not renewing leases whose `replica` column names A (they
 * would lapse and expire a ttl later); expiry on B sweeping A's leases in the
 * window between A's death and the re-send; the protect logic mistaking a
 * fail-over for a host going down.
 */
import t from 'tap';
import { SimAgent, type SimInstance } from '../../bench/registration/simAgent.js';
import { PushRecorder } from '../../bench/registration/pushRecorder.js';
import { withTestDatabase } from '../helpers/mysqlTestDb.js';
import { RoleProcess } from '../helpers/roleProcess.js';
import { runLars } from '../helpers/runLars.js';
import { scrape } from './fixtures/metrics.js';

const TTL_MS = 2000;
const AGENTS = 10;
const PER_AGENT = 100;
const KEYS = 10;

const dnsIni = '[admin]\nadmin_port = 0\n[dns]\nport = 0\npoll_interval = 0.2\n[register]\nrenew_interval = 0.2\nsweep_interval = 0.2\n';

t.test('a DNS replica killed under 1,000 registrations: no instance ever leaves the survivor\'s subscriber', async (t) => {
  const db = await withTestDatabase(t);
  if (!db) return;
  t.equal((await runLars(['db', 'init', '--store', db.url])).code, 0, 'db init');
  const start = async (): Promise<{ p: RoleProcess; port: number; admin: number }> => {
    const p = RoleProcess.start(t, 'dns', { 'dns.ini': dnsIni }, ['--store', db.url]);
    const port = Number((await p.waitFor(/serving routes version -?\d+ on 127\.0\.0\.1:(\d+)/, 30_000))[1]);
    return { p, port, admin: await p.adminPort() };
  };
  const [a, b] = await Promise.all([start(), start()]);

  const keys = Array.from({ length: KEYS }, (_, k) => ({ modid: 500 + k, cmdid: 1 }));
  const view = await PushRecorder.open(b.port);
  t.teardown(() => view.close());
  await view.subscribe(keys);

  const agents: SimAgent[] = [];
  for (let n = 0; n < AGENTS; n++) {
    const instances: SimInstance[] = Array.from({ length: PER_AGENT }, (_, j) => ({
      ...(keys[j % KEYS] as { modid: number; cmdid: number }),
      ip: (10 << 24) | (n << 8) | (j + 1),
      port: 8000,
      ttlMs: TTL_MS,
    }));
    agents.push(new SimAgent({ owner: `agent sim-${n}`, dnsPorts: [a.port, b.port], renewIntervalMs: 400, instances }));
  }
  t.teardown(() => agents.forEach((g) => g.kill()));
  await Promise.all(agents.map((g) => g.start()));
  t.equal(agents.reduce((s, g) => s + g.answersFailed, 0), 0, 'replica A took every registration');
  await view.until('all 1,000 served by replica B (through the store)', () => view.total() === AGENTS * PER_AGENT, 15_000);
  t.same(view.drops, [], 'nothing dropped while registering');

  const resent = Promise.all(agents.map((g) => g.resent()));
  const framesBefore = view.frames;
  a.p.child.kill('SIGKILL');
  await resent;
  t.ok(agents.every((g) => g.connects === 2), 'every agent reconnected once, to replica B');
  // Watch for longer than a ttl plus sweeps after the re-send: any lease B
  // failed to take over would have lapsed and been expired by now.
  // (A window of observation, not a wait for an event: the recorder sees every frame meanwhile.)
  const m0 = await scrape(b.admin);
  await new Promise((r) => setTimeout(r, TTL_MS * 2));
  const m1 = await scrape(b.admin);
  t.ok(m1.counter(/route-watcher/, 'sweeps') > m0.counter(/route-watcher/, 'sweeps'), 'B swept meanwhile');
  t.equal(m1.counter(/route-watcher/, 'expired'), 0, 'B expired nothing');
  t.equal(m1.gauge(/route-watcher/, 'expiry_paused'), 0, 'not held up by paused expiry: B renews them');
  t.same(view.drops, [], `no push frame from B dropped any instance (${view.frames - framesBefore} frames after the kill)`);
  t.equal(view.total(), AGENTS * PER_AGENT, 'all 1,000 still served');
  t.equal(agents.reduce((s, g) => s + g.answersFailed, 0), 0, 'replica B took every re-sent registration');
  const leases = (await db.pool.query('SELECT COUNT(*) AS n FROM RouteLease')) as unknown as Array<Array<{ n: number }>>;
  t.equal(Number(leases[0]?.[0]?.n), AGENTS * PER_AGENT, '1,000 leases in the store');
  const fresh = (await db.pool.query('SELECT COUNT(*) AS n FROM RouteLease WHERE lease_until_ms > UNIX_TIMESTAMP(NOW(3)) * 1000 + ?', [TTL_MS / 3])) as unknown as Array<Array<{ n: number }>>;
  t.equal(Number(fresh[0]?.[0]?.n), AGENTS * PER_AGENT, 'every lease renewed by B since (none late)');
});
