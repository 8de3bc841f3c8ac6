/** The console's JSON API on one backend; run by consoleApi.sqlite.test.ts and consoleApi.mysql.test.ts. */
import type { Test } from 'tap';
import { connect } from 'node:net';
import { ipv4ToInt32, ipv4ToUint32 } from '../../../../runtime/net/ipv4.js';
import type { StatusRow } from '../../../../store/statusStore.js';
import { openStore } from '../../../../store/openStore.js';
import { consoleOver, type FreshUrl } from '../fixtures/consoleFixture.js';
import { call, postJson, raw, type Answer } from '../fixtures/http.js';

function status(over: Partial<StatusRow>): StatusRow {
  return { modid: 1, cmdid: 1, ip: ipv4ToInt32('10.0.0.1'), port: 8001, caller: ipv4ToInt32('192.168.0.7'), succCnt: 0, errCnt: 0, ts: 0, overload: false, ...over };
}

/** A refusal: the given 4xx, JSON content, one line, an error text. */
function refused(t: Test, a: Answer, code: number, what: string): void {
  t.equal(a.status, code, `${what}: ${code}`);
  t.match(a.headers['content-type'], /^application\/json/, `${what}: JSON`);
  t.equal(a.text.trimEnd().split('\n').length, 1, `${what}: one line`);
  t.type(a.json?.error, 'string', `${what}: says why (${String(a.json?.error)})`);
}

/** A raw HTTP/1.x answer as an Answer (status, headers, JSON body). */
function rawAnswer(text: string): Answer {
  const [head = '', body = ''] = text.split('\r\n\r\n');
  const [statusLine = '', ...lines] = head.split('\r\n');
  const headers = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    json = undefined;
  }
  return { status: Number(statusLine.split(' ')[1]), headers, text: body, json };
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

/** Rows of a query run on the store's database directly. */
async function rawRows(url: string, sql: string): Promise<Array<Record<string, unknown>>> {
  if (url.startsWith('sqlite:')) {
    const { default: Database } = await import('better-sqlite3');
    const db = new Database(url.slice('sqlite:'.length));
    try {
      return db.prepare(sql).all() as Array<Record<string, unknown>>;
    } finally {
      db.close();
    }
  }
  const { default: mysql } = await import('mysql2/promise');
  const conn = await mysql.createConnection(url);
  try {
    return (await conn.query(sql))[0] as Array<Record<string, unknown>>;
  } finally {
    await conn.end();
  }
}

/** Drops a table as if the database predated it. */
async function dropTable(url: string, table: 'CallHistory' | 'HistoryLease'): Promise<void> {
  if (url.startsWith('sqlite:')) {
    const { default: Database } = await import('better-sqlite3');
    const db = new Database(url.slice('sqlite:'.length));
    db.exec(`DROP TABLE ${table}`);
    db.close();
  } else {
    const { default: mysql } = await import('mysql2/promise');
    const conn = await mysql.createConnection(url);
    await conn.query(`DROP TABLE ${table}`);
    await conn.end();
  }
}

