/**
 * Route responses and status reports within the wire limit, sized from the
 * actual encoding: hosts of different encoded sizes (low addresses: short
 * varints; high ones: 10-byte varints), any input order.
 */
import t from 'tap';
import { lars } from '../../proto/generated/lars.js';
import { encodeRouteResponseBody } from '../../proto/routeResponse.js';
import { fitRepeated } from '../../proto/fitRepeated.js';
import { reportBodies } from '../../actors/lb/core/reportBodies.js';
import { MAX_BODY_LEN, MAX_UDP_BODY_LEN } from '../../runtime/reactor/frame.js';

/** A seeded mix of small and 10-byte-varint addresses, in scrambled order. */
function hosts(n: number, seed = 1): Array<{ ip: number; port: number }> {
  let s = seed;
  const rnd = (): number => (s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  const out = [];
  for (let i = 0; i < n; i++) out.push({ ip: rnd() < 0.5 ? (rnd() * 0x7fff) | 0 : -1 - ((rnd() * 0x7fffffff) | 0), port: (rnd() * 65535) | 0 });
  return out;
}

const plain = (modid: number, cmdid: number, h: Array<{ ip: number; port: number }>): Uint8Array => lars.GetRouteResponse.encode({ modid, cmdid, host: h }).finish();

t.test('a key that fits is encoded as given, byte for byte', async (t) => {
  const h = hosts(50);
  const r = encodeRouteResponseBody(3, -4, h, MAX_BODY_LEN);
  t.same(Buffer.from(r.body), Buffer.from(plain(3, -4, h)));
  t.equal(r.kept, 50);
});

t.test('an oversized key: the first hosts by (unsigned ip, port) that fit, the largest such prefix, any input order', async (t) => {
  for (const limit of [MAX_BODY_LEN, MAX_UDP_BODY_LEN, 1000]) {
    const h = hosts(6000, limit);
    const a = encodeRouteResponseBody(-1, 2147483647, h, limit);
    const b = encodeRouteResponseBody(-1, 2147483647, [...h].reverse(), limit);
    t.ok(a.body.length <= limit, `${a.body.length} <= ${limit}`);
    t.same(Buffer.from(a.body), Buffer.from(b.body), 'same bytes whatever the row order');
    const sorted = [...h].sort((x, y) => (x.ip >>> 0) - (y.ip >>> 0) || x.port - y.port);
    const decoded = lars.GetRouteResponse.decode(a.body).host.map((x) => ({ ip: x.ip, port: x.port }));
    t.same(decoded, sorted.slice(0, a.kept), 'a prefix of the sorted hosts');
    t.ok(plain(-1, 2147483647, sorted.slice(0, a.kept + 1)).length > limit, 'one more host would not fit');
    t.equal(a.total, 6000);
  }
});

t.test('weighted hosts (field 3, written only when not 1) are measured as encoded', async (t) => {
  const h = hosts(7000, 9).map((x, i) => (i % 3 === 0 ? { ...x, weight: 2 + (i % 999) } : x));
  const r = encodeRouteResponseBody(1, 1, h, MAX_BODY_LEN);
  t.ok(r.body.length <= MAX_BODY_LEN);
  const decoded = lars.GetRouteResponse.decode(r.body).host;
  const sorted = [...h].sort((x, y) => (x.ip >>> 0) - (y.ip >>> 0) || x.port - y.port);
  t.same(decoded.map((x) => x.weight || 1), sorted.slice(0, r.kept).map((x) => ('weight' in x ? x.weight : 1)), 'weights travel with the hosts kept');
  const oneMore = lars.GetRouteResponse.encode({ modid: 1, cmdid: 1, host: sorted.slice(0, r.kept + 1) }).finish();
  t.ok(oneMore.length > MAX_BODY_LEN, 'one more weighted host would not fit');
});

t.test('fitRepeated: runs in order, each within the limit; an element too big alone is counted', async (t) => {
  const sizes = [5, 300, 40, 40, 1000, 2];
  const { runs, unfit } = fitRepeated(10, 3, sizes, (n) => n, 400);
  t.equal(unfit, 1);
  t.same(runs, [[5, 300, 40], [40, 2]]);
  t.same(fitRepeated(10, 3, [], (n: number) => n, 400).runs, [[]], 'an empty list is one empty message');
});

t.test('a report for a key with 9,000 hosts goes as several requests within the limit, every host once', async (t) => {
  const results = hosts(9000).map((h, i) => ({ ip: h.ip, port: h.port, succ: i, err: i % 3, overload: i % 5 === 0 }));
  const bodies = reportBodies({ modid: 1, cmdid: 2, caller: -5, ts: 1_700_000_000, results });
  t.ok(bodies.length > 1, `${bodies.length} requests`);
  const back = [];
  for (const b of bodies) {
    t.ok(b.length <= MAX_BODY_LEN);
    const r = lars.ReportStatusRequest.decode(b);
    t.match(r, { modid: 1, cmdid: 2, caller: -5, ts: 1_700_000_000 });
    back.push(...r.results.map((x) => ({ ip: x.ip, port: x.port, succ: x.succ, err: x.err, overload: x.overload })));
  }
  t.same(back, results);
  const small = results.slice(0, 10);
  t.same(reportBodies({ modid: 1, cmdid: 2, caller: -5, ts: 1, results: small }), [lars.ReportStatusRequest.encode({ modid: 1, cmdid: 2, caller: -5, ts: 1, results: small }).finish()], 'one body, as before, when it fits');
});

t.test("a key's rules ride in field 4, whole; without rules the bytes are the original's", async (t) => {
  const h = hosts(20);
  const rules = ['split version=v2 5%', 'match env=test -> env=test'];
  t.same(Buffer.from(encodeRouteResponseBody(1, 2, h, MAX_BODY_LEN, []).body), Buffer.from(plain(1, 2, h)), 'no rules: no field 4');
  const ruled = encodeRouteResponseBody(1, 2, h, MAX_BODY_LEN, rules);
  t.same(lars.GetRouteResponse.decode(ruled.body).rules, rules);
  t.equal(ruled.body.length, plain(1, 2, h).length + rules.reduce((n, r) => n + 2 + r.length, 0), 'the rules add exactly their own field');
  const big = hosts(8000, 3);
  const cut = encodeRouteResponseBody(1, 2, big, MAX_BODY_LEN, rules);
  t.ok(cut.kept < cut.total && cut.body.length <= MAX_BODY_LEN, `a cut within the limit (${cut.kept} of ${cut.total} hosts)`);
  t.same(lars.GetRouteResponse.decode(cut.body).rules, rules, 'a cut leaves hosts out, never a rule');
  t.ok(cut.kept < encodeRouteResponseBody(1, 2, big, MAX_BODY_LEN).kept, 'the rules took the room of some hosts');
});
