/**
 * The admin server's site rules on a real socket: every method on every
 * path (/metrics, /healthz, /-/reload, a role route like the agent's /lb,
 * an unknown path) refuses a foreign Host and another site's requests with
 * 403, counted, before any handler runs; Prometheus, curl and our own origin
 * are served; names in allowed_hosts are served; a followed link still
 * opens a page; a mutation takes the token.
 */
import t from 'tap';
import { startAdminServer, type AdminHandlers } from '../../../runtime/admin/adminServer.js';
import { checkSiteRules, send } from '../../helpers/siteRules.js';

const PATHS = ['/metrics', '/healthz', '/-/reload', '/lb', '/lb?modid=1&cmdid=1', '/nope'];

function handlers(calls: Record<string, number>): AdminHandlers {
  const count = (name: string): void => void (calls[name] = (calls[name] ?? 0) + 1);
  return {
    metrics: async () => (count('metrics'), { contentType: 'text/plain; version=0.0.4', text: 'lars_up 1\n' }),
    health: () => (count('health'), { healthy: true, body: { status: 'ok' } }),
    reload: async () => (count('reload'), { healthy: true, body: { reloaded: true } }),
    routes: new Map([['/lb', async () => (count('lb'), { status: 200, body: { keys: [] } })]]),
  };
}

t.test('every method and path: foreign Host and other sites refused (403), counted, no handler run', async (t) => {
  const calls: Record<string, number> = {};
  const admin = await startAdminServer('127.0.0.1', 0, handlers(calls));
  t.teardown(() => admin.close());
  const refused = await checkSiteRules(t, { port: admin.port, paths: PATHS });
  const c = admin.counts();
  t.same({ badHost: c.badHost, crossSite: c.crossSite }, refused, `${refused.badHost} foreign-Host and ${refused.crossSite} cross-site requests counted`);
  // GET and HEAD, each plain and from our own origin; POST for reload: the refused requests ran nothing.
  t.same(calls, { metrics: 4, health: 4, lb: 8, reload: 2 }, 'handlers ran for the allowed requests only');
});

t.test("the issue's curl: POST /-/reload from a page of evil.example is refused and reloads nothing", async (t) => {
  const calls: Record<string, number> = {};
  const admin = await startAdminServer('127.0.0.1', 0, handlers(calls));
  t.teardown(() => admin.close());
  const r = await send(admin.port, 'POST', '/-/reload', { host: 'evil.example', origin: 'http://evil.example', 'sec-fetch-site': 'cross-site' });
  t.equal(r.status, 403);
  t.match(r.body, /^Host "evil.example" does not name this server/);
  t.equal(r.body.trimEnd().split('\n').length, 1, 'one line');
  t.same(calls, {});
  t.equal((await send(admin.port, 'GET', '/lb', { host: 'evil.example' })).status, 403, 'GET /lb with a foreign Host');
});

t.test('who is served: Prometheus (Host = the address it scrapes), localhost, the bound address, allowed names', async (t) => {
  const calls: Record<string, number> = {};
  const admin = await startAdminServer('127.0.0.1', 0, handlers(calls), { allowedHosts: ['lars-dns-1.internal', '10.9.8.7'] });
  t.teardown(() => admin.close());
  const p = admin.port;
  const get = (headers: Record<string, string>): Promise<number> => send(p, 'GET', '/metrics', headers).then((r) => r.status);
  t.equal(await get({ host: `127.0.0.1:${p}`, 'user-agent': 'Prometheus/2.53.0', accept: 'text/plain;version=0.0.4' }), 200, 'Prometheus');
  t.equal(await get({ host: `localhost:${p}` }), 200, 'localhost on loopback');
  t.equal(await get({ host: `127.0.0.1` }), 200, 'the address without a port');
  t.equal(await get({ host: `LARS-DNS-1.internal:${p}` }), 200, 'an allowed name, any case');
  t.equal(await get({ host: `10.9.8.7:${p}` }), 200, 'an allowed address (a NAT in front)');
  t.equal(await get({ host: `lars-dns-1.internal.evil.example` }), 403, 'a name that only starts like an allowed one');
  t.equal(await get({ host: `sub.localhost:${p}` }), 403, 'a name under localhost is not localhost');
  t.equal(await get({ host: `127.0.0.1:${p}`, origin: `http://localhost:${p}` }), 403, 'an Origin with another name than the Host');
  const navigate = { 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'navigate', 'sec-fetch-dest': 'document' };
  t.equal(await get(navigate), 200, 'a link followed from another site opens the page');
  t.equal((await send(p, 'POST', '/-/reload', navigate)).status, 403, 'a form posted from another site does not reload');
  t.equal((await send(p, 'GET', '/metrics', { ...navigate, 'sec-fetch-dest': 'iframe' })).status, 403, 'framed by another site: refused');
  t.equal(calls['reload'], undefined);
});

t.test('a request without Host (HTTP/1.0) is refused', async (t) => {
  const admin = await startAdminServer('127.0.0.1', 0, handlers({}));
  t.teardown(() => admin.close());
  const { connect } = await import('node:net');
  const answer = await new Promise<string>((resolve) => {
    let got = '';
    const s = connect(admin.port, '127.0.0.1', () => s.write('GET /metrics HTTP/1.0\r\n\r\n'));
    s.on('data', (d) => (got += d.toString()));
    s.on('close', () => resolve(got));
  });
  t.match(answer, /^HTTP\/1\.1 403 /);
  t.equal(admin.counts().badHost, 1);
});

t.test('0.0.0.0: the Host is the address the client dialled; reload needs a token', async (t) => {
  const calls: Record<string, number> = {};
  const open = await startAdminServer('0.0.0.0', 0, handlers(calls));
  t.teardown(() => open.close());
  t.equal((await send(open.port, 'GET', '/metrics')).status, 200, 'dialled 127.0.0.1, Host 127.0.0.1');
  t.equal((await send(open.port, 'GET', '/metrics', { host: 'evil.example' })).status, 403);
  const noToken = await send(open.port, 'POST', '/-/reload');
  t.equal(noToken.status, 403, 'not loopback-only and no token: refused');
  t.match(noToken.body, /set \[admin\] token/);
  const locked = await startAdminServer('0.0.0.0', 0, handlers(calls), { token: 's3cret' });
  t.teardown(() => locked.close());
  t.equal((await send(locked.port, 'POST', '/-/reload')).status, 401, 'token missing');
  t.equal((await send(locked.port, 'POST', '/-/reload', { authorization: 'Bearer s3cre' })).status, 401, 'token wrong');
  t.equal((await send(locked.port, 'POST', '/-/reload', { authorization: 'Bearer s3cret', host: 'evil.example' })).status, 403, 'the right token from a foreign Host');
  t.equal((await send(locked.port, 'POST', '/-/reload', { authorization: 'Bearer s3cret' })).status, 200, 'the right token');
  t.equal(calls['reload'], 1);
});