export function apiSuite(t: Test, fresh: FreshUrl): void {
  t.test('GET /api/keys: every key, its hosts, each host\'s latest stats per caller', async (t) => {
    const url = await fresh(t);
    if (!url) return;
    const c = await consoleOver(t, url);
    const nowS = Math.floor(c.clock.ms / 1000);
    await c.store.upsertStatus([
      status({ succCnt: 90, errCnt: 10, ts: nowS - 3 }),
      status({ caller: ipv4ToInt32('192.168.0.8'), succCnt: 0, errCnt: 30, ts: nowS - 1, overload: true }),
    ]);
    await c.service.pollOnce();
    const a = await call(c.url, 'GET', '/api/keys');
    t.equal(a.status, 200);
    t.equal(a.headers['access-control-allow-origin'], undefined, 'no CORS');
    t.equal(a.json.version, 3);
    t.same(a.json.keys.map((k: { modid: number; cmdid: number; hostCount: number }) => [k.modid, k.cmdid, k.hostCount]), [[1, 1, 2], [2, 1, 1]]);
    const key = a.json.keys[0];
    t.same(key.lastChange, { version: 2, atMs: key.lastChange.atMs }, 'last change of 1/1 is version 2');
    t.equal(key.overloaded, 1);
    const h = key.hosts[0];
    t.match(h, { ip: '10.0.0.1', port: 8001, inRoute: true, succ: 90, err: 40, overload: true, lastReportAgeS: 1 });
    t.same(h.callers, [
      { caller: '192.168.0.7', succ: 90, err: 10, errRate: 0.1, overload: false, ageS: 3 },
      { caller: '192.168.0.8', succ: 0, err: 30, errRate: 1, overload: true, ageS: 1 },
    ]);
    t.match(key.hosts[1], { ip: '10.0.0.2', succ: 0, err: 0, lastReportAgeS: null, callers: [] });
    const summary = await call(c.url, 'GET', '/api/keys?hosts=none');
    t.same(summary.json.keys.map((k: Record<string, unknown>) => [k['modid'], k['cmdid'], k['hostCount'], k['succ'], k['err'], 'hosts' in k]), [[1, 1, 2, 90, 40, false], [2, 1, 1, 0, 0, false]], 'summaries: totals, no hosts');
    const one = await call(c.url, 'GET', '/api/keys/1/1');
    t.equal(one.status, 200);
    t.equal(one.json.hosts.length, 2);
  });

  t.test('add and remove a host: the same store edit as lars route (RouteData, RouteChange, version)', async (t) => {
    const url = await fresh(t);
    if (!url) return;
    const c = await consoleOver(t, url);
    const added = await postJson(c.url, '/api/keys/7/9/hosts', { ip: '10.1.2.3', port: 9000 });
    t.equal(added.status, 201);
    t.same(added.json, { status: 'added', modid: 7, cmdid: 9, ip: '10.1.2.3', port: 9000, weight: 1, version: 4 });
    t.same(await c.store.listHosts({ modid: 7, cmdid: 9 }), [{ modid: 7, cmdid: 9, ip: ipv4ToUint32('10.1.2.3'), port: 9000 }]);
    t.same((await c.store.changesSince(3)).keys, [{ modid: 7, cmdid: 9 }], 'a RouteChange row for the key');
    const listed = await call(c.url, 'GET', '/api/keys/7/9');
    t.equal(listed.json.hosts[0].ip, '10.1.2.3', 'the view is read again at once after an edit');
    refused(t, await postJson(c.url, '/api/keys/7/9/hosts', { ip: '10.1.2.3', port: 9000 }), 409, 'the same host again');
    const gone = await call(c.url, 'DELETE', '/api/keys/7/9/hosts/10.1.2.3/9000');
    t.equal(gone.status, 200);
    t.same(gone.json, { status: 'deleted', modid: 7, cmdid: 9, ip: '10.1.2.3', port: 9000, version: 5 });
    t.equal(await c.store.getVersion(), 5);
    refused(t, await call(c.url, 'DELETE', '/api/keys/1/1/hosts/10.9.9.9/1'), 404, 'a host not in the key');
    refused(t, await call(c.url, 'DELETE', '/api/keys/7/9/hosts/10.1.2.3/9000'), 404, 'a key with no hosts left');
    refused(t, await call(c.url, 'GET', '/api/keys/7/9'), 404, 'the emptied key');
    t.equal(await c.store.getVersion(), 5, 'refused edits wrote nothing');
  });

  t.test('weights: set on add, shown, changed with PATCH (the store edit of lars route set-weight)', async (t) => {
    const url = await fresh(t);
    if (!url) return;
    const c = await consoleOver(t, url);
    const added = await postJson(c.url, '/api/keys/1/1/hosts', { ip: '10.0.0.9', port: 9, weight: 5 });
    t.match(added.json, { status: 'added', weight: 5, version: 4 });
    t.same((await c.store.listHosts({ modid: 1, cmdid: 1 })).map((h) => [h.port, h.weight ?? 1]), [[8001, 1], [8002, 1], [9, 5]], 'the weight is in RouteData');
    const patch = (ip: string, port: number, body: unknown): Promise<Answer> =>
      call(c.url, 'PATCH', `/api/keys/1/1/hosts/${ip}/${port}`, { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
    t.match((await patch('10.0.0.9', 9, { weight: 7 })).json, { status: 'updated', weight: 7, version: 5 });
    t.match((await patch('10.0.0.9', 9, { weight: 7 })).json, { status: 'unchanged', version: 5 });
    const view = await call(c.url, 'GET', '/api/keys/1/1');
    t.same(view.json.hosts.map((h: { port: number; weight: number }) => [h.port, h.weight]), [[8001, 1], [8002, 1], [9, 7]]);
    refused(t, await patch('10.0.0.8', 9, { weight: 2 }), 404, 'weight of a host not in the key');
    for (const w of [0, 1001, 2.5, '3', null]) refused(t, await patch('10.0.0.9', 9, { weight: w }), 400, `weight ${JSON.stringify(w)}`);
    refused(t, await patch('10.0.0.9', 9, {}), 400, 'no weight');
    refused(t, await postJson(c.url, '/api/keys/1/1/hosts', { ip: '10.0.0.10', port: 9, weight: 0 }), 400, 'add with weight 0');
    t.equal(await c.store.getVersion(), 5, 'refusals wrote nothing');
  });

  t.test('bad input: 4xx with one line of JSON, nothing written, the server keeps serving', async (t) => {
    const url = await fresh(t);
    if (!url) return;
    const c = await consoleOver(t, url, { max_body_bytes: 1024 });
    const cases: Array<[string, Promise<Answer>, number]> = [
      ['modid not a number', call(c.url, 'GET', '/api/keys/x/1'), 400],
      ['modid past int32', call(c.url, 'GET', '/api/keys/2147483648/1'), 400],
      ['unknown key', call(c.url, 'GET', '/api/keys/99/99'), 404],
      ['unknown key history', call(c.url, 'GET', '/api/keys/99/99/history'), 404],
      ['hosts= neither all nor none', call(c.url, 'GET', '/api/keys?hosts=some'), 400],
      ['history range', call(c.url, 'GET', '/api/keys/1/1/history?minutes=0'), 400],
      ['history range too long', call(c.url, 'GET', '/api/keys/1/1/history?minutes=99999'), 400],
      ['bad IP', postJson(c.url, '/api/keys/1/1/hosts', { ip: '300.1.1.1', port: 80 }), 400],
      ['IP not a string', postJson(c.url, '/api/keys/1/1/hosts', { ip: 167772161, port: 80 }), 400],
      ['port 0', postJson(c.url, '/api/keys/1/1/hosts', { ip: '10.0.0.9', port: 0 }), 400],
      ['port 70000', postJson(c.url, '/api/keys/1/1/hosts', { ip: '10.0.0.9', port: 70000 }), 400],
      ['port a float', postJson(c.url, '/api/keys/1/1/hosts', { ip: '10.0.0.9', port: 80.5 }), 400],
      ['missing fields', postJson(c.url, '/api/keys/1/1/hosts', {}), 400],
      ['body an array', postJson(c.url, '/api/keys/1/1/hosts', [1, 2]), 400],
      ['body not JSON', call(c.url, 'POST', '/api/keys/1/1/hosts', { body: '{"ip": ', headers: { 'content-type': 'application/json' } }), 400],
      ['form post', call(c.url, 'POST', '/api/keys/1/1/hosts', { body: 'ip=10.0.0.9&port=80', headers: { 'content-type': 'application/x-www-form-urlencoded' } }), 415],
      ['oversized body', postJson(c.url, '/api/keys/1/1/hosts', { ip: '10.0.0.9', port: 80, pad: 'x'.repeat(2000) }), 413],
      ['bad IP in a delete path', call(c.url, 'DELETE', '/api/keys/1/1/hosts/10.0.0/8001'), 400],
      ['bad port in a delete path', call(c.url, 'DELETE', '/api/keys/1/1/hosts/10.0.0.1/port'), 400],
      ['wrong method on keys', call(c.url, 'PUT', '/api/keys'), 405],
      ['wrong method on a host list', call(c.url, 'GET', '/api/keys/1/1/hosts'), 405],
      ['wrong method on a host', call(c.url, 'POST', '/api/keys/1/1/hosts/10.0.0.1/8001'), 405],
      ['weight patch not JSON', call(c.url, 'PATCH', '/api/keys/1/1/hosts/10.0.0.1/8001', { body: 'weight=3', headers: { 'content-type': 'text/plain' } }), 415],
      ['wrong method on a page', call(c.url, 'DELETE', '/'), 405],
      ['unknown API', call(c.url, 'GET', '/api/nope'), 404],
      ['path past the API', call(c.url, 'GET', '/api/keys/1/1/hosts/10.0.0.1/8001/extra'), 404],
      ['unknown page', call(c.url, 'GET', '/nope'), 404],
      ['unknown asset', call(c.url, 'GET', '/assets/../../etc/passwd'), 404],
      ['URL too long', call(c.url, 'GET', `/api/keys?${'a'.repeat(3000)}`), 414],
      ['edit from another site', postJson(c.url, '/api/keys/1/1/hosts', { ip: '10.0.0.9', port: 80 }, { 'sec-fetch-site': 'cross-site' }), 403],
      ['a name re-pointed at loopback (DNS rebinding)', call(c.url, 'GET', '/api/keys', { headers: { host: 'evil.example:80' } }), 403],
      ['no Host at all', raw(c.url, 'GET /api/keys HTTP/1.0\r\n\r\n').then(rawAnswer), 403],
      ['edit from another origin', postJson(c.url, '/api/keys/1/1/hosts', { ip: '10.0.0.9', port: 80 }, { origin: 'http://evil.example' }), 403],
    ];
    for (const [what, answer, code] of cases) refused(t, await answer, code, what);
    t.equal(await c.store.getVersion(), 3, 'nothing was written');

    const bigHeader = await raw(c.url, `GET /api/keys HTTP/1.1\r\nhost: x\r\nx-pad: ${'p'.repeat(10_000)}\r\n\r\n`);
    t.match(bigHeader, /^HTTP\/1\.1 431 [^]*\{"error":/, 'headers over the limit: 431 with a JSON line');
    const garbage = await raw(c.url, 'GARBAGE \x00\x01\r\n\r\n');
    t.match(garbage, /^HTTP\/1\.1 400 /, 'garbage on the socket: 400');
    t.match(garbage, /\{"error":/, 'as JSON');
    // A body cut off mid-way: the connection closes, nothing is written.
    await new Promise<void>((resolve) => {
      const u = new URL(c.url);
      const s = connect(Number(u.port), u.hostname, () => {
        s.write('POST /api/keys/1/1/hosts HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{"ip":"10.0.0.9"');
        setImmediate(() => s.destroy());
      });
      s.on('close', () => resolve());
      s.on('error', () => undefined);
    });
    const after = await call(c.url, 'GET', '/api/keys');
    t.equal(after.status, 200, 'still serving after all of it');
    t.equal(await c.store.getVersion(), 3, 'still nothing written');
    t.ok(c.service.counters.badRequests >= cases.length - 1, 'refusals are counted');
  });

  t.test('token: edits need it when set; reads do not', async (t) => {
    const url = await fresh(t);
    if (!url) return;
    const c = await consoleOver(t, url, { token: 's3cret' });
    const host = { ip: '10.0.0.9', port: 80 };
    refused(t, await postJson(c.url, '/api/keys/1/1/hosts', host), 401, 'no token');
    refused(t, await postJson(c.url, '/api/keys/1/1/hosts', host, { authorization: 'Bearer nope' }), 403, 'wrong token');
    refused(t, await call(c.url, 'DELETE', '/api/keys/1/1/hosts/10.0.0.1/8001'), 401, 'delete without token');
    t.equal((await postJson(c.url, '/api/keys/1/1/hosts', host, { authorization: 'Bearer s3cret' })).status, 201, 'right token');
    t.equal((await call(c.url, 'GET', '/api/keys')).status, 200, 'reads need none');
    t.equal((await call(c.url, 'GET', '/api/keys', { headers: { host: 'lars-console.internal:9700' } })).status, 200, 'with a token, any Host name is served');
  });

  t.test('history: calls between reads go to buckets, survive a console restart, no double count', async (t) => {
    const url = await fresh(t);
    if (!url) return;
    const c = await consoleOver(t, url, { history_bucket: 10 });
    const t0 = Math.floor(c.clock.ms / 1000);
    await c.store.upsertStatus([status({ succCnt: 50, errCnt: 5, ts: t0 })]);
    await c.service.pollOnce(); // baseline: calls before the first read are not known to be new
    c.clock.ms += 1000;
    await c.store.upsertStatus([status({ succCnt: 80, errCnt: 25, ts: t0 + 1 })]);
    await c.service.pollOnce(); // +30 succ, +20 err
    c.clock.ms += 1000;
    await c.service.pollOnce(); // same ts: nothing new
    c.clock.ms += 10_000;
    await c.store.upsertStatus([status({ succCnt: 4, errCnt: 1, ts: t0 + 12 })]);
    await c.service.pollOnce(); // the window restarted: all of it is new, in the next bucket
    const h = await call(c.url, 'GET', '/api/keys/1/1/history?minutes=60');
    t.equal(h.status, 200);
    const b0 = Math.floor((t0 + 1) / 10) * 10;
    const b1 = Math.floor((t0 + 12) / 10) * 10;
    t.same(h.json.hosts, [{ ip: '10.0.0.1', port: 8001, points: b0 === b1 ? [[b0, 34, 21]] : [[b0, 30, 20], [b1, 4, 1]] }]);
    t.equal(h.json.bucketS, 10);

    await c.service.stop();
    const again = await c.restart();
    await again.service.pollOnce(); // a new baseline: the rows already counted are not added again
    const h2 = await call(again.url, 'GET', '/api/keys/1/1/history?minutes=60');
    t.same(h2.json.hosts, h.json.hosts, 'a restarted console keeps the history and adds nothing twice');
  });

  t.test('two history writers on one store: one holds the lease, every call is counted once', async (t) => {
    const url = await fresh(t);
    if (!url) return;
    const a = await consoleOver(t, url, { history_bucket: 3600 });
    const b = await consoleOver(t, url, { history_bucket: 3600 }, a.clock, true);
    const t0 = Math.floor(a.clock.ms / 1000);
    let succ = 100;
    await a.store.upsertStatus([status({ succCnt: succ, ts: t0 })]);
    await a.service.pollOnce();
    await b.service.pollOnce();
    for (let i = 1; i <= 5; i++) {
      a.clock.ms += 1000;
      succ += 7 * i;
      await a.store.upsertStatus([status({ succCnt: succ, errCnt: i, ts: t0 + i })]);
      // Both read every change, in either order.
      if (i % 2 === 0) await Promise.all([b.service.pollOnce(), a.service.pollOnce()]);
      else await Promise.all([a.service.pollOnce(), b.service.pollOnce()]);
    }
    const rows = await a.store.readHistory({ modid: 1, cmdid: 1 }, 0);
    t.same([sum(rows.map((r) => r.succ)), sum(rows.map((r) => r.err))], [7 * 15, 5], 'each call once: 105 successes, the window\'s 5 errors');
    t.match(a.service.historyWriter(), { enabled: true, writer: true, holder: a.service.historyWriter().owner }, 'the first console to poll holds the lease');
    t.match(b.service.historyWriter(), { enabled: true, writer: false, holder: a.service.historyWriter().owner }, 'the other stands by and names the holder');
    const roles = await call(b.url, 'GET', '/api/roles');
    t.match(roles.json.historyWriter, { enabled: true, writer: false, owner: b.service.historyWriter().owner, holder: a.service.historyWriter().owner, leaseMs: 3000 });
    t.match(a.logs, [/history writer: took the lease as .*writes CallHistory now/], 'the holder said so');
    t.notOk(b.logs.some((l) => /took the lease/.test(l)), 'the standby did not');
  });

  t.test('history writer takeover: the standby takes over once the silent holder\'s lease expires; nothing counted twice', async (t) => {
    const url = await fresh(t);
    if (!url) return;
    const a = await consoleOver(t, url, { history_bucket: 3600 });
    const b = await consoleOver(t, url, { history_bucket: 3600 }, a.clock, true);
    const t0 = Math.floor(a.clock.ms / 1000);
    let succ = 0;
    let step = 0;
    const calls = async (n: number): Promise<void> => {
      a.clock.ms += 1000;
      succ += n;
      await a.store.upsertStatus([status({ succCnt: succ, ts: t0 + ++step })]);
    };
    await a.store.upsertStatus([status({ succCnt: 0, ts: t0 })]);
    await Promise.all([a.service.pollOnce(), b.service.pollOnce()]);
    await calls(10);
    await Promise.all([a.service.pollOnce(), b.service.pollOnce()]); // a writes 10
    // a stops polling (hung, cut off): its lease (3 polls = 3 s) ran from the last claim.
    await calls(20);
    await b.service.pollOnce();
    await calls(30);
    await b.service.pollOnce();
    t.equal(b.service.historyWriter().writer, false, 'not before the lease expired');
    await calls(40);
    await b.service.pollOnce(); // 3 s after a's claim: still a's, to the millisecond
    t.equal(b.service.historyWriter().writer, false, 'held up to its expiry instant');
    a.clock.ms += 1;
    await b.service.pollOnce(); // expired: b takes over; this read is its baseline
    t.equal(b.service.historyWriter().writer, true, 'taken after expiry');
    t.match(b.logs, [/took the lease/]);
    await calls(50);
    await b.service.pollOnce(); // b writes 50
    await a.service.pollOnce(); // a wakes up: the lease is b's, a writes nothing
    t.equal(a.service.historyWriter().writer, false, 'the old holder stands by');
    t.match(a.logs.at(-1), /held by .* stops writing CallHistory \(standby\)/);
    await calls(60);
    await Promise.all([a.service.pollOnce(), b.service.pollOnce()]); // b writes 60
    const rows = await a.store.readHistory({ modid: 1, cmdid: 1 }, 0);
    t.equal(sum(rows.map((r) => r.succ)), 10 + 50 + 60, 'the calls made while nobody wrote (20, 30, 40) are missed, none twice');
  });

  t.test('a stopping writer releases the lease: the standby takes over at its next poll', async (t) => {
    const url = await fresh(t);
    if (!url) return;
    const a = await consoleOver(t, url);
    const b = await consoleOver(t, url, {}, a.clock, true);
    await b.service.pollOnce();
    t.equal(b.service.historyWriter().writer, false);
    await a.service.stop();
    t.match(a.logs.at(-1), /lease released/);
    await b.service.pollOnce();
    t.equal(b.service.historyWriter().writer, true, 'no wait for the expiry');
  });

  t.test('history_writer = false: never claims the lease, never writes', async (t) => {
    const url = await fresh(t);
    if (!url) return;
    const off = await consoleOver(t, url, { history_writer: false });
    const t0 = Math.floor(off.clock.ms / 1000);
    await off.store.upsertStatus([status({ succCnt: 1, ts: t0 })]);
    await off.service.pollOnce();
    off.clock.ms += 1000;
    await off.store.upsertStatus([status({ succCnt: 9, ts: t0 + 1 })]);
    await off.service.pollOnce();
    t.same(await off.store.readHistory({ modid: 1, cmdid: 1 }, 0), []);
    t.match(off.service.historyWriter(), { enabled: false, writer: false, holder: null });
    t.same(await off.store.claimHistoryLease('someone', off.clock.ms, off.clock.ms + 1), { outcome: 'taken' }, 'the lease was left free');
  });

  t.test('history of a host above 128.0.0.0: stored unsigned as in ServerCallStatus, shown dotted', async (t) => {
    const url = await fresh(t);
    if (!url) return;
    const c = await consoleOver(t, url, { history_bucket: 3600 });
    const high = ipv4ToInt32('200.1.2.3');
    const t0 = Math.floor(c.clock.ms / 1000);
    await c.store.upsertStatus([status({ ip: high, port: 9000, succCnt: 10, ts: t0 })]);
    await c.service.pollOnce();
    c.clock.ms += 1000;
    await c.store.upsertStatus([status({ ip: high, port: 9000, succCnt: 17, errCnt: 2, ts: t0 + 1 })]);
    await c.service.pollOnce();
    const h = await call(c.url, 'GET', '/api/keys/1/1/history?minutes=60');
    t.same(h.json.hosts.map((x: { ip: string; port: number; points: number[][] }) => [x.ip, x.port, x.points.map((p) => p.slice(1))]), [['200.1.2.3', 9000, [[7, 2]]]]);
    const joined = await rawRows(url, 'SELECT h.ip, h.succ_cnt FROM CallHistory h JOIN ServerCallStatus s ON s.modid = h.modid AND s.cmdid = h.cmdid AND s.ip = h.ip AND s.port = h.port');
    t.same(joined.map((r) => [Number(r['ip']), Number(r['succ_cnt'])]), [[ipv4ToUint32('200.1.2.3'), 7]], 'CallHistory joins ServerCallStatus on the same unsigned ip');
  });

  t.test('history retention: buckets older than history_retention are pruned', async (t) => {
    const url = await fresh(t);
    if (!url) return;
    const c = await consoleOver(t, url, { history_retention: 600 });
    c.clock.ms += 60_000; // the start-up read pruned already; the next prune is a minute later
    const nowS = Math.floor(c.clock.ms / 1000);
    await c.store.addHistory([
      { modid: 1, cmdid: 1, ip: ipv4ToInt32('10.0.0.1'), port: 8001, bucket: nowS - 700, succ: 1, err: 0 },
      { modid: 1, cmdid: 1, ip: ipv4ToInt32('10.0.0.1'), port: 8001, bucket: nowS - 300, succ: 2, err: 0 },
    ]);
    await c.service.pollOnce();
    t.same((await c.store.readHistory({ modid: 1, cmdid: 1 }, 0)).map((r) => r.succ), [2]);
    t.equal(c.service.counters.historyRowsPruned, 1);
  });

  t.test('a store made before CallHistory: the pages say to run lars db init; the calls wait for it', async (t) => {
    const url = await fresh(t);
    if (!url) return;
    const c = await consoleOver(t, url);
    const t0 = Math.floor(c.clock.ms / 1000);
    await c.store.upsertStatus([status({ succCnt: 1, ts: t0 })]);
    await c.service.pollOnce();
    await dropTable(url, 'CallHistory');
    c.clock.ms += 1000;
    await c.store.upsertStatus([status({ succCnt: 6, ts: t0 + 1 })]);
    await c.service.pollOnce();
    const a = await call(c.url, 'GET', '/api/keys');
    t.match(a.json.problems.history, /CallHistory.*run `lars db init`/);
    await c.store.init();
    await c.service.pollOnce();
    t.same((await c.store.readHistory({ modid: 1, cmdid: 1 }, 0)).map((r) => r.succ), [5], 'the calls kept while the table was missing are written');
    t.equal((await call(c.url, 'GET', '/api/keys')).json.problems.history, undefined);
  });

  t.test('a store made before HistoryLease: no history written, the pages say to run lars db init; then the lease is taken', async (t) => {
    const url = await fresh(t);
    if (!url) return;
    const before = await openStore(url);
    await before.init();
    await before.close();
    await dropTable(url, 'HistoryLease');
    const c = await consoleOver(t, url, {}, undefined, true);
    const t0 = Math.floor(c.clock.ms / 1000);
    await c.store.upsertStatus([status({ succCnt: 1, ts: t0 })]);
    await c.service.pollOnce();
    c.clock.ms += 1000;
    await c.store.upsertStatus([status({ succCnt: 6, ts: t0 + 1 })]);
    await c.service.pollOnce();
    t.match((await call(c.url, 'GET', '/api/keys')).json.problems.history, /HistoryLease.*run `lars db init`/);
    t.same(await c.store.readHistory({ modid: 1, cmdid: 1 }, 0), [], 'without a lease nobody may write');
    t.match(c.logs, [/lease claim failed/]);
    await c.store.init();
    c.clock.ms += 1000;
    await c.service.pollOnce(); // taken: this read is the baseline
    c.clock.ms += 1000;
    await c.store.upsertStatus([status({ succCnt: 9, ts: t0 + 3 })]);
    await c.service.pollOnce();
    t.same((await c.store.readHistory({ modid: 1, cmdid: 1 }, 0)).map((r) => r.succ), [3], 'written once the lease is held');
    t.equal((await call(c.url, 'GET', '/api/keys')).json.problems.history, undefined);
  });

  t.test('roles: DNS, reporters and admin by reachability, agents from the call stats', async (t) => {
    const url = await fresh(t);
    if (!url) return;
    const c = await consoleOver(t, url);
    const nowS = Math.floor(c.clock.ms / 1000);
    await c.store.upsertStatus([status({ ts: nowS - 2 }), status({ modid: 2, ip: ipv4ToInt32('10.0.0.3'), port: 8003, ts: nowS - 5 })]);
    await c.service.pollOnce();
    const r = await call(c.url, 'GET', '/api/roles');
    t.equal(r.status, 200);
    t.match(r.json.dns, [{ address: '127.0.0.1:1', ok: false }]);
    t.match(r.json.reporters, [{ address: '127.0.0.1:1', ok: false }]);
    t.match(r.json.admin, [{ address: '127.0.0.1:1', ok: false }]);
    t.same(r.json.callers, [{ caller: '192.168.0.7', keys: 2, hosts: 2, lastReportAgeS: 2 }]);
  });

  t.test('store down: the last view is served and the pages say so; back when it returns', async (t) => {
    const url = await fresh(t);
    if (!url) return;
    const c = await consoleOver(t, url);
    await c.service.pollOnce();
    await c.store.close();
    // Break the console's own store: close it under the service.
    await c.service.theStore().close();
    await c.service.pollOnce();
    const a = await call(c.url, 'GET', '/api/keys');
    t.equal(a.status, 200);
    t.equal(a.json.keys.length, 2, 'the last view');
    t.match(a.json.problems.store, /closed/);
    t.match(c.service.degraded(), /store unreachable/);
    refused(t, await postJson(c.url, '/api/keys/1/1/hosts', { ip: '10.0.0.9', port: 80 }), 503, 'an edit while the store is gone');
  });
}
