/**
 * The attacks of issue 20 §6 made by a real browser (Debian's Chromium driven
 * by playwright-core) against a real admin server and console:
 * - a page of another site (another port of this host) posting to
 *   /-/reload and to the console's edit API: refused, nothing run;
 * - DNS rebinding: evil.example resolved to 127.0.0.1 (the browser's host
 *   resolver rule), its page reading /metrics and /lb from "its own" origin:
 *   refused for the Host it sends;
 * while the console's own page, opened by its address, still reads and edits.
 * Without Chromium the test is skipped, except under CI=true.
 */
import t from 'tap';
import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { startAdminServer } from '../../../runtime/admin/adminServer.js';
import { consoleOver } from '../../actors/console/fixtures/consoleFixture.js';

const CHROMIUM = '/usr/bin/chromium';
const FLAGS = ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--host-resolver-rules=MAP evil.example 127.0.0.1'];

if (!existsSync(CHROMIUM)) {
  if (process.env['CI'] === 'true') t.fail(`${CHROMIUM} is missing: apt-get install -y chromium (.ci/run does)`);
  else t.plan(0, `${CHROMIUM} is missing: apt-get install -y chromium`);
} else {
  t.test('pages of other sites and rebound names get nothing from the admin server or the console', async (t) => {
    const calls = { reload: 0, metrics: 0, lb: 0 };
    const admin = await startAdminServer('127.0.0.1', 0, {
      metrics: async () => (calls.metrics++, { contentType: 'text/plain', text: 'lars_secret 1\n' }),
      health: () => ({ healthy: true, body: { status: 'ok' } }),
      reload: async () => (calls.reload++, { healthy: true, body: { reloaded: true } }),
      routes: new Map([['/lb', async () => (calls.lb++, { status: 200, body: { keys: [] } })]]),
    });
    t.teardown(() => admin.close());
    const con = await consoleOver(t, `sqlite:${join(t.testdir(), 'lars.db')}`);
    const consolePort = Number(new URL(con.url).port);
    // The attacker's page: any origin but the server's own.
    const evil = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>evil</title>'));
    await new Promise<void>((r) => evil.listen(0, '127.0.0.1', r));
    t.teardown(() => evil.close());
    const evilPort = (evil.address() as AddressInfo).port;

    const browser: Browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS });
    t.teardown(() => browser.close());
    const page = await browser.newPage();

    await page.goto(`http://127.0.0.1:${evilPort}/`);
    const posted = await page.evaluate(async ([a, c]) => {
      const out: string[] = [];
      for (const url of [`http://127.0.0.1:${a}/-/reload`, `http://127.0.0.1:${c}/api/keys/1/1/hosts`]) {
        // no-cors: the page cannot read the answer, but the request is sent (a CSRF attempt).
        await fetch(url, { method: 'POST', mode: 'no-cors', body: '{"ip":"10.6.6.6","port":666}' }).then(() => out.push('sent'), () => out.push('failed'));
      }
      return out;
    }, [admin.port, consolePort]);
    t.same(posted, ['sent', 'sent'], 'the browser sent both posts');
    t.equal(calls.reload, 0, 'no reload from another site');
    t.equal(await con.store.getVersion(), 3, 'no console edit from another site');
    t.equal(admin.counts().crossSite, 1, 'the admin server counted it as crossSite');
    t.equal(con.service.metricCounters()['http_crossSite'], 1, 'the console counted it as crossSite');

    // DNS rebinding: the attacker's name now points at 127.0.0.1, so its page is "same-origin" with the admin port.
    const rebound = await page.goto(`http://evil.example:${admin.port}/metrics`);
    t.equal(rebound?.status(), 403, 'a page loaded under the rebound name: 403');
    const read = await page.evaluate(async () => Promise.all(['/metrics', '/lb', '/-/reload'].map(async (p) => {
      const r = await fetch(p, { method: p === '/-/reload' ? 'POST' : 'GET' });
      return [r.status, await r.text()] as const;
    })));
    t.same(read.map(([s]) => s), [403, 403, 403], 'its scripts read nothing and reload nothing');
    t.notOk(read.some(([, text]) => text.includes('lars_secret')), 'no metric reached the page');
    t.same(calls, { reload: 0, metrics: 0, lb: 0 }, 'no handler ran');
    const consoleRebound = await page.goto(`http://evil.example:${consolePort}/api/keys`);
    t.equal(consoleRebound?.status(), 403, 'the console under the rebound name: 403');

    // The console's own page, opened by its address, reads and edits as before.
    await page.goto(`${con.url}/key/1/1`);
    await page.locator('#hosts').waitFor();
    await page.fill('#add-host input[name=ip]', '10.0.0.9');
    await page.fill('#add-host input[name=port]', '8009');
    await page.click('#add-host button[type=submit]');
    await page.locator('#message', { hasText: 'added 10.0.0.9:8009' }).waitFor({ timeout: 10_000 });
    t.equal(await con.store.getVersion(), 4, 'the console\'s own page edits');
  });
}
