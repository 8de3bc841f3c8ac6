/**
 * The console's pages in a real browser (Chromium via playwright-core) while
 * they refresh: the host table is updated in place, so a click on Remove
 * during refreshes opens its dialog every time and a focused button keeps
 * focus; forms refuse what is not a plain decimal and echo it; a key with no
 * route is an empty key page with a way to add its first host; a key is made
 * from the key list; a bad URL is an HTML 404 page; a 420 px window does not
 * scroll sideways. Without Chromium the test is skipped, except under
 * CI=true, where that is a failure.
 */
import t from 'tap';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startSystem } from './fixtures/consoleSystem.js';

const CHROMIUM = '/usr/bin/chromium';
const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Waits until the page has refreshed `count` more times than now (the box's data-refreshes counter). */
async function refreshes(page: Page, box: string, count: number): Promise<void> {
  const now = Number(await page.locator(box).getAttribute('data-refreshes'));
  await page.locator(`${box}[data-refreshes="${now + count}"]`).waitFor({ state: 'attached', timeout: 20_000 });
}

/** document's horizontal overflow: [scrollWidth, clientWidth]. */
function widths(page: Page): Promise<[number, number]> {
  return page.evaluate(() => {
    // Runs in the page (no DOM types in the test build).
    const root = (globalThis as unknown as { document: { documentElement: { scrollWidth: number; clientWidth: number } } }).document.documentElement;
    return [root.scrollWidth, root.clientWidth] as [number, number];
  });
}

if (!existsSync(CHROMIUM)) {
  if (process.env['CI'] === 'true') t.fail(`${CHROMIUM} is missing: apt-get install -y chromium (.ci/run does)`);
  else t.plan(0, `${CHROMIUM} is missing: apt-get install -y chromium`);
} else {
  t.test('console pages update in place and refuse what was not typed as a number', async (t) => {
    const dir = t.testdir();
    const sys = await startSystem(t, dir, `sqlite:${join(dir, 'lars.db')}`);
    const browser: Browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS });
    t.teardown(() => browser.close());
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    let dialogs = 0;
    page.on('dialog', (d) => {
      dialogs++;
      void d.dismiss();
    });

    await page.goto(`${sys.consoleUrl}/key/1/1`);
    const remove = page.locator('#hosts tr[data-host="10.0.0.1:8001"] button.remove');
    await remove.waitFor({ timeout: 10_000 });
    await refreshes(page, '#hosts-box', 1);
    // A person's click takes a moment between press and release; here every press spans a refresh of the table
    // (the page refreshes every 0.5 s, the system's poll_interval): the release must land on the same button.
    const started = Number(await page.locator('#hosts-box').getAttribute('data-refreshes'));
    let opened = 0;
    for (let i = 0; i < 40; i++) {
      await remove.waitFor({ timeout: 5_000 });
      const box = await remove.boundingBox();
      if (!box) continue;
      const before = dialogs;
      const dialog = page.waitForEvent('dialog', { timeout: 2_000 }).then(() => true, () => false);
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await page.mouse.down();
      await refreshes(page, '#hosts-box', 1);
      await page.mouse.up();
      if ((await dialog) || dialogs > before) opened++;
    }
    const during = Number(await page.locator('#hosts-box').getAttribute('data-refreshes')) - started;
    t.equal(opened, 40, `a click on Remove opened its dialog ${opened} of 40 times (over ${during} refreshes)`);
    t.ok(during >= 3, `the table refreshed during the clicks (${during} times)`);
    t.equal(await page.locator('#hosts tr[data-host="10.0.0.1:8001"]').count(), 1, 'dismissed: nothing removed');

    const disable = '#hosts tr[data-host="10.0.0.2:8002"] button.disable';
    await page.focus(disable);
    await refreshes(page, '#hosts-box', 3);
    t.equal(await page.locator(`${disable}:focus`).count(), 1, 'the focused button keeps focus across 3 refreshes');

    // The add form refuses what is not a plain decimal, quoting it; nothing is added.
    await page.fill('#add-host input[name=ip]', '10.0.0.9');
    for (const [typed, said] of [['1e3', 'port "1e3" is not a whole number'], ['0x10', 'port "0x10" is not a whole number'], [' 5', 'port " 5" is not a whole number'], ['100000000000000000000', 'port "100000000000000000000" is not from 1 to 65535']]) {
      await page.fill('#add-host input[name=port]', typed as string);
      await page.click('#add-host button[type=submit]');
      await page.locator('#message.bad', { hasText: said as string }).waitFor({ timeout: 5_000 });
      t.equal(await page.locator('#message').textContent(), `not added: ${said}`, `port ${JSON.stringify(typed)} refused`);
    }
    await page.fill('#add-host input[name=port]', '9');
    await page.fill('#add-host input[name=weight]', '');
    await page.click('#add-host button[type=submit]');
    t.equal(await page.locator('#message').textContent({ timeout: 5_000 }), 'not added: weight "" is not a whole number', 'an empty weight is named, not "weight null"');
    t.equal(await page.locator('#hosts tr[data-host="10.0.0.9:9"]').count(), 0, 'nothing added');

    // A narrow window: the page does not scroll sideways (wide tables scroll in their own box).
    await page.setViewportSize({ width: 420, height: 800 });
    await refreshes(page, '#hosts-box', 1);
    const [keyScroll, keyClient] = await widths(page);
    t.ok(keyScroll <= keyClient, `key page at 420 px: scrollWidth ${keyScroll} <= clientWidth ${keyClient}`);

    // A key with no route: an empty key page with the add form, not an error.
    await page.goto(`${sys.consoleUrl}/key/5/5`);
    await page.locator('#no-hosts').waitFor({ timeout: 10_000 });
    t.match(await page.locator('#no-hosts').textContent(), /No hosts in 5\/5 yet/);
    t.notMatch(await page.locator('#status').getAttribute('class'), /bad/, 'the status is not an error');
    t.notMatch(await page.locator('#status').textContent(), /unreachable/);
    await page.fill('#add-host input[name=ip]', '10.0.5.1');
    await page.fill('#add-host input[name=port]', '8051');
    await page.click('#add-host button[type=submit]');
    await page.locator('#hosts tr[data-host="10.0.5.1:8051"]').waitFor({ timeout: 10_000 });
    t.pass('the first host added on the empty key page makes the key');

    // A key made from the key list: the form adds its first host and opens its page.
    await page.goto(`${sys.consoleUrl}/`);
    await page.locator('#keys tr[data-key="5/5"]').waitFor({ timeout: 10_000 });
    const [listScroll, listClient] = await widths(page);
    t.ok(listScroll <= listClient, `key list at 420 px: scrollWidth ${listScroll} <= clientWidth ${listClient}`);
    await page.fill('#new-key input[name=modid]', '6');
    await page.fill('#new-key input[name=cmdid]', '1e1');
    await page.fill('#new-key input[name=ip]', '10.0.6.1');
    await page.fill('#new-key input[name=port]', '8061');
    await page.click('#new-key button[type=submit]');
    t.equal(await page.locator('#new-key-message.bad').textContent({ timeout: 5_000 }), 'key not created: cmdid "1e1" is not a whole number');
    await page.fill('#new-key input[name=cmdid]', '6');
    await page.click('#new-key button[type=submit]');
    await page.waitForURL(`${sys.consoleUrl}/key/6/6`, { timeout: 10_000 });
    await page.locator('#hosts tr[data-host="10.0.6.1:8061"]').waitFor({ timeout: 10_000 });
    t.pass('a key created from the key list, its page open');

    // Bad URLs: an HTML 404 page with a way back; a negative key is no page.
    for (const path of ['/nope', '/key/-5/-7', '/key/1', '/key/99999999999/1']) {
      const res = await page.goto(`${sys.consoleUrl}${path}`);
      t.equal(res?.status(), 404, `${path}: 404`);
      t.match(res?.headers()['content-type'], /^text\/html/, `${path}: an HTML page`);
      t.match(await page.locator('#not-found').textContent(), /^No page at /, `${path}: says so`);
      t.equal(await page.locator('#not-found a[href="/"]').count(), 1, `${path}: links to the keys`);
    }
    t.same(pageErrors, [], 'no script errors on any page');
  });
}
