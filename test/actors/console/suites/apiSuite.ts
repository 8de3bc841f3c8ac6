/** The console's JSON API on one backend; run by consoleApi.sqlite.test.ts and consoleApi.mysql.test.ts. */
import type { Test } from 'tap';
import { connect } from 'node:net';
import { ipv4ToInt32, ipv4ToUint32 } from '../../../../runtime/net/ipv4.js';
import { consoleOver, type FreshUrl } from '../fixtures/consoleFixture.js';
import { call, postJson, raw, type Answer } from '../fixtures/http.js';
import { status } from '../fixtures/storeRows.js';

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
      { caller: '192.168.0.7', succ: 90, err: 10, errRate: 0.1, overload: false, ageS: 3, current: true },
      { caller: '192.168.0.8', succ: 0, err: 30, errRate: 1, overload: true, ageS: 1, current: true },
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
    t.same(added.json, { status: 'added', modid: 7, cmdid: 9, ip: '10.1.2.3', port: 9000, weight: 1, zone: null, tags: [], version: 4 });
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

  t.test('edits: every console edit is in the key\'s audit trail with the browser\'s address; the API lists it newest first', async (t) => {
    const url = await fresh(t);
    if (!url) return;
    const c = await consoleOver(t, url);
    await postJson(c.url, '/api/keys/7/9/hosts', { ip: '10.1.2.3', port: 9000, weight: 4 });
    await call(c.url, 'PATCH', '/api/keys/7/9/hosts/10.1.2.3/9000', { body: JSON.stringify({ weight: 6 }), headers: { 'content-type': 'application/json' } });
    await call(c.url, 'POST', '/api/keys/7/9/hosts/10.1.2.3/9000/disable');
    await call(c.url, 'POST', '/api/keys/7/9/hosts/10.1.2.3/9000/enable');
    await call(c.url, 'DELETE', '/api/keys/7/9/hosts/10.1.2.3/9000');
    await c.store.addHost(7, 9, ipv4ToUint32('10.1.2.4'), 1, 1, 'cli ops@h');
    const r = await call(c.url, 'GET', '/api/keys/7/9/edits?limit=10');
    t.equal(r.status, 200);
    const edits = r.json.edits as Array<{ action: string; who: string; detail: string; ip: string; port: number; version: number; atMs: number }>;
    t.same(edits.map((e) => [e.action, e.detail, e.ip, e.who]), [
      ['add', '', '10.1.2.4', 'cli ops@h'],
      ['del', '', '10.1.2.3', 'console 127.0.0.1'],
      ['enable', '', '10.1.2.3', 'console 127.0.0.1'],
      ['disable', '', '10.1.2.3', 'console 127.0.0.1'],
      ['weight', 'weight 4 -> 6', '10.1.2.3', 'console 127.0.0.1'],
      ['add', 'weight 4', '10.1.2.3', 'console 127.0.0.1'],
    ], 'what the store holds, whoever made the edit');
    t.ok(edits.every((e) => Number.isInteger(e.version) && e.atMs > 0));
    t.same((await call(c.url, 'GET', '/api/keys/7/9/edits?limit=2')).json.edits.length, 2);
    t.same((await call(c.url, 'GET', '/api/keys/5/5/edits')).json, { edits: [] }, 'a key never edited');
    for (const q of ['limit=0', 'limit=201', 'limit=1e2', 'limit=-1']) refused(t, await call(c.url, 'GET', `/api/keys/7/9/edits?${q}`), 400, `edits ${q}`);
    refused(t, await call(c.url, 'POST', '/api/keys/7/9/edits'), 405, 'edits by POST');
    refused(t, await call(c.url, 'GET', '/api/keys/7/9/edits/x'), 404, 'edits/x');
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
    refused(t, await patch('10.0.0.9', 9, {}), 400, 'nothing to set');
    refused(t, await postJson(c.url, '/api/keys/1/1/hosts', { ip: '10.0.0.10', port: 9, weight: 0 }), 400, 'add with weight 0');
    t.equal(await c.store.getVersion(), 5, 'refusals wrote nothing');

    // Service names on the same console: PUT/DELETE /api/keys/M/C/name, the store's audited name edit.
    const putName = (key: string, body: unknown): Promise<Answer> => call(c.url, 'PUT', `/api/keys/${key}/name`, { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
    t.same((await putName('1/1', { name: 'orders.get' })).json, { status: 'set', modid: 1, cmdid: 1, name: 'orders.get', previous: null, version: 6 });
    t.same((await putName('1/1', { name: 'orders.get' })).json, { status: 'unchanged', modid: 1, cmdid: 1, name: 'orders.get', previous: 'orders.get', version: 6 });
    const taken = await putName('2/1', { name: 'orders.get' });
    refused(t, taken, 409, 'a name another key has');
    t.match(taken.json, { code: 'NAME_TAKEN', error: /^orders\.get is the name of route 1\/1/ });
    for (const [typed, why] of [['Orders.Get', /names are lower case/], ['a b', /expected 1 to 64 characters/], ['', /expected 1 to 64 characters.*; it has 0/], [7, /expected text/]] as const) {
      const bad = await putName('2/1', { name: typed });
      refused(t, bad, 400, `name ${JSON.stringify(typed)}`);
      t.match(bad.json, { code: 'BAD_NAME', error: new RegExp(`^service name ${JSON.stringify(String(typed)).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: ${why.source}`) }, 'the typed text echoed');
    }
    refused(t, await putName('2/1', { name: 'x', zone: 'eu' }), 400, 'an unknown field');
    refused(t, await call(c.url, 'POST', '/api/keys/2/1/name'), 405, 'name by POST');
    const listed = await call(c.url, 'GET', '/api/keys?hosts=none');
    t.same(listed.json.keys.map((k: { modid: number; cmdid: number; name: string | null }) => [k.modid, k.cmdid, k.name]), [[1, 1, 'orders.get'], [2, 1, null]], 'the key list has each key\'s name, read again after the edit');
    t.equal((await call(c.url, 'GET', '/api/keys/1/1')).json.name, 'orders.get', 'and the key page');
    // A page of the list, filtered on the console by name or key text (what the key list asks for with many keys).
    const paged = async (q: string): Promise<{ total: number; matched: number; offset: number; keys: Array<{ modid: number; cmdid: number }> }> => (await call(c.url, 'GET', `/api/keys?hosts=none&${q}`)).json;
    t.match(await paged('q=orders&offset=0&limit=10'), { total: 2, matched: 1, offset: 0, keys: [{ modid: 1, cmdid: 1 }] }, 'by name');
    t.match(await paged('q=2/1'), { total: 2, matched: 1, keys: [{ modid: 2, cmdid: 1 }] }, 'by key text');
    await c.store.setHost(2, 1, ipv4ToUint32('10.0.0.3'), 8003, { zone: 'EU-west', tags: ['version=v2'] }, 'test');
    await c.service.pollOnce();
    t.match(await paged('q=eu-west'), { matched: 1, keys: [{ modid: 2, cmdid: 1 }] }, 'by a host\'s zone');
    t.match(await paged('q=version%3Dv2'), { matched: 1, keys: [{ modid: 2, cmdid: 1 }] }, 'by a host\'s tag');
    const second = await paged('offset=1&limit=1');
    t.same([second.matched, second.keys.map((k) => `${k.modid}/${k.cmdid}`), 'hosts' in (second.keys[0] ?? {})], [2, ['2/1'], false], 'a slice, without hosts');
    for (const q of ['hosts=none&limit=0', 'hosts=none&limit=1001', 'hosts=none&offset=-1', 'hosts=none&limit=1e2', 'q=x']) refused(t, await call(c.url, 'GET', `/api/keys?${q}`), 400, `page ${q}`);
    t.same((await call(c.url, 'DELETE', '/api/keys/1/1/name')).json, { status: 'cleared', modid: 1, cmdid: 1, name: null, previous: 'orders.get', version: 8 });
    refused(t, await call(c.url, 'DELETE', '/api/keys/1/1/name'), 404, 'clearing a key without a name');
    t.equal((await call(c.url, 'GET', '/api/keys/1/1')).json.name, null);
    t.same((await call(c.url, 'GET', '/api/keys/1/1/edits?limit=2')).json.edits.map((e: { action: string; detail: string; who: string }) => [e.action, e.detail, e.who]), [
      ['name', 'name orders.get -> (none)', 'console 127.0.0.1'],
      ['name', 'name orders.get', 'console 127.0.0.1'],
    ], 'audited with who, like host edits');
  });

  t.test('zones and tags: set on add, shown, changed and cleared with PATCH (the store edit of lars route set); bad ones a 400 echoing them', async (t) => {
    const url = await fresh(t);
    if (!url) return;
    const c = await consoleOver(t, url);
    const added = await postJson(c.url, '/api/keys/1/1/hosts', { ip: '10.0.0.9', port: 9, zone: 'eu-1', tags: ['version=v2', 'canary=yes'] });
    t.match(added.json, { status: 'added', zone: 'eu-1', tags: ['canary=yes', 'version=v2'] });
    const patch = (body: unknown): Promise<Answer> => call(c.url, 'PATCH', '/api/keys/1/1/hosts/10.0.0.9/9', { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
    t.match((await patch({ zone: 'us-2', weight: 4 })).json, { status: 'updated', zone: 'us-2', weight: 4 });
    t.same((await c.store.listHosts({ modid: 1, cmdid: 1 })).filter((h) => h.port === 9), [{ modid: 1, cmdid: 1, ip: ipv4ToUint32('10.0.0.9'), port: 9, weight: 4, zone: 'us-2', tags: ['canary=yes', 'version=v2'] }]);
    const view = (await call(c.url, 'GET', '/api/keys/1/1')).json.hosts as Array<{ port: number; zone: string | null; tags: string[] }>;
    t.same(view.filter((h) => h.port === 9).map((h) => [h.zone, h.tags]), [['us-2', ['canary=yes', 'version=v2']]], 'the key view shows them');
    t.same(view.filter((h) => h.port === 8001).map((h) => [h.zone, h.tags]), [[null, []]], 'a host without them');
    t.match((await patch({ zone: null, tags: [] })).json, { status: 'updated', zone: null, tags: [] });
    t.match((await patch({ zone: '' })).json, { status: 'unchanged' });
    const version = await c.store.getVersion();
    const bad: Array<[unknown, RegExp]> = [
      [{ zone: 'eu west' }, /^zone "eu west": only letters/],
      [{ zone: 5 }, /^zone 5: expected text or null$/],
      [{ tags: 'version=v2' }, /^tags "version=v2": expected a list/],
      [{ tags: ['version'] }, /^tag "version" is not key=value$/],
      [{ tags: ['a=1', 'a=2'] }, /^tag key "a" given twice$/],
    ];
    for (const [body, message] of bad) {
      for (const a of [await patch(body), await postJson(c.url, '/api/keys/1/1/hosts', { ip: '10.0.0.10', port: 10, ...(body as object) })]) {
        refused(t, a, 400, JSON.stringify(body));
        t.match(a.json?.error, message, `${JSON.stringify(body)}: ${String(a.json?.error)}`);
      }
    }
    t.equal(await c.store.getVersion(), version, 'refusals wrote nothing');
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
        s.write('POST /api/keys/1/1/hosts HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{"ip":"10.0.0.9"');
        setImmediate(() => s.destroy());
      });
      s.on('close', () => resolve());
      s.on('error', () => undefined);
    });
    const after = await call(c.url, 'GET', '/api/keys');
    t.equal(after.status, 200, 'still serving after all of it');
    t.equal(await c.store.getVersion(), 3, 'still nothing written');
    const m = c.service.metricCounters();
    t.ok((m['badRequests'] ?? 0) + (m['http_badHost'] ?? 0) + (m['http_crossSite'] ?? 0) >= cases.length - 1, 'refusals are counted');
    t.equal(m['http_badHost'], 2, 'foreign and missing Host: counted as badHost');
    t.equal(m['http_crossSite'], 2, 'another site, another origin: counted as crossSite');
  });

  t.test('numbers only as plain decimals, as sent; unknown fields refused; the message echoes the text', async (t) => {
    const url = await fresh(t);
    if (!url) return;
    const c = await consoleOver(t, url);
    const post = (body: string): Promise<Answer> => call(c.url, 'POST', '/api/keys/1/1/hosts', { body, headers: { 'content-type': 'application/json' } });
    const cases: Array<[string, string, RegExp]> = [
      ['port 1e3', '{"ip":"10.0.0.9","port":1e3}', /^port "1e3" is not a whole number$/],
      ['port 8.0e1', '{"ip":"10.0.0.9","port":8.0e1}', /^port "8\.0e1" is not a whole number$/],
      ['port 80.0', '{"ip":"10.0.0.9","port":80.0}', /^port "80\.0" is not a whole number$/],
      ['port -1', '{"ip":"10.0.0.9","port":-1}', /^port "-1" is not a whole number$/],
      ['a huge port', '{"ip":"10.0.0.9","port":100000000000000000000}', /^port "100000000000000000000" is not from 1 to 65535$/],
      ['a string port', '{"ip":"10.0.0.9","port":"80"}', /^port "80" is a string: send it as a JSON number/],
      ['no port', '{"ip":"10.0.0.9"}', /^port missing/],
      ['weight null', '{"ip":"10.0.0.9","port":80,"weight":null}', /^weight null is not a whole number from 1 to 1000$/],
      ['weight 1e2', '{"ip":"10.0.0.9","port":80,"weight":1e2}', /^weight "1e2" is not a whole number$/],
      ['weight 0', '{"ip":"10.0.0.9","port":80,"weight":0}', /^weight "0" is not from 1 to 1000$/],
      ['an unknown field', '{"ip":"10.0.0.9","port":80,"wieght":5}', /^unknown field "wieght" \(this edit takes ip, port, weight, zone, tags\)$/],
      ['an ip with a space', '{"ip":" 10.0.0.9","port":80}', /^ip " 10\.0\.0\.9": expected/],
    ];
    for (const [what, body, message] of cases) {
      const a = await post(body);
      refused(t, a, 400, what);
      t.match(a.json?.error, message, `${what}: ${String(a.json?.error)}`);
    }
    for (const [what, path, message] of [
      ['a path port 1e3', '/api/keys/1/1/hosts/10.0.0.1/1e3', /^port "1e3" is not a whole number$/],
      ['a path port 0x10', '/api/keys/1/1/hosts/10.0.0.1/0x10', /^port "0x10" is not a whole number$/],
      ['a path port 99999', '/api/keys/1/1/hosts/10.0.0.1/99999', /^port "99999" is not from 1 to 65535$/],
    ] as const) {
      const a = await call(c.url, 'DELETE', path);
      refused(t, a, 400, what);
      t.match(a.json?.error, message, `${what}: ${String(a.json?.error)}`);
    }
    const patch = await call(c.url, 'PATCH', '/api/keys/1/1/hosts/10.0.0.1/8001', { body: '{"weight":3,"port":9}', headers: { 'content-type': 'application/json' } });
    refused(t, patch, 400, 'a weight edit with a port');
    t.match(patch.json?.error, /^unknown field "port" \(this edit takes weight, zone, tags\)$/);
    t.equal(await c.store.getVersion(), 3, 'refusals wrote nothing');
    t.equal((await post('{"ip":"10.0.0.9","port":80,"weight":2}')).status, 201, 'plain decimals are taken');
  });

  t.test('token: with none set, a request carrying one is refused and told why', async (t) => {
    const url = await fresh(t);
    if (!url) return;
    const c = await consoleOver(t, url);
    const edit = await postJson(c.url, '/api/keys/1/1/hosts', { ip: '10.0.0.9', port: 80 }, { authorization: 'Bearer guess' });
    refused(t, edit, 400, 'an edit with a token');
    t.match(edit.json?.error, /no \[console\] token set/);
    t.equal(edit.json?.code, 'TOKEN_NOT_SET');
    refused(t, await call(c.url, 'GET', '/api/keys', { headers: { authorization: 'Bearer guess' } }), 400, 'a read with a token');
    t.equal(await c.store.getVersion(), 3, 'nothing written');
    t.equal((await postJson(c.url, '/api/keys/1/1/hosts', { ip: '10.0.0.9', port: 80 })).status, 201, 'without one, loopback edits go through');
  });

  t.test('token: edits need it when set; reads do not', async (t) => {
    const url = await fresh(t);
    if (!url) return;
    const c = await consoleOver(t, url, { token: 's3cret' });
    const host = { ip: '10.0.0.9', port: 80 };
    refused(t, await postJson(c.url, '/api/keys/1/1/hosts', host), 401, 'no token');
    refused(t, await postJson(c.url, '/api/keys/1/1/hosts', host, { authorization: 'Bearer nope' }), 401, 'wrong token');
    refused(t, await call(c.url, 'DELETE', '/api/keys/1/1/hosts/10.0.0.1/8001'), 401, 'delete without token');
    t.equal((await postJson(c.url, '/api/keys/1/1/hosts', host, { authorization: 'Bearer s3cret' })).status, 201, 'right token');
    t.equal((await call(c.url, 'GET', '/api/keys')).status, 200, 'reads need none');
    refused(t, await call(c.url, 'GET', '/api/keys', { headers: { host: 'lars-console.internal:9700' } }), 403, 'a token does not open the console to every Host name');
    const named = await consoleOver(t, url, { token: 's3cret', allowed_hosts: ['lars-console.internal'] }, c.clock, true);
    t.equal((await call(named.url, 'GET', '/api/keys', { headers: { host: 'lars-console.internal:9700' } })).status, 200, 'a name in allowed_hosts is served');
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
