/** The console and registrations: each host's source, lease and check; Disable/Enable (drain) through the API. Run on both backends. */
import type { Test } from 'tap';
import { ipv4ToUint32 } from '../../../../runtime/net/ipv4.js';
import type { LeaseInstance } from '../../../../store/leaseStore.js';
import { consoleOver, type FreshUrl } from '../fixtures/consoleFixture.js';
import { call, type Answer } from '../fixtures/http.js';

const instance = (ip: string, port: number, over: Partial<LeaseInstance> = {}): LeaseInstance => ({
  modid: 1,
  cmdid: 1,
  ip: ipv4ToUint32(ip),
  port,
  weight: 1,
  ttlMs: 10_000,
  passing: true,
  detail: '',
  ...over,
});

interface HostJson {
  ip: string;
  port: number;
  source: string;
  owner: string | null;
  leaseRemainingMs: number | null;
  check: { passing: boolean; detail: string } | null;
  enabled: boolean;
  drained: { atMs: number; who: string } | null;
  served: boolean;
}

async function hostsOf(url: string, key = '1/1'): Promise<Map<string, HostJson>> {
  const a = await call(url, 'GET', `/api/keys/${key}`);
  return new Map((a.json.hosts as HostJson[]).map((h) => [`${h.ip}:${h.port}`, h]));
}

export function registrationSuite(t: Test, fresh: FreshUrl): void {
  t.test('registered hosts show their owner, lease and check; a failing one is listed but not served', async (t) => {
    const url = await fresh(t);
    if (!url) return;
    const c = await consoleOver(t, url);
    await c.store.applyLeases('dns-a', [
      { type: 'register', owner: 'agent web-1', instance: instance('10.0.0.5', 80, { detail: 'tcp://127.0.0.1:80' }) },
      { type: 'register', owner: 'client web-2:42', instance: instance('10.0.0.6', 80, { passing: false, detail: 'connect ECONNREFUSED 127.0.0.1:81' }) },
      { type: 'register', owner: 'agent web-1', instance: instance('10.0.0.1', 8001) },
    ]);
    await c.service.pollOnce();
    const hosts = await hostsOf(c.url);
    t.match(hosts.get('10.0.0.2:8002'), { source: 'static', owner: null, leaseRemainingMs: null, check: null, enabled: true, served: true });
    t.match(hosts.get('10.0.0.1:8001'), { source: 'static', owner: 'agent web-1', check: null, served: true }, 'a static host that registered stays static');
    t.match(hosts.get('10.0.0.5:80'), { source: 'registered', owner: 'agent web-1', check: { passing: true, detail: 'tcp://127.0.0.1:80' }, enabled: true, served: true });
    t.match(hosts.get('10.0.0.6:80'), { source: 'registered', owner: 'client web-2:42', check: { passing: false, detail: 'connect ECONNREFUSED 127.0.0.1:81' }, served: false });
    const left = hosts.get('10.0.0.5:80')?.leaseRemainingMs ?? -1;
    t.ok(left > 0 && left <= 10_000, `lease remaining ${left} ms of 10000`);
    const keys = await call(c.url, 'GET', '/api/keys?hosts=none');
    t.match(keys.json.keys[0], { modid: 1, cmdid: 1, hostCount: 3, outOfService: 1 });
  });

  t.test('Disable and Enable: a drain in the store (RouteDrain, who), a route edit, shown at once; refusals', async (t) => {
    const url = await fresh(t);
    if (!url) return;
    const c = await consoleOver(t, url);
    await c.store.applyLeases('dns-a', [{ type: 'register', owner: 'agent web-1', instance: instance('10.0.0.5', 80) }]);
    await c.service.pollOnce();
    const before = await c.store.getVersion();
    const post = (path: string, headers: Record<string, string> = {}): Promise<Answer> => call(c.url, 'POST', `/api/keys/1/1/hosts/${path}`, { headers });

    const off = await post('10.0.0.1/8001/disable');
    t.equal(off.status, 200);
    t.same(off.json, { status: 'drained', modid: 1, cmdid: 1, ip: '10.0.0.1', port: 8001, version: before + 1 });
    let hosts = await hostsOf(c.url);
    t.match(hosts.get('10.0.0.1:8001'), { source: 'static', enabled: false, served: false, drained: { who: 'console 127.0.0.1' } }, 'shown without waiting for a poll');
    const state = (await c.store.listHostStates({ modid: 1, cmdid: 1 })).find((h) => h.port === 8001);
    t.match(state, { drained: { who: 'console 127.0.0.1' }, served: false }, 'in the store');
    t.match((await post('10.0.0.1/8001/disable')).json, { status: 'already', version: before + 1 });

    t.match((await post('10.0.0.5/80/disable')).json, { status: 'drained', version: before + 2 }, 'a registered host drains too');
    hosts = await hostsOf(c.url);
    t.match(hosts.get('10.0.0.5:80'), { source: 'registered', enabled: false, served: false });
    t.match((await call(c.url, 'GET', '/api/keys?hosts=none')).json.keys[0], { hostCount: 1, outOfService: 2 });

    t.match((await post('10.0.0.1/8001/enable')).json, { status: 'enabled', version: before + 3 });
    t.match((await post('10.0.0.1/8001/enable')).json, { status: 'notDrained', version: before + 3 });
    t.match((await hostsOf(c.url)).get('10.0.0.1:8001'), { enabled: true, served: true, drained: null });

    const unknown = await post('10.9.9.9/1/disable');
    t.equal(unknown.status, 404);
    t.match(unknown.json.error, /10\.9\.9\.9:1 is not in route 1\/1/);
    t.equal((await call(c.url, 'GET', '/api/keys/1/1/hosts/10.0.0.1/8001/disable')).status, 405, 'only POST');
    t.equal((await post('10.0.0.1/8001/pause')).status, 404, 'only disable and enable');
    t.equal((await post('10.0.0.1/8001/disable', { 'sec-fetch-site': 'cross-site' })).status, 403, 'not from another site');
    t.equal(await c.store.getVersion(), before + 3, 'refusals wrote nothing');
  });

  t.test('Disable needs the token when one is set', async (t) => {
    const url = await fresh(t);
    if (!url) return;
    const c = await consoleOver(t, url, { token: 's3cret' });
    t.equal((await call(c.url, 'POST', '/api/keys/1/1/hosts/10.0.0.1/8001/disable')).status, 401);
    t.equal((await call(c.url, 'POST', '/api/keys/1/1/hosts/10.0.0.1/8001/disable', { headers: { authorization: 'Bearer s3cret' } })).status, 200);
  });
}
