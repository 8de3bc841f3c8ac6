/**
 * Issue 20 §3 on a real dns role process and real sockets, scaled down:
 * seven connections from one address ask for 5,000 unknown keys each, more
 * than max_subscriptions (20,000 here). Before the waiting table those asks
 * filled the one bound, and a new agent got its first answer and never a
 * push. Now a new subscriber to a key that exists, from the flood's own
 * address, gets the next change within poll_interval + 1 s; a waiter from
 * another address that asked before the flood, and one that asked after it,
 * both get their key's first hosts pushed; the flood's address is held to
 * its share (max_waiting_subscriptions_per_ip), counted and warned about.
 * The ini only uses keys that main already had, so the file runs unchanged
 * against main, where it fails.
 */
import t from 'tap';
import { join } from 'node:path';
import { lars } from '../../../proto/generated/lars.js';
import { ipv4ToUint32 } from '../../../runtime/net/ipv4.js';
import { encodeFrame } from '../../../runtime/reactor/frame.js';
import { openStore } from '../../../store/openStore.js';
import { FramedSocket } from '../../helpers/framedSocket.js';
import { RoleProcess } from '../../helpers/roleProcess.js';
import { runLars } from '../../helpers/runLars.js';
import { Metrics } from '../../e2e/fixtures/metrics.js';

const POLL_S = 0.2;
const FLOOD_CONNS = 7;
const FLOOD_KEYS = 5000;
const DNS_INI = `[admin]\nadmin_port = 0\n[dns]\nport = 0\npoll_interval = ${POLL_S}\nmax_subscriptions = 20000\nmax_subscriptions_per_conn = ${FLOOD_KEYS}\n`;
const EXISTING = { modid: 1, cmdid: 1 };
const EARLY = { modid: 2, cmdid: 1 };
const LATE = { modid: 2, cmdid: 2 };
const GET_ROUTE = lars.MessageId.ID_GetRouteRequest;

function askFrame(modid: number, cmdid: number): Buffer {
  return encodeFrame(GET_ROUTE, lars.GetRouteRequest.encode({ modid, cmdid }).finish());
}

async function route(c: FramedSocket): Promise<{ modid: number; cmdid: number; hosts: number }> {
  const f = await c.next();
  if (!f) throw new Error('DNS closed the connection');
  const r = lars.GetRouteResponse.decode(f.body);
  return { modid: r.modid, cmdid: r.cmdid, hosts: r.host.length };
}

/** The next frame within `ms`, or undefined: a push that does not come must fail the test, not hang it. */
async function routeWithin(c: FramedSocket, ms: number): Promise<{ modid: number; cmdid: number; hosts: number } | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), ms)));
  try {
    return await Promise.race([route(c), late]);
  } finally {
    clearTimeout(timer);
  }
}

async function metric(adminPort: number, name: string): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${adminPort}/metrics`)).text();
  return new Metrics(text).counter(/^dns-server$/, name);
}

t.test('a flood of unknown keys from one address leaves every subscriber of a real key its pushes', async (t) => {
  const url = `sqlite:${join(t.testdir(), 'lars.db')}`;
  t.equal((await runLars(['db', 'init', '--store', url])).code, 0);
  const store = await openStore(url);
  t.teardown(() => store.close());
  await store.addHost(EXISTING.modid, EXISTING.cmdid, ipv4ToUint32('10.0.0.1'), 80);
  const dns = RoleProcess.start(t, 'dns', { 'dns.ini': DNS_INI }, ['--store', url]);
  const port = Number((await dns.waitFor(/serving routes version -?\d+ on 127\.0\.0\.1:(\d+)/))[1]);
  const adminPort = await dns.adminPort();

  // Another host's agent waiting for a key that has no hosts yet, before the flood.
  const early = await FramedSocket.open(port, '127.0.0.1', '127.0.0.2');
  early.send(GET_ROUTE, lars.GetRouteRequest.encode(EARLY).finish());
  t.same(await route(early), { ...EARLY, hosts: 0 });

  const flood = await Promise.all(Array.from({ length: FLOOD_CONNS }, () => FramedSocket.open(port)));
  await Promise.all(
    flood.map(async (c, i) => {
      const asks: Buffer[] = [];
      for (let k = 0; k < FLOOD_KEYS; k++) asks.push(askFrame(1000 + i, k));
      c.write(Buffer.concat(asks));
      for (let k = 0; k < FLOOD_KEYS; k++) await route(c);
    }),
  );
  t.pass(`${FLOOD_CONNS} connections asked for ${FLOOD_CONNS * FLOOD_KEYS} unknown keys, every ask answered`);

  // A new agent on the flood's own address: a key that exists, and one that does not yet.
  const agent = await FramedSocket.open(port);
  agent.send(GET_ROUTE, lars.GetRouteRequest.encode(EXISTING).finish());
  t.same(await route(agent), { ...EXISTING, hosts: 1 }, 'the new agent gets its first answer');
  const late = await FramedSocket.open(port);
  late.send(GET_ROUTE, lars.GetRouteRequest.encode(LATE).finish());
  t.same(await route(late), { ...LATE, hosts: 0 });

  const bound = POLL_S * 1000 + 1000;
  let started = Date.now();
  await store.addHost(EXISTING.modid, EXISTING.cmdid, ipv4ToUint32('10.0.0.2'), 80);
  const pushed = await routeWithin(agent, bound);
  t.same(pushed, { ...EXISTING, hosts: 2 }, `the new subscriber of an existing key is pushed its change (${Date.now() - started} ms, bound ${bound} ms)`);

  started = Date.now();
  await store.addHost(EARLY.modid, EARLY.cmdid, ipv4ToUint32('10.0.0.3'), 80);
  await store.addHost(LATE.modid, LATE.cmdid, ipv4ToUint32('10.0.0.4'), 80);
  const [toEarly, toLate] = await Promise.all([routeWithin(early, bound), routeWithin(late, bound)]);
  t.same(toEarly, { ...EARLY, hosts: 1 }, 'a waiter from another address, asked before the flood, kept: pushed the first hosts');
  t.same(toLate, { ...LATE, hosts: 1 }, `a waiter asked after the flood, from its address, kept: pushed the first hosts (${Date.now() - started} ms)`);

  const held = await metric(adminPort, 'subscriptions_waiting');
  t.ok(held <= 20_000, `the flood's address held to its share of the waiting table (${held} waiting)`);
  t.ok((await metric(adminPort, 'waiting_evicted_ip')) >= FLOOD_CONNS * FLOOD_KEYS - 20_000, 'the asks past the share evicted the address\'s oldest, counted');
  t.equal(await metric(adminPort, 'waiting_promoted'), 2, 'both waiters moved to the routed table with their key\'s first hosts');
  await dns.waitFor(/waiting subscriptions \(keys with no route\) full: connections from 127\.0\.0\.1 hold max_waiting_subscriptions_per_ip \(20000\)/);
  for (const c of [early, agent, late, ...flood]) c.destroy();
});
