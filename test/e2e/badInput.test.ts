/**
 * Bad input at every port of a running system (DNS TCP, reporter TCP, the
 * agent's three UDP ports), each role its own process over MariaDB: at
 * least LARS_E2E_FRAMES (default 100,000) random and mutated frames per
 * port from a seeded PRNG (LARS_E2E_SEED), each of them parsed: a TCP
 * server stops reading a connection at its first bad frame, so the TCP
 * barrage reconnects (fixtures/tcpBarrage.ts) until the server's own
 * framesIn has counted that many frames, and says how many. No process dies or restarts, a
 * well-behaved client is answered throughout, and every frame lands in the
 * counter the oracle (fixtures/fuzzFrames.ts, fixtures/streamOracle.ts) assigns it:
 * bad lengths, bad bodies, unknown msgids, truncated frames, bad datagrams,
 * oversized bodies; and the valid ones are served (GetRoute answered,
 * report results accepted and written).
 */
import t from 'tap';
import { LarsClient } from '../../client/index.js';
import { lars } from '../../proto/generated/lars.js';
import { ipv4ToInt32, ipv4ToUint32 } from '../../runtime/net/ipv4.js';
import { FramedSocket } from '../helpers/framedSocket.js';
import { freeTcpPort, freeUdpPortTriple } from '../helpers/freePorts.js';
import { mysqlWorld, startAgent, startDns, startReporter, type World } from './fixtures/cluster.js';
import type { Expected } from './fixtures/fuzzFrames.js';
import { agentTarget, dnsTarget, FUZZ_DNS_TOKEN, FUZZ_HOSTS, FUZZ_MODID, reporterTarget, resultsOf } from './fixtures/fuzzTargets.js';
import { healthStatus, scrape, settle, type Metrics } from './fixtures/metrics.js';
import { tcpBarrage } from './fixtures/tcpBarrage.js';
import { udpBarrage } from './fixtures/udpBarrage.js';

const FRAMES = Number(process.env['LARS_E2E_FRAMES'] ?? 100_000);
const SEED = Number(process.env['LARS_E2E_SEED'] ?? 0x1a55);

// 100,000 parsed frames per TCP port take a minute or more on a loaded 2-core machine; each phase still awaits its counters.
t.setTimeout(420_000);
const ID = lars.MessageId;
/** Well-behaved keys (100, c): c = 2, 0, 1 are served on agent ports 0, 1, 2 ((modid + cmdid) % 3). */
const WB_CMDID_OF_PORT = [2, 0, 1] as const;
const wbHost = (cmdid: number): { ip: string; port: number } => ({ ip: `10.100.${cmdid}.1`, port: 10_000 + cmdid });

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

function deltas(after: Metrics, before: Metrics, actor: RegExp, names: readonly string[]): Record<string, number> {
  return Object.fromEntries(names.map((n) => [n, after.counter(actor, n) - before.counter(actor, n)]));
}

function summary(e: Expected & { sessions?: number; parsed?: number }): string {
  const s = e.sessions === undefined ? '' : ` over ${e.sessions} connections`;
  const p = e.parsed === undefined ? '' : `, ${e.parsed} of them frames to parse`;
  return `${e.units} units${s}${p}: ${e.valid} valid, ${e.unknown} unknown msgid, ${e.badBody} bad body (${e.oversized} oversized), ${e.badLength} bad length, ${e.truncated} truncated, ${e.badDatagram} bad datagrams`;
}

