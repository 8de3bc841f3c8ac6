/**
 * The table of subscriptions to keys with no route: at each bound (the
 * connection's share, the address's share, the whole table) the oldest ask
 * under that bound goes, asking again makes an ask the newest, and nothing
 * is left behind; through Subscriptions, unknown keys never take room from
 * keys with a route, a waiter moves to the routed table when its key's
 * change passes, and the warnings come once per interval on a manual clock.
 */
import t from 'tap';
import { WaitingSubscriptions } from '../../../actors/dns/waitingSubscriptions.js';
import { Subscriptions } from '../../../actors/dns/subscriptions.js';
import { routeKey } from '../../../actors/dns/routeKey.js';

const k = (n: number): string => routeKey(9, n);

t.test('a connection past its share loses its own oldest ask; asking again makes an ask the newest', async (t) => {
  const w = new WaitingSubscriptions<object>({ total: 100, perConn: 3, perPeer: 100 });
  const a = {};
  const b = {};
  for (const n of [1, 2, 3]) t.equal(w.ask(a, 'p', k(n)), true);
  t.equal(w.ask(b, 'p', k(1)), true, 'another connection waiting for the same key');
  t.equal(w.ask(a, 'p', k(1)), false, 'asked again: refreshed, not added');
  t.equal(w.ask(a, 'p', k(4)), true);
  t.same([1, 2, 3, 4].map((n) => w.has(a, k(n))), [true, false, true, true], 'the oldest ask (2, since 1 was asked again) went');
  t.same(w.evicted, { conn: 1, peer: 0, table: 0 });
  t.same(w.waiters(k(1)).length, 2);
  t.equal(w.size, 4);
});

t.test('an address past its share loses its oldest ask over all its connections; another address keeps its own', async (t) => {
  const w = new WaitingSubscriptions<object>({ total: 100, perConn: 100, perPeer: 4 });
  const flood = [{}, {}];
  const other = {};
  t.equal(w.ask(other, '10.0.0.2', k(0)), true);
  for (let n = 1; n <= 10; n++) w.ask(flood[n % 2]!, '10.0.0.1', k(n));
  t.equal(w.size, 5, 'the flooding address holds its share, the other its one ask');
  t.same([7, 8, 9, 10].map((n) => w.waiters(k(n)).length), [1, 1, 1, 1], 'the newest four of the flood');
  t.equal(w.waiters(k(6)).length, 0);
  t.same(w.waiters(k(0)), [other], 'the other address asked first and is still there');
  t.same(w.evicted, { conn: 0, peer: 6, table: 0 });
});

t.test('a full table loses its oldest ask of all; drop gives every entry back', async (t) => {
  const w = new WaitingSubscriptions<object>({ total: 3, perConn: 100, perPeer: 100 });
  const conns = [{}, {}, {}, {}];
  conns.forEach((c, n) => w.ask(c, `10.0.0.${n}`, k(n)));
  t.same(w.waiters(k(0)), [], 'the first ask went');
  t.same(w.evicted, { conn: 0, peer: 0, table: 1 });
  w.ask(conns[1]!, '10.0.0.1', k(1)); // refreshed: now the newest
  w.ask(conns[0]!, '10.0.0.0', k(0));
  t.same([0, 1, 2, 3].map((n) => w.waiters(k(n)).length), [1, 1, 0, 1], 'the oldest was 2 once 1 had asked again');
  for (const c of conns) w.drop(c);
  t.same([w.size, w.keyCount, w.connectionCount], [0, 0, 0]);
  t.equal(w.ask(conns[0]!, 'p', k(5)), true, 'usable again after everything went');
  w.remove(conns[0]!, k(5));
  t.same([w.size, w.keyCount, w.connectionCount], [0, 0, 0]);
});

