/**
 * The hung-node case of galera.test.ts, on its cluster: node 1 stopped with
 * SIGSTOP answers nothing and resets nothing, as a host that lost power.
 * Four roles of their own, started for it: replica C and reporter C list
 * node 1 first (the suite's roles left node 1 when it was killed), replica D
 * and reporter D list only node 1.
 */
import type { Test } from 'tap';
import { lars } from '../../proto/generated/lars.js';
import { ipv4ToUint32 } from '../../runtime/net/ipv4.js';
import type { Store } from '../../store/store.js';
import type { StatusRow } from '../../store/statusStore.js';
import type { GaleraCluster } from '../../bench/scaleout/galeraCluster.js';
import { freeTcpPort } from '../helpers/freePorts.js';
import { FramedSocket } from '../helpers/framedSocket.js';
import type { RoleProcess } from '../helpers/roleProcess.js';
import { healthStatus, until } from '../e2e/fixtures/metrics.js';
import { CALLERS, expectedRows, roundFrames, type KeySpace } from '../actors/reporter/fixtures/reporterFixture.js';

export interface HungNodeContext {
  cluster: GaleraCluster;
  /** A store on every node, for checks. */
  admin: Store;
  /** A store on node 2 only: the route edit during the hang. */
  editor: Store;
  startDns: (t: Test, storeUrl: string, port: number) => Promise<RoleProcess>;
  startReporter: (t: Test, storeUrl: string, port: number) => Promise<RoleProcess>;
  lagBoundMs: number;
}

const KEY = { modid: 23, cmdid: 0 };
const SPACE: KeySpace = { modids: 2, hosts: 10 };
// Reporter C writes caller 7's rows, reporter D caller 8's.
const [CALLER_C, CALLER_D] = CALLERS;

