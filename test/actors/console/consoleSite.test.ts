/**
 * The console keeps the admin servers' site rules (runtime/admin/requestSite.ts)
 * on every page, asset and API path, for every method, with or without a
 * token: a foreign Host and another site's requests get 403 with one line of
 * JSON, counted, and change nothing; the console's own origin and plain
 * clients are served; edits take the token.
 */
import t from 'tap';
import { join } from 'node:path';
import { checkSiteRules, send } from '../../helpers/siteRules.js';
import { consoleOver } from './fixtures/consoleFixture.js';

const PATHS = [
  '/', '/roles', '/key/1/1', '/assets/console.js', '/nope',
  '/api/keys', '/api/keys?hosts=none', '/api/roles', '/api/keys/1/1', '/api/keys/1/1/history',
  '/api/keys/1/1/hosts', '/api/keys/1/1/hosts/10.0.0.1/8001',
];
const TOKEN = { authorization: 'Bearer s3cret' };

for (const withToken of [false, true]) {
  t.test(`${withToken ? 'with' : 'without'} a token: every method and path refuses a foreign Host and other sites`, async (t) => {
    const c = await consoleOver(t, `sqlite:${join(t.testdir(), 'lars.db')}`, withToken ? { token: 's3cret' } : {});
    const port = Number(new URL(c.url).port);
    const refused = await checkSiteRules(t, {
      port,
      paths: PATHS,
      ...(withToken ? { headers: TOKEN } : {}),
      // An edit allowed by the rules would change the route: those run once, below.
      skip: (method, path) => path.startsWith('/api/keys/1/1/hosts') && method !== 'GET' && method !== 'HEAD' && method !== 'OPTIONS' && method !== 'PUT',
    });
    for (const [method, path] of [['POST', '/api/keys/1/1/hosts'], ['PATCH', '/api/keys/1/1/hosts/10.0.0.1/8001'], ['DELETE', '/api/keys/1/1/hosts/10.0.0.1/8001']] as const) {
      const pages: Array<Record<string, string>> = [{ host: 'evil.example' }, { origin: 'http://evil.example' }, { 'sec-fetch-site': 'cross-site' }];
      for (const headers of pages) {
        const r = await send(port, method, path, { ...TOKEN, 'content-type': 'application/json', ...headers }, '{"ip":"10.0.0.9","port":80,"weight":5}');
        t.equal(r.status, 403, `${method} ${path} ${JSON.stringify(headers)}`);
        t.match(JSON.parse(r.body) as object, { error: String, code: 'host' in headers ? 'BAD_HOST' : 'CROSS_SITE' }, 'one line of JSON');
        if ('host' in headers) refused.badHost++;
        else refused.crossSite++;
      }
    }
    t.equal(await c.store.getVersion(), 3, 'no edit went through');
    const m = c.service.metricCounters();
    t.same({ badHost: m['http_badHost'], crossSite: m['http_crossSite'] }, refused, 'every refusal counted');
    const add = await send(port, 'POST', '/api/keys/1/1/hosts', { ...(withToken ? TOKEN : {}), 'content-type': 'application/json' }, '{"ip":"10.0.0.9","port":80}');
    t.equal(add.status, 201, 'the same edit from a plain client goes through');
  });
}

t.test('edits take the token when one is set: 401 without it or with a wrong one', async (t) => {
  const c = await consoleOver(t, `sqlite:${join(t.testdir(), 'lars.db')}`, { token: 's3cret' });
  const port = Number(new URL(c.url).port);
  const json = { 'content-type': 'application/json' };
  const body = '{"ip":"10.0.0.9","port":80}';
  t.equal((await send(port, 'POST', '/api/keys/1/1/hosts', json, body)).status, 401);
  t.equal((await send(port, 'POST', '/api/keys/1/1/hosts', { ...json, authorization: 'Bearer s3cre' }, body)).status, 401);
  t.equal(await c.store.getVersion(), 3);
  t.equal((await send(port, 'POST', '/api/keys/1/1/hosts', { ...json, ...TOKEN }, body)).status, 201);
});