t.test('Subscriptions: unknown keys wait apart, never take the routed room, and move in with their first hosts', async (t) => {
  const routed = new Set<string>([routeKey(1, 1)]);
  const subs = new Subscriptions<object>({
    limits: { perConn: 10, total: 2, waiting: 5, waitingPerConn: 5, waitingPerPeer: 5 },
    isRouted: (m, c) => routed.has(routeKey(m, c)),
  });
  const flood = {};
  const agent = {};
  const other = {};
  for (let n = 0; n < 50; n++) t.equal(subs.add(flood, 9, n), 'waiting', 'never refused');
  t.equal(subs.waiting.size, 5);
  t.equal(subs.add(agent, 1, 1), 'added', 'a key with a route is subscribed whatever was asked before');
  t.equal(subs.add(agent, 2, 2), 'waiting');
  t.equal(subs.add(agent, 2, 2), 'known', 'asked again: still waiting, now the newest');
  t.same(subs.subscribers(2, 2), [agent]);
  routed.add(routeKey(2, 2));
  t.same(subs.subscribers(2, 2), [agent], 'the change of the key that got a route is pushed to its waiter');
  t.equal(subs.promoted, 1);
  t.equal(subs.routedCount, 2, 'and the waiter is in the routed table now');
  for (let n = 100; n < 120; n++) subs.add(flood, 9, n);
  t.same(subs.subscribers(2, 2), [agent], 'no flood of unknown keys can evict it any more');
  routed.add(routeKey(3, 3));
  t.equal(subs.add(other, 3, 3), 'totalLimit', 'the routed table itself is still bounded');
  subs.drop(flood);
  subs.drop(agent);
  t.same([subs.subscriptionCount, subs.keyCount, subs.connectionCount], [0, 0, 0]);
});

t.test('Subscriptions: per-address share of the routed table', async (t) => {
  const peers = new Map<object, string>();
  const subs = new Subscriptions<object>({ limits: { perPeer: 3 }, peerOf: (c) => peers.get(c) ?? '' });
  const a1 = {};
  const a2 = {};
  const b = {};
  peers.set(a1, '10.0.0.1').set(a2, '10.0.0.1').set(b, '10.0.0.2');
  t.same([1, 2].map((n) => subs.add(a1, 1, n)), ['added', 'added']);
  t.same([3, 4].map((n) => subs.add(a2, 1, n)), ['added', 'peerLimit'], 'the share counts every connection of the address');
  t.equal(subs.add(b, 1, 4), 'added', 'another address has its own');
  subs.drop(a1);
  t.equal(subs.add(a2, 1, 4), 'added', 'room again for the address once a connection has gone');
});

t.test('warnings: one line per bound at first, then at most one per interval with the count between', async (t) => {
  let now = 0;
  const lines: string[] = [];
  const subs = new Subscriptions<object>({
    limits: { total: 1, waiting: 2 },
    isRouted: (m) => m === 1,
    peerOf: () => '10.0.0.9',
    now: () => now,
    warnIntervalMs: 60_000,
    log: (line) => lines.push(line),
  });
  const c = {};
  for (let n = 0; n < 10; n++) subs.add(c, 9, n);
  subs.add(c, 1, 1);
  subs.add(c, 1, 2);
  subs.add(c, 1, 3);
  t.equal(lines.length, 2, 'one line for the full waiting table, one for the routed bound');
  t.match(lines[0], /the table holds max_waiting_subscriptions \(2\).*\(1 since the last such line/);
  t.match(lines[1], /the table holds max_subscriptions \(1\).*\(1 refused since the last such line/);
  now = 59_999;
  subs.add(c, 9, 100);
  t.equal(lines.length, 2, 'nothing more within the interval');
  now = 60_000;
  subs.add(c, 9, 101);
  subs.add(c, 1, 4);
  t.equal(lines.length, 4);
  t.match(lines[2], /\(9 since the last such line/, 'the evictions in between counted (7 + 1, and this one)');
  t.match(lines[3], /\(2 refused since the last such line/);
  t.same(subs.waiting.evicted, { conn: 0, peer: 0, table: 10 });
});