async function barrages(w: World): Promise<void> {
  const [dnsPort, reporterPort, basePort] = [await freeTcpPort(), await freeTcpPort(), await freeUdpPortTriple()];
  for (const c of [0, 1, 2]) await w.store.addHost(100, c, ipv4ToUint32(wbHost(c).ip), wbHost(c).port);
  for (const c of [0, 1, 2]) for (const h of FUZZ_HOSTS) await w.store.addHost(FUZZ_MODID, c, h.ip >>> 0, h.port);
  const dns = await startDns(t, w.storeUrl, dnsPort, `[register]\ntoken = ${FUZZ_DNS_TOKEN}\n`);
  const reporter = await startReporter(t, w.storeUrl, reporterPort);
  const agent = await startAgent(t, { basePort, dnsPorts: [dnsPort], reporterPorts: [reporterPort], dir: w.dir });
  await agent.waitFor(/connected to reporter/);
  const admin = { dns: await dns.adminPort(), reporter: await reporter.adminPort(), agent: await agent.adminPort() };
  const client = new LarsClient({ basePort, timeoutMs: 3000 });
  t.teardown(() => client.close());
  for (const c of [0, 1, 2]) await client.getHost(100, c); // routes in the agent before the counting starts

  t.test('DNS port: TCP frames', async (t) => {
    const wb = await FramedSocket.open(dnsPort);
    t.teardown(() => wb.destroy());
    let asked = 0;
    let wrong = 0;
    const before = await scrape(admin.dns);
    const pullsBefore = (await scrape(admin.agent)).counter(/^dns-client$/, 'pulls');
    const e = await tcpBarrage({
      port: dnsPort,
      target: dnsTarget,
      seed: SEED,
      frames: FRAMES,
      between: async () => {
        wb.send(ID.ID_GetRouteRequest, lars.GetRouteRequest.encode({ modid: 100, cmdid: 1 }).finish());
        asked++;
        const f = await wb.next();
        const hosts = f && f.msgid === ID.ID_GetRouteResponse ? lars.GetRouteResponse.decode(f.body).host : [];
        if (!same(hosts.map((h) => [h.ip, h.port]), [[ipv4ToInt32(wbHost(1).ip), wbHost(1).port]])) wrong++;
      },
    });
    t.comment(`dns: ${summary(e)}`);
    const valid = (id: number): number => e.validByMsgid[id] ?? 0;
    const registrations = valid(ID.ID_RegisterRequest) + valid(ID.ID_DeregisterRequest);
    const want = {
      framesIn: e.parsed + asked,
      badLength: e.badLength, badBody: e.badBody, unknownMsgid: e.unknown, truncatedFrame: e.truncated, handlerError: 0, connAccepted: e.sessions,
      get_route: valid(ID.ID_GetRouteRequest) + asked,
      register_requests: valid(ID.ID_RegisterRequest), deregister_requests: valid(ID.ID_DeregisterRequest),
      // Every fuzzed registration carries a wrong token: refused before anything else is looked at.
      register_refused_token: registrations,
      register_malformed: (e.badBodyByMsgid[ID.ID_RegisterRequest] ?? 0) + (e.badBodyByMsgid[ID.ID_DeregisterRequest] ?? 0),
    };
    const got = await settle(async () => {
      const [m, a] = [await scrape(admin.dns), await scrape(admin.agent)];
      const d = deltas(m, before, /^dns-server$/, Object.keys(want));
      // The agent's own pulls (keys going stale) are GetRoutes too: not ours, subtracted.
      const pulls = a.counter(/^dns-client$/, 'pulls') - pullsBefore;
      return { ...d, framesIn: (d['framesIn'] ?? 0) - pulls, get_route: (d['get_route'] ?? 0) - pulls };
    }, (g) => same(g, want));
    t.same(got, want, 'every frame counted where the oracle says');
    const parsed = got.framesIn - asked;
    t.comment(`dns: ${parsed} barrage frames parsed by the DNS server (its framesIn, over ${e.sessions} connections)`);
    t.ok(parsed >= FRAMES, `the DNS server parsed ${parsed} barrage frames (at least ${FRAMES})`);
    t.equal(wrong, 0, `the well-behaved client got the right route ${asked} times during the barrage`);
    t.equal((await w.store.listHostStates()).filter((h) => h.lease !== undefined).length, 0, `none of the ${registrations} registration frames stored anything`);
  });

  t.test('reporter port: TCP frames', async (t) => {
    const wb = await FramedSocket.open(reporterPort);
    t.teardown(() => wb.destroy());
    let sent = 0;
    const before = await scrape(admin.reporter);
    const agentBefore = (await scrape(admin.agent)).counter(/^reporter-client$/, 'reports_sent');
    const e = await tcpBarrage({
      port: reporterPort,
      target: reporterTarget,
      seed: SEED + 1,
      frames: FRAMES,
      countOf: resultsOf,
      between: async () => {
        sent++;
        // The well-behaved reporter: succ counts up, so the row must end at the last value.
        wb.send(ID.ID_ReportStatusRequest, lars.ReportStatusRequest.encode({ modid: 700, cmdid: 0, caller: 9, results: [{ ip: 7, port: 7000, succ: sent }], ts: sent }).finish());
      },
    });
    t.comment(`reporter: ${summary(e)}`);
    const want = { framesIn: e.parsed + sent, badLength: e.badLength, badBody: e.badBody, unknownMsgid: e.unknown, truncatedFrame: e.truncated, handlerError: 0, connAccepted: e.sessions, requestsReceived: e.valid + sent, resultsReceived: e.items + sent, agentReports: 0 };
    const got = await settle(async () => {
      const d = deltas(await scrape(admin.reporter), before, /^reporter-server$/, Object.keys(want));
      return { ...d, framesIn: d['framesIn'] ?? 0, agentReports: (await scrape(admin.agent)).counter(/^reporter-client$/, 'reports_sent') - agentBefore };
    }, (g) => same(g, want));
    t.same(got, want, 'every frame counted where the oracle says; every result of a valid report accepted');
    const parsed = got.framesIn - sent;
    t.comment(`reporter: ${parsed} barrage frames parsed by the reporter (its framesIn, over ${e.sessions} connections)`);
    t.ok(parsed >= FRAMES, `the reporter parsed ${parsed} barrage frames (at least ${FRAMES})`);
    const drained = await settle(
      async () => {
        const m = await scrape(admin.reporter);
        const g = (n: string): number => m.gauge(/^reporter-server$/, n);
        const c = (n: string): number => m.counter(/^reporter-server$/, n);
        return { waiting: g('rowsPending') + g('rowsInFlight'), accepted: g('rowsAccepted'), writtenPlusDropped: c('rowsWritten') + c('rowsDropped'), dropped: c('rowsDropped') };
      },
      (d) => d.waiting === 0 && d.accepted === d.writtenPlusDropped,
      30_000,
    );
    t.same(drained, { waiting: 0, accepted: drained.writtenPlusDropped, writtenPlusDropped: drained.accepted, dropped: 0 }, `all ${drained.accepted} accepted rows written, none dropped`);
    const row = await w.store.readStatus({ modid: 700 });
    t.same(row.map((r) => r.succCnt), [sent], "the well-behaved reporter's last report is the row");
  });

  t.test('agent ports: UDP datagrams', async (t) => {
    const synced = [0, 0, 0];
    let wrong = 0;
    const before = await scrape(admin.agent);
    const names = ['datagramsIn', 'badDatagram', 'unknownMsgid', 'badBody', 'oversizedBody', 'handlerError'] as const;
    const expected = await udpBarrage({
      basePort,
      target: agentTarget,
      seed: SEED + 2,
      unitsPerPort: FRAMES,
      sync: async (i) => {
        const cmdid = WB_CMDID_OF_PORT[i] as number;
        const host = await client.getHost(100, cmdid).catch(() => undefined);
        synced[i] = (synced[i] ?? 0) + 1;
        if (!same(host, wbHost(cmdid))) wrong++;
      },
    });
    const after = await settle(
      () => scrape(admin.agent),
      (m) => [0, 1, 2].every((i) => m.counter(new RegExp(`^udp-server-${i}$`), 'datagramsIn') - before.counter(new RegExp(`^udp-server-${i}$`), 'datagramsIn') >= (expected[i]?.units ?? 0)),
    );
    for (const [i, e] of expected.entries()) {
      t.comment(`agent port ${i}: ${summary(e)}`);
      t.ok(e.units >= FRAMES, `port ${i}: ${e.units} datagrams sent`);
      const want = { datagramsIn: e.units + (synced[i] ?? 0), badDatagram: e.badDatagram, unknownMsgid: e.unknown, badBody: e.badBody, oversizedBody: e.oversized, handlerError: 0 };
      t.same(deltas(after, before, new RegExp(`^udp-server-${i}$`), names), want, `port ${i}: every datagram read (none lost) and counted where the oracle says`);
    }
    t.equal(wrong, 0, `the well-behaved client got its host ${synced.reduce((a, b) => a + b, 0)} times during the barrage`);
  });

  t.test('every process alive, none restarted, all healthy', async (t) => {
    for (const [name, p] of [['dns', dns], ['reporter', reporter], ['agent', agent]] as const) t.equal(p.child.exitCode, null, `${name} alive`);
    for (const [name, port] of Object.entries(admin)) {
      t.equal((await scrape(port)).total('lars_actor_restarts_total'), 0, `${name}: no actor restarted`);
      t.equal((await healthStatus(port)).status, 200, `${name}: /healthz 200`);
    }
  });
}

const world = await mysqlWorld(t);
if (world) await barrages(world);
