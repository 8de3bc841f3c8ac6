import t, { type Test } from 'tap';
import { join } from 'node:path';
import { openStore } from '../../../store/openStore.js';
import { RouteWatcher } from '../../../actors/dns/routeWatcher.js';
import { EDIT_LINES_PER_APPLY, EditLog, editText } from '../../../actors/dns/editLog.js';
import type { Store } from '../../../store/store.js';
import { ipv4ToInt32, ipv4ToUint32 } from '../../../runtime/net/ipv4.js';
import { DnsService } from '../../../actors/dns/dnsService.js';
import type { DnsServerMessage } from '../../../actors/dns/dnsProtocol.js';
import { lars } from '../../../proto/generated/lars.js';
import { encodeFrame } from '../../../runtime/reactor/frame.js';
import { FramedSocket } from '../../helpers/framedSocket.js';
import { originalFrame } from '../../helpers/originalWire.js';

const A = ipv4ToUint32('10.0.0.1');

async function setup(t: Test, publish: (m: DnsServerMessage) => void = () => undefined): Promise<{ store: Store; watcher: RouteWatcher; lines: Array<[string, string]> }> {
  const store = await openStore(`sqlite:${join(t.testdir(), 'lars.db')}`);
  t.teardown(() => store.close());
  await store.init();
  const lines: Array<[string, string]> = [];
  const watcher = new RouteWatcher({
    store,
    now: () => 0,
    pollIntervalMs: 1000,
    reloadIntervalMs: 3_600_000,
    changeRetentionMs: 3_600_000,
    publish,
    log: (line, level = 'info') => lines.push([level, line]),
  });
  return { store, watcher, lines };
}

const edits = (lines: Array<[string, string]>): Array<[string, string]> => lines.filter(([, l]) => l.startsWith('route edit') || l.startsWith('more route edits'));

t.test('each audited edit a poll applies is logged once at info with who; history before the start is not', async (t) => {
  const { store, watcher, lines } = await setup(t);
  await store.addHost(1, 1, A, 80, 1, 'cli old@h');
  await watcher.poll();
  await watcher.edits.settled();
  t.same(edits(lines), [], 'the edit before the first load is history');

  await store.addHost(1, 1, A, 81, 7, 'cli alice@build-3');
  await store.setWeight(1, 1, A, 80, 5, 'console 10.0.0.9');
  await watcher.poll();
  await store.drainHost({ modid: 1, cmdid: 1, ip: A, port: 81 }, 'cli ops@h');
  await store.delHost(1, 1, A, 80, 'console 10.0.0.9');
  await watcher.poll();
  await watcher.poll();
  await watcher.edits.settled();
  t.same(edits(lines), [
    ['info', 'route edit v2 by cli alice@build-3: added 10.0.0.1:81 to 1/1 (weight 7)'],
    ['info', 'route edit v3 by console 10.0.0.9: weight 1 -> 5 for 10.0.0.1:80 in 1/1'],
    ['info', 'route edit v4 by cli ops@h: disabled 10.0.0.1:81 in 1/1'],
    ['info', 'route edit v5 by console 10.0.0.9: removed 10.0.0.1:80 from 1/1'],
  ]);
});

t.test('a storm of edits is cut at the line budget with one line saying where the rest is', async (t) => {
  const { store, watcher, lines } = await setup(t);
  await watcher.poll();
  for (let i = 0; i < EDIT_LINES_PER_APPLY + 5; i++) await store.addHost(2, 2, A, 1000 + i, 1, 'script');
  await watcher.poll();
  await watcher.edits.settled();
  const logged = edits(lines);
  t.equal(logged.length, EDIT_LINES_PER_APPLY + 1);
  t.match(logged.at(-1)?.[1], /^more route edits up to v55 not logged here/);
  await store.addHost(2, 2, A, 9, 1, 'after');
  await watcher.poll();
  await watcher.edits.settled();
  t.match(edits(lines).at(-1)?.[1], /^route edit v56 by after: added/, 'the next apply starts after the storm, not inside it');
});

t.test('an audit read that fails is said once, and the edits are logged when it answers again', async (t) => {
  const lines: Array<[string, string]> = [];
  let fail = true;
  const entry = { atMs: 0, version: 2, modid: 1, cmdid: 1, ip: A, port: 80, action: 'del' as const, detail: '', who: 'x' };
  const log = new EditLog({ editsSince: async () => (fail ? Promise.reject(new Error('store down')) : [entry]) }, (l, level = 'info') => lines.push([level, l]));
  log.startAt(1);
  log.applied(2);
  log.applied(2);
  await log.settled();
  t.same(lines, [['warn', 'cannot read the audit trail (route edits are served, not logged, until it answers): store down']]);
  t.equal(log.failures, 2);
  fail = false;
  log.applied(2);
  await log.settled();
  t.same(lines.at(-1), ['info', editText(entry)]);
});

t.test('naming a key is logged once with who, and changes no frame: no push, the same bytes as the original', async (t) => {
  const dns = new DnsService({ ip: '127.0.0.1', port: 0, maxConn: 10, maxOutBytes: 1 << 20, now: () => 0 });
  const published: DnsServerMessage[] = [];
  const { store, watcher, lines } = await setup(t, (m) => {
    published.push(m);
    if (m.type === 'routesReset' || m.type === 'routesChanged') dns.apply(m);
  });
  await store.addHost(1, 1, A, 80, 1, 'cli a@h');
  await watcher.poll();
  const port = await dns.listen();
  t.teardown(() => dns.close());
  const sub = await FramedSocket.open(port);
  t.teardown(() => sub.destroy());
  const ask = async (): Promise<Buffer> => {
    sub.send(lars.MessageId.ID_GetRouteRequest, lars.GetRouteRequest.encode({ modid: 1, cmdid: 1 }).finish());
    const f = await sub.next();
    return encodeFrame(f?.msgid ?? -1, f?.body ?? Buffer.alloc(0));
  };
  const original = originalFrame(lars.MessageId.ID_GetRouteResponse, 1, 1, [{ ip: ipv4ToInt32('10.0.0.1'), port: 80 }]);
  t.same(await ask(), original, 'before: the original\'s bytes');

  await store.setKeyName({ modid: 1, cmdid: 1 }, 'orders.get', 'cli alice@build-3');
  await store.setKeyName({ modid: 1, cmdid: 1 }, 'orders.read', 'console 10.0.0.9');
  await watcher.poll();
  await store.clearKeyName({ modid: 1, cmdid: 1 }, 'cli bob@h');
  await watcher.poll();
  await watcher.edits.settled();
  t.same(published.slice(1).map((m) => (m.type === 'routesChanged' ? [m.version, m.changes.length] : m.type)), [[3, 0], [4, 0]], 'version-only messages: no key changed');
  // A push would come before the answer on this connection: the next frame is the answer, byte for byte.
  t.same(await ask(), original, 'after: no push, and the same bytes (names never reach the wire)');
  t.same(edits(lines), [
    ['info', 'route edit v2 by cli alice@build-3: name orders.get for 1/1'],
    ['info', 'route edit v3 by console 10.0.0.9: name orders.get -> orders.read for 1/1'],
    ['info', 'route edit v4 by cli bob@h: name orders.read -> (none) for 1/1'],
  ]);
});