export async function hungNodeCase(t: Test, c: HungNodeContext): Promise<void> {
  await c.editor.addHost(KEY.modid, KEY.cmdid, ipv4ToUint32('10.23.0.1'), 2300);
  const [dC, dD, rC, rD] = [await freeTcpPort(), await freeTcpPort(), await freeTcpPort(), await freeTcpPort()];
  const [, dnsD, , repD] = await Promise.all([
    c.startDns(t, c.cluster.url('lars', [1, 2, 3]), dC),
    c.startDns(t, c.cluster.url('lars', [1]), dD),
    c.startReporter(t, c.cluster.url('lars', [1, 2, 3]), rC),
    c.startReporter(t, c.cluster.url('lars', [1]), rD),
  ]);
  const [dnsAdmin, repAdmin] = [await dnsD.adminPort(), await repD.adminPort()];
  const subscriber = await FramedSocket.open(dC);
  t.teardown(() => subscriber.destroy());
  subscriber.send(lars.MessageId.ID_GetRouteRequest, lars.GetRouteRequest.encode(KEY).finish());
  t.equal(await nextHostCount(subscriber, () => true), 1, 'subscribed to the key on replica C');
  await report(rC, 1, CALLER_C);
  await report(rD, 1, CALLER_D);
  await until('round 1 written by both reporters', () => rowsOf(c.admin), (rows) => same(rows, 1, 1));
  t.equal((await healthStatus(dnsAdmin)).status, 200, 'replica D healthy before');
  t.equal((await healthStatus(repAdmin)).status, 200, 'reporter D healthy before');

  c.cluster.hang(1);
  const hungAt = Date.now();
  t.teardown(() => c.cluster.resume(1));
  const since = (): number => Date.now() - hungAt;
  // Watched from the hang on, alongside what follows.
  const dns503 = until('replica D says 503', () => healthStatus(dnsAdmin), (h) => h.status === 503, 20_000).then((h) => ({ ...h, at: since() }));
  const rep503 = until('reporter D says 503', () => healthStatus(repAdmin), (h) => h.status === 503, 20_000).then((h) => ({ ...h, at: since() }));
  await report(rC, 2, CALLER_C);
  await report(rD, 2, CALLER_D);
  const written = until('reporter C wrote round 2 on another node', () => rowsOf(c.admin), (rows) => same(rows, 2, undefined), 20_000).then(since);
  await c.editor.addHost(KEY.modid, KEY.cmdid, ipv4ToUint32('10.23.0.2'), 2301);
  const committed = Date.now();
  t.comment(`edit on node 2 committed ${committed - hungAt} ms after the hang (Galera evicts the hung node first)`);
  t.equal(await nextHostCount(subscriber, (n) => n === 2), 2, 'the edit reached the subscriber');
  const lag = Date.now() - committed;
  t.ok(lag <= c.lagBoundMs, `route change reached replica C's subscriber ${lag} ms after commit (bound ${c.lagBoundMs})`);
  const d = await dns503;
  t.ok(d.at <= 5000, `replica D (node 1 only) said 503 ${d.at} ms after the hang (goal 5000)`);
  t.match(d.body, /route-watcher/, 'naming the route-watcher');
  const r = await rep503;
  t.ok(r.at <= 5000, `reporter D (node 1 only) said 503 ${r.at} ms after the hang (goal 5000)`);
  const w = await written;
  t.ok(w <= 5000, `reporter C's writes resumed on another node ${w} ms after the hang (goal 5000)`);

  const resumedAt = Date.now();
  c.cluster.resume(1);
  await c.cluster.waitSynced(1);
  await c.cluster.waitSize(3);
  t.comment(`node 1 Synced again ${Date.now() - resumedAt} ms after SIGCONT`);
  await until('replica D healthy again', () => healthStatus(dnsAdmin), (h) => h.status === 200, 30_000);
  await until('reporter D healthy again', () => healthStatus(repAdmin), (h) => h.status === 200, 30_000);
  const rows = await until('reporter D wrote round 2 once node 1 was back', () => rowsOf(c.admin), (rows) => same(rows, 2, 2), 30_000);
  t.ok(same(rows, 2, 2), 'every row of both reporters at its final value');
  const routes = await FramedSocket.open(dD);
  t.teardown(() => routes.destroy());
  routes.send(lars.MessageId.ID_GetRouteRequest, lars.GetRouteRequest.encode(KEY).finish());
  t.equal(await nextHostCount(routes, () => true), 2, 'replica D serves the edit made during the hang');
}

/** One report round of SPACE from `caller`, on a connection of its own. */
async function report(port: number, round: number, caller: number): Promise<void> {
  const sock = await FramedSocket.open(port);
  sock.write(roundFrames(SPACE, round, caller));
  sock.end();
  await sock.closed;
}

/** Hosts in the next route frame that satisfies `want` (replies and pushes alike). */
async function nextHostCount(sock: FramedSocket, want: (hosts: number) => boolean): Promise<number> {
  for (;;) {
    const frame = await sock.next();
    if (frame === undefined) throw new Error('DNS closed the connection');
    if (frame.msgid !== lars.MessageId.ID_GetRouteResponse) continue;
    const hosts = lars.GetRouteResponse.decode(frame.body).host.length;
    if (want(hosts)) return hosts;
  }
}

const rowLine = (r: StatusRow): string => `${r.modid}/${r.cmdid}/${r.ip}:${r.port}/${r.caller}=${r.succCnt},${r.errCnt},${r.ts},${r.overload}`;

function rowsOf(store: Store): Promise<string[]> {
  return store.readStatus().then((rows) => rows.filter((r) => r.modid <= SPACE.modids).map(rowLine));
}

/** The rows hold caller C's round `roundC` and (unless undefined) caller D's round `roundD`. */
function same(rows: readonly string[], roundC: number, roundD: number | undefined): boolean {
  const want = (round: number, caller: number | undefined): string[] => expectedRows(SPACE, round).filter((r) => r.caller === caller).map(rowLine);
  const got = new Set(rows);
  return want(roundC, CALLER_C).every((r) => got.has(r)) && (roundD === undefined || want(roundD, CALLER_D).every((r) => got.has(r)));
}
