/**
 * The DNS subscription table: a key's subscribers through one, two and back
 * to none (a key holds a lone connection itself, a Set only once shared),
 * bounds, and everything of a connection gone when it closes.
 */
import t from 'tap';
import { Subscriptions } from '../../../actors/dns/subscriptions.js';

const a = { name: 'a' };
const b = { name: 'b' };
const c = { name: 'c' };

t.test('one, several, and back to one subscriber per key', async (t) => {
  const subs = new Subscriptions<object>();
  t.equal(subs.add(a, 1, 1), 'added');
  t.equal(subs.add(a, 1, 1), 'known');
  t.same(subs.subscribers(1, 1), [a]);
  t.equal(subs.add(b, 1, 1), 'added');
  t.equal(subs.add(c, 1, 1), 'added');
  t.same(new Set(subs.subscribers(1, 1)), new Set([a, b, c]));
  t.equal(subs.add(b, 1, 1), 'known', 'a shared key still knows its subscribers');
  subs.drop(a);
  t.same(new Set(subs.subscribers(1, 1)), new Set([b, c]));
  subs.drop(c);
  t.same(subs.subscribers(1, 1), [b], 'the last subscriber left');
  t.equal(subs.add(b, 1, 1), 'known');
  t.equal(subs.add(a, 1, 1), 'added', 'a lone subscriber is shared again');
  t.same(new Set(subs.subscribers(1, 1)), new Set([a, b]));
  subs.drop(a);
  subs.drop(b);
  t.same(subs.subscribers(1, 1), []);
  t.equal(subs.keyCount, 0);
  t.equal(subs.subscriptionCount, 0);
  t.equal(subs.connectionCount, 0);
});

t.test('closing a connection frees every key it held alone and leaves shared ones to the others', async (t) => {
  const subs = new Subscriptions<object>();
  for (let k = 0; k < 1000; k++) subs.add(a, 7, k);
  subs.add(b, 7, 5);
  t.equal(subs.keyCount, 1000);
  t.equal(subs.subscriptionCount, 1001);
  subs.drop(a);
  t.equal(subs.keyCount, 1);
  t.same(subs.subscribers(7, 5), [b]);
  t.same(subs.subscribers(7, 6), []);
  t.equal(subs.subscriptionCount, 1);
  subs.drop(a);
  t.equal(subs.subscriptionCount, 1, 'dropping twice changes nothing');
});

t.test('bounds: per connection, then in total; refused requests subscribe nothing', async (t) => {
  const subs = new Subscriptions<object>({ limits: { perConn: 2, total: 3 } });
  t.equal(subs.add(a, 1, 1), 'added');
  t.equal(subs.add(a, 1, 2), 'added');
  t.equal(subs.add(a, 1, 3), 'connLimit');
  t.equal(subs.add(b, 1, 1), 'added');
  t.equal(subs.add(b, 1, 4), 'totalLimit');
  t.same(subs.subscribers(1, 3), []);
  t.same(subs.subscribers(1, 4), []);
  subs.drop(a);
  t.equal(subs.add(b, 1, 4), 'added', 'room again once a connection has gone');
});
