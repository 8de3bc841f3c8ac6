/**
 * POST /-/reload takes `[admin] token` as a Bearer header; without a token it
 * is refused whenever the admin server binds a non-loopback address.
 */
import t from 'tap';
import { startAdminServer, type AdminHandlers } from '../../../runtime/admin/adminServer.js';

function handlers(calls: { n: number }): AdminHandlers {
  return {
    metrics: async () => ({ contentType: 'text/plain', text: 'x 1\n' }),
    health: () => ({ healthy: true, body: { status: 'ok' } }),
    reload: async () => {
      calls.n++;
      return { healthy: true, body: { reloaded: true } };
    },
  };
}

const reload = (url: string, headers: Record<string, string> = {}, body?: string): Promise<Response> =>
  fetch(`${url}/-/reload`, { method: 'POST', headers, ...(body !== undefined ? { body } : {}) });

t.test('non-loopback bind without a token: reload refused (403), scraping still works', async (t) => {
  const calls = { n: 0 };
  const admin = await startAdminServer('0.0.0.0', 0, handlers(calls));
  t.teardown(() => admin.close());
  const url = `http://127.0.0.1:${admin.port}`;
  const res = await reload(url);
  t.equal(res.status, 403);
  t.match((await res.json()) as object, { error: /set \[admin\] token/ });
  t.equal((await reload(url, { authorization: 'Bearer anything' })).status, 403);
  t.equal(calls.n, 0);
  t.equal(admin.counts().reloadRefused, 2);
  t.equal((await fetch(`${url}/metrics`)).status, 200);
});

t.test('with a token: only the right Bearer header reloads; a token in the URL does not', async (t) => {
  const calls = { n: 0 };
  const admin = await startAdminServer('0.0.0.0', 0, handlers(calls), { token: 's3cret' });
  t.teardown(() => admin.close());
  const url = `http://127.0.0.1:${admin.port}`;
  t.equal((await reload(url)).status, 401);
  t.equal((await reload(url, { authorization: 'Bearer wrong!' })).status, 401);
  t.equal((await reload(url, { authorization: 's3cret' })).status, 401);
  t.equal((await fetch(`${url}/-/reload?token=s3cret`, { method: 'POST' })).status, 401);
  t.equal(calls.n, 0);
  const ok = await reload(url, { authorization: 'Bearer s3cret' });
  t.equal(ok.status, 200);
  t.same(await ok.json(), { reloaded: true });
  t.equal(calls.n, 1);
  t.equal(admin.counts().reloadRefused, 4);
});

t.test('a token is required on loopback too once set; loopback without one reloads', async (t) => {
  const calls = { n: 0 };
  const open = await startAdminServer('127.0.0.1', 0, handlers(calls));
  t.teardown(() => open.close());
  t.equal((await reload(open.url)).status, 200);
  const locked = await startAdminServer('127.0.0.1', 0, handlers(calls), { token: 'tok' });
  t.teardown(() => locked.close());
  t.equal((await reload(locked.url)).status, 401);
  t.equal((await reload(locked.url, { authorization: 'Bearer tok' })).status, 200);
  t.equal(calls.n, 2);
});

t.test('a 10 MB reload body is refused (413) before the handler runs', async (t) => {
  const calls = { n: 0 };
  const admin = await startAdminServer('127.0.0.1', 0, handlers(calls));
  t.teardown(() => admin.close());
  const res = await reload(admin.url, {}, 'x'.repeat(10 * 1024 * 1024)).catch((err: unknown) => err);
  if (res instanceof Response) t.equal(res.status, 413);
  t.equal(calls.n, 0);
  t.equal(admin.counts().bodyTooLarge, 1);
  // Bad methods and paths still answer plainly.
  t.equal((await fetch(`${admin.url}/metrics`, { method: 'DELETE' })).status, 405);
  t.equal((await fetch(`${admin.url}/nope/../etc`)).status, 404);
});
