import t from 'tap';
import { startAdminServer, type HealthReport } from '../../../runtime/admin/adminServer.js';

t.test('GET /metrics, /healthz 200 and 503, HEAD, 404, 405, POST /-/reload, failing handler', async (t) => {
  let health: HealthReport = { healthy: true, body: { status: 'ok' } };
  let metricsFail = false;
  const admin = await startAdminServer('127.0.0.1', 0, {
    metrics: async () => {
      if (metricsFail) throw new Error('scrape broke\nsecond line');
      return { contentType: 'text/plain; version=0.0.4', text: 'x 1\n' };
    },
    health: () => health,
    reload: async () => ({ healthy: true, body: { reloaded: true } }),
  });
  t.teardown(() => admin.close());
  t.match(admin.url, /^http:\/\/127\.0\.0\.1:\d+$/);

  const m = await fetch(`${admin.url}/metrics`);
  t.equal(m.status, 200);
  t.equal(m.headers.get('content-type'), 'text/plain; version=0.0.4');
  t.equal(await m.text(), 'x 1\n');

  t.same(await (await fetch(`${admin.url}/healthz`)).json(), { status: 'ok' });
  health = { healthy: false, body: { status: 'degraded', down: [{ role: 'dns', actor: 'dns-server', state: 'backoff' }] } };
  const h = await fetch(`${admin.url}/healthz?verbose=1`);
  t.equal(h.status, 503);
  t.same(await h.json(), health.body);

  const head = await fetch(`${admin.url}/healthz`, { method: 'HEAD' });
  t.equal(head.status, 503);
  t.equal(await head.text(), '');
  t.equal((await fetch(`${admin.url}/other`)).status, 404);
  const post = await fetch(`${admin.url}/metrics`, { method: 'POST' });
  t.equal(post.status, 405);
  t.equal(post.headers.get('allow'), 'GET, HEAD');
  const reload = await fetch(`${admin.url}/-/reload`, { method: 'POST' });
  t.same(await reload.json(), { reloaded: true });

  metricsFail = true;
  const broken = await fetch(`${admin.url}/metrics`);
  t.equal(broken.status, 500);
  t.equal(await broken.text(), 'scrape broke\n');
});

t.test('a taken port is a coded one-line error', async (t) => {
  const first = await startAdminServer('127.0.0.1', 0, { metrics: async () => ({ contentType: 'text/plain', text: '' }), health: () => ({ healthy: true, body: {} }) });
  t.teardown(() => first.close());
  await t.rejects(startAdminServer('127.0.0.1', first.port, { metrics: async () => ({ contentType: '', text: '' }), health: () => ({ healthy: true, body: {} }) }), {
    code: 'ADMIN_LISTEN',
    message: `admin: cannot listen on 127.0.0.1:${first.port} (EADDRINUSE)`,
  });
});
