/**
 * Registration through the dns role run as real processes (dns-server and
 * route-watcher on their threads) over SQLite and MariaDB, agents as raw
 * TCP clients: a deregistration reaches this replica's subscribers with
 * poll_interval far away (so it was published right after its commit),
 * another replica's within its poll_interval, a lease nobody renews lapses,
 * and /metrics counts it all.
 */
import t, { type Test } from 'tap';
import { join } from 'node:path';
import { lars } from '../../../proto/generated/lars.js';
import { withTestDatabase } from '../../helpers/mysqlTestDb.js';
import { RoleProcess } from '../../helpers/roleProcess.js';
import { runLars } from '../../helpers/runLars.js';
import { RegisterClient, RouteSubscriber } from '../../helpers/registerClient.js';
import { Metrics } from '../../e2e/fixtures/metrics.js';

const RET = lars.LarsRetCode;

function dnsIni(pollInterval: number, register = ''): string {
  return `[admin]\nadmin_port = 0\n[dns]\nport = 0\npoll_interval = ${pollInterval}\n[register]\nsweep_interval = 0.1\n${register}`;
}

async function startDns(t: Test, store: string, ini: string): Promise<{ dns: RoleProcess; port: number }> {
  const dns = RoleProcess.start(t, 'dns', { 'dns.ini': ini }, ['--store', store]);
  const port = Number((await dns.waitFor(/serving routes version -?\d+ on 127\.0\.0\.1:(\d+)/))[1]);
  return { dns, port };
}

async function metric(dns: RoleProcess, actor: string, kind: 'counter' | 'gauge', name: string): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${await dns.adminPort()}/metrics`)).text();
  const m = new Metrics(text);
  return kind === 'counter' ? m.counter(new RegExp(`^${actor}$`), name) : m.gauge(new RegExp(`^${actor}$`), name);
}

function roleSuite(t: Test, storeFor: (t: Test) => Promise<string | undefined>): void {
  t.test('two replicas: pushed at once by the taking one, within poll_interval by the other; lapsed leases go; the token is required', async (t) => {
    const store = await storeFor(t);
    if (!store) return;
    // A polls once an hour: whatever its subscriber gets came from A's own edits. B follows the store every 50 ms.
    const [a, b] = await Promise.all([startDns(t, store, dnsIni(3600, 'token = sekrit\n')), startDns(t, store, dnsIni(0.05, 'token = sekrit\n'))]);
    const subA = await RouteSubscriber.open(a.port);
    const subB = await RouteSubscriber.open(b.port);
    t.teardown(() => (subA.close(), subB.close()));
    t.same(await subA.ask(), []);
    t.same(await subB.ask(), []);
    const agent = await RegisterClient.open(a.port, 'agent h1', 'sekrit');
    t.teardown(() => agent.close());
    t.same((await agent.register([{ ip: '10.0.0.9', port: 80 }], { token: '' })).retcode, RET.RET_REFUSED, 'no token: refused');
    t.equal(await metric(a.dns, 'dns-server', 'counter', 'register_refused_token'), 1, 'counted');

    const kept = { ip: '10.0.0.1', port: 80, ttlMs: 600_000 };
    const leaving = { ip: '10.0.0.2', port: 80, ttlMs: 600_000 };
    t.same((await agent.register([kept, leaving])).retcode, RET.RET_SUCC);
    t.same(await subA.next(), [['10.0.0.1', 80], ['10.0.0.2', 80]], 'pushed by the replica that took it');
    t.same(await subB.next(), [['10.0.0.1', 80], ['10.0.0.2', 80]], 'pushed by the other replica after its poll');
    t.same((await agent.deregister([leaving])).retcode, RET.RET_SUCC);
    t.same(await subA.next(), [['10.0.0.1', 80]], 'deregistration pushed without a poll');
    t.same(await subB.next(), [['10.0.0.1', 80]]);

    t.same((await agent.register([kept, { ip: '10.0.0.3', port: 80, ttlMs: 1000 }])).retcode, RET.RET_SUCC);
    t.same(await subB.next(), [['10.0.0.1', 80], ['10.0.0.3', 80]]);
    t.same(await subB.next(), [['10.0.0.1', 80]], 'gone once its 1 s ttl ran out (either replica sweeps every 0.1 s)');
    t.equal(await metric(a.dns, 'dns-server', 'counter', 'instances_registered'), 3);
    t.equal(await metric(a.dns, 'route-watcher', 'counter', 'deregistrations_written'), 1);
    t.equal((await metric(a.dns, 'route-watcher', 'counter', 'expired')) + (await metric(b.dns, 'route-watcher', 'counter', 'expired')), 1, 'expired once, by one of them');
    t.equal(await metric(a.dns, 'route-watcher', 'gauge', 'expiry_paused'), 0);
  });

  t.test('renewals stop for everyone: expiry pauses (log, /healthz 200 with the warning, /metrics), nothing removed; they return: it resumes', async (t) => {
    const store = await storeFor(t);
    if (!store) return;
    const { dns, port } = await startDns(t, store, dnsIni(0.05));
    const admin = await dns.adminPort();
    const agents = await Promise.all(['agent h1', 'agent h2'].map((owner) => RegisterClient.open(port, owner)));
    t.teardown(() => agents.forEach((a) => a.close()));
    const mine = (i: number): Array<{ ip: string; port: number; ttlMs: number }> => [1, 2].map((n) => ({ ip: `10.0.${i}.${n}`, port: 80, ttlMs: 2000 }));
    for (const [i, a] of agents.entries()) t.equal((await a.register(mine(i))).retcode, RET.RET_SUCC);
    // Nobody renews: the agents are cut off, as far as DNS can tell.
    await dns.waitFor(/lease expiry paused: 4 of 4 leases \(2 owners\) missed their renewals/);
    const health = await fetch(`http://127.0.0.1:${admin}/healthz`);
    t.equal(health.status, 200, 'pausing is not a failure');
    t.match(await health.json(), { status: 'ok', warnings: [{ role: 'dns', actor: 'route-watcher', warning: /lease expiry paused/ }] });
    t.equal(await metric(dns, 'route-watcher', 'gauge', 'expiry_paused'), 1);
    const sub = await RouteSubscriber.open(port);
    t.teardown(() => sub.close());
    t.same(await sub.ask(), [['10.0.0.1', 80], ['10.0.0.2', 80], ['10.0.1.1', 80], ['10.0.1.2', 80]], 'lapsed, but not removed');
    for (const [i, a] of agents.entries()) await a.register(mine(i));
    await dns.waitFor(/lease expiry resumed/);
    t.equal(await metric(dns, 'route-watcher', 'gauge', 'expiry_paused'), 0);
    t.equal(((await (await fetch(`http://127.0.0.1:${admin}/healthz`)).json()) as { warnings?: unknown }).warnings, undefined, 'the warning is gone');
    t.equal(await metric(dns, 'route-watcher', 'counter', 'expired'), 0, 'nothing expired across it');
    t.equal((dns.output.match(/lease expiry paused/g) ?? []).length, 1, 'the pause was logged once');
  });
}

t.test('SQLite', (t) => {
  roleSuite(t, async (t) => {
    const url = `sqlite:${join(t.testdir(), 'lars.db')}`;
    t.equal((await runLars(['db', 'init', '--store', url])).code, 0);
    return url;
  });
  t.end();
});

t.test('MariaDB', (t) => {
  roleSuite(t, async (t) => {
    const db = await withTestDatabase(t);
    if (!db) return undefined;
    t.equal((await runLars(['db', 'init', '--store', db.url])).code, 0);
    return db.url;
  });
  t.end();
});
