/**
 * A partition of every agent from DNS, on a real dns process and a MariaDB
 * database of its own: four simulated agents (bench/registration's SimAgent)
 * hold 25 instances each, then all stop renewing at once with their sockets
 * open (what a network partition looks like from DNS: silence). Expiry must
 * pause (expiry_paused in /metrics, the reason in /healthz), nothing may be
 * removed from a subscriber even after every lease lapsed, and once the
 * renewals come back expiry works again: one agent then going quiet alone is
 * a host down, and its instances are expired.
 *
 * What it catches: a protect check that counts lapsed rather than late
 * leases (the first leases of a partition expire before the share is
 * reached: drops seen here), one that never pauses, one that never resumes
 * (the lone quiet agent would stay served), and /metrics or /healthz not
 * saying so.
 */
import t from 'tap';
import { SimAgent, type SimInstance } from '../../bench/registration/simAgent.js';
import { PushRecorder } from '../../bench/registration/pushRecorder.js';
import { withTestDatabase } from '../helpers/mysqlTestDb.js';
import { RoleProcess } from '../helpers/roleProcess.js';
import { runLars } from '../helpers/runLars.js';
import { healthStatus, scrape, until } from './fixtures/metrics.js';

// A lease is late with a third of its ttl left (store/lease/expiryDecision.ts): at 1.5 s that was 1 s without a
// renewal, which a loaded 2-core machine reached while renewals flowed every 250 ms (the test process, the DNS
// and MariaDB each stalled in turn) and expiry paused before the partition. 3 s: late only after 2 s of silence.
const TTL_MS = 3000;
const AGENTS = 4;
const PER_AGENT = 25;

t.test('all agents partitioned from DNS: expiry pauses, nothing is removed, it resumes after', async (t) => {
  const db = await withTestDatabase(t);
  if (!db) return;
  t.equal((await runLars(['db', 'init', '--store', db.url])).code, 0, 'db init');
  const dns = RoleProcess.start(t, 'dns', { 'dns.ini': '[admin]\nadmin_port = 0\n[dns]\nport = 0\npoll_interval = 0.2\n[register]\nrenew_interval = 0.1\nsweep_interval = 0.1\n' }, ['--store', db.url]);
  const port = Number((await dns.waitFor(/serving routes version -?\d+ on 127\.0\.0\.1:(\d+)/, 30_000))[1]);
  const admin = await dns.adminPort();
  const paused = async (): Promise<number> => (await scrape(admin)).gauge(/route-watcher/, 'expiry_paused');

  const key = { modid: 600, cmdid: 1 };
  const view = await PushRecorder.open(port);
  t.teardown(() => view.close());
  await view.subscribe([key]);
  const agents = Array.from({ length: AGENTS }, (_, n) => {
    const instances: SimInstance[] = Array.from({ length: PER_AGENT }, (_, j) => ({ ...key, ip: (10 << 24) | (n << 8) | (j + 1), port: 80, ttlMs: TTL_MS }));
    return new SimAgent({ owner: `agent part-${n}`, dnsPorts: [port], renewIntervalMs: 250, instances });
  });
  t.teardown(() => agents.forEach((g) => g.kill()));
  await Promise.all(agents.map((g) => g.start()));
  await view.until('all 100 served', () => view.total() === AGENTS * PER_AGENT, 10_000);
  t.equal(await paused(), 0, 'expiry not paused while renewals flow');

  // The partition: every agent goes silent at once.
  agents.forEach((g) => g.pause());
  await until('expiry_paused in /metrics', paused, (v) => v === 1, TTL_MS * 3);
  const health = await healthStatus(admin);
  t.match(health.body, /lease expiry paused: \d+ of 100 leases \(\d+ owners\)/, '/healthz detail says why');
  t.equal(health.status, 200, 'a warning, not a failed health check');
  t.ok(dns.output.includes('lease expiry paused'), 'said in the log');
  // Past every lease's deadline, several sweeps over.
  const lapsedBy = Date.now() + TTL_MS + 500;
  await new Promise((r) => setTimeout(r, lapsedBy - Date.now()));
  const m = await scrape(admin);
  t.ok(m.counter(/route-watcher/, 'expiry_paused_sweeps') > 0, 'sweeps ran, paused');
  t.equal(m.counter(/route-watcher/, 'expired'), 0, 'nothing expired');
  t.same(view.drops, [], 'no push frame dropped an instance');
  t.equal(view.total(), AGENTS * PER_AGENT, 'all 100 still served with every lease lapsed');

  // The partition heals: renewals resume, and so does expiry.
  agents.forEach((g) => g.resume());
  await until('expiry resumed', paused, (v) => v === 0, TTL_MS * 3);
  t.notMatch((await healthStatus(admin)).body, /expiry paused/, '/healthz no longer says so');
  t.same(view.drops, [], 'still nothing dropped');

  // One agent going quiet alone is a host down: its 25 are expired, the rest stay.
  const quietAt = Date.now();
  agents[0]?.pause();
  const mine = (h: string): boolean => ((Number(h.split(':')[0]) >>> 8) & 255) === 0;
  await view.until('the quiet agent\'s instances expired', () => view.total() === (AGENTS - 1) * PER_AGENT, TTL_MS + 3000);
  t.comment(`one agent quiet -> its instances gone from the subscriber in ${Date.now() - quietAt} ms (ttl ${TTL_MS} ms)`);
  t.ok(view.drops.every((d) => mine(d.host)), 'only the quiet agent\'s instances were dropped');
  t.equal(view.drops.length, PER_AGENT, 'all 25 of them');
  t.equal(await paused(), 0, 'expiry was not paused for it');
});
