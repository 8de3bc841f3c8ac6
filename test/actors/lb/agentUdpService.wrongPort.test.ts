/**
 * Requests on a port that does not own their key (issue #12 §6): handed to
 * the owner, answered from the owner's one LB state, sent back from the
 * port the client asked (the callers here have connected sockets, so a
 * reply from any other port would never arrive), and counted as wrongPort.
 */
import t, { type Test } from 'tap';
import { lars } from '../../../proto/generated/lars.js';
import { encodeFrame } from '../../../runtime/reactor/frame.js';
import { A, B, C } from './fixtures/lbFixtures.js';
import { startAgent, type AgentCaller, type Reply } from './fixtures/agentUdpFixtures.js';
import { startTrio, type AgentTrio } from './fixtures/agentTrio.js';

const RET = lars.LarsRetCode;
const ID = lars.MessageId;
// (modid + cmdid) % 3 == 0: owned by port 0, wrong on ports 1 and 2.
const [MODID, CMDID] = [1, 2];
const label = (h: { ip?: number | null; port?: number | null }): string => `${h.ip ?? 0}:${h.port ?? 0}`;

/** Resolves once `done()` holds; the hand-overs cross event-loop turns, so poll turn by turn. */
async function until(what: string, done: () => boolean): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setImmediate(r));
  }
}

/** `n` getHosts in turn, the i-th on `callers[i % callers.length]`; the raw replies. */
async function askInTurn(callers: AgentCaller[], n: number): Promise<Reply[]> {
  const replies: Reply[] = [];
  for (let i = 0; i < n; i++) {
    const c = callers[i % callers.length] as AgentCaller;
    c.askHost(MODID, CMDID, i + 1);
    replies.push(await c.next());
  }
  return replies;
}

async function routedTrio(t: Test): Promise<AgentTrio> {
  const trio = await startTrio(t);
  t.equal(trio.owner(MODID, CMDID), 0);
  trio.route(MODID, CMDID, [A, B, C]);
  return trio;
}

t.test('getHost on the wrong ports: the same answers, byte for byte, as on the right port', async (t) => {
  const right = await routedTrio(t);
  const mixed = await routedTrio(t);
  const today = await startAgent(t);
  today.svc.applyRoute(MODID, CMDID, [A, B, C], true);

  const onRight = await askInTurn([await right.caller(0)], 12);
  const onAll = await askInTurn([await mixed.caller(1), await mixed.caller(2), await mixed.caller(0)], 12);
  const standalone = await askInTurn([await today.caller()], 12);
  t.strictSame(onAll.map((r) => r.body.toString('hex')), onRight.map((r) => r.body.toString('hex')), 'one LB state per key: the same sequence whichever port is asked');
  t.strictSame(onRight.map((r) => r.body.toString('hex')), standalone.map((r) => r.body.toString('hex')), 'right-port replies are what a lone service sends today');
  t.ok(onAll.every((r) => r.msgid === ID.ID_GetHostResponse));
  const hosts = onAll.map((r) => lars.GetHostResponse.decode(r.body)).map((r) => (r.retcode === RET.RET_SUCC ? label(r.host ?? {}) : 'fail'));
  t.strictSame(new Set(hosts), new Set([label(A), label(B), label(C)]), 'every host served, none failed');

  const [owner, wrong1, wrong2] = mixed.services.map((s) => s.stats());
  t.equal(wrong1?.wrongPort, 4, 'counted on the port that was asked');
  t.equal(wrong2?.wrongPort, 4);
  t.equal(owner?.wrongPort, 0, 'the owner is never the wrong port');
  t.equal(owner?.wrongPortServed, 8, 'the owner served them');
  t.equal(owner?.getHost.succ, 4, 'responses are counted where they leave');
  t.equal(wrong1?.getHost.succ, 4);
  t.equal(wrong1?.reactor.datagramsOut, 4, 'sent from the asked port');
  t.equal(owner?.reactor.datagramsOut, 4);
  t.equal(wrong1?.lb.keys, 0, 'no table for the key on a wrong port');
  t.equal(right.services[0]?.stats().wrongPort, 0, 'the right port forwards nothing');
});

t.test('API getRoute on a wrong port answers the route', async (t) => {
  const trio = await routedTrio(t);
  const bodies: string[] = [];
  for (const index of [0, 1, 2]) {
    const c = await trio.caller(index);
    c.askRoute(MODID, CMDID);
    const r = await c.next();
    t.equal(r.msgid, ID.ID_API_GetRouteResponse);
    bodies.push(r.body.toString('hex'));
  }
  t.equal(new Set(bodies).size, 1, 'the same bytes on every port');
  t.strictSame(lars.GetRouteResponse.decode(Buffer.from(bodies[0] as string, 'hex')).host.map(label), [A, B, C].map(label));
  t.strictSame(trio.services.map((s) => s.stats().wrongPort), [0, 1, 1]);
  t.strictSame(trio.services.map((s) => s.stats().apiGetRoute), [1, 1, 1]);
});

t.test('reports on a wrong port reach the owner: they drive a host overloaded there', async (t) => {
  const trio = await routedTrio(t);
  const wrong = await trio.caller(2);
  const owner = trio.services[0];
  if (!owner) throw new Error('no owner');
  // contin_err_limit defaults to 15 failures in a row.
  for (let i = 0; i < 15; i++) wrong.report(MODID, CMDID, B, RET.RET_SYSTEM_ERROR);
  await until('15 reports at the owner', () => owner.stats().wrongPortServed === 15);
  const key = owner.lbState({ modid: MODID, cmdid: CMDID }, Date.now(), 1).keys[0];
  t.strictSame(key?.hosts.filter((h) => h.state === 'overloaded').map((h) => h.port), [B.port], 'B overloaded in the owner table');
  t.equal(owner.stats().lb.reports, 15);
  t.equal(trio.services[2]?.stats().wrongPort, 15);
  for (const index of [1, 2]) t.strictSame(trio.services[index]?.lbState(undefined, Date.now(), 10).keys, [], `port ${index} keeps no table`);
  const picks = await askInTurn([wrong], 6);
  t.notOk(picks.some((r) => label(lars.GetHostResponse.decode(r.body).host ?? {}) === label(B)), 'B is avoided when asked on the wrong port');
});

t.test('an unknown key on a wrong port: pulled once by the owner, answered when the route arrives', async (t) => {
  const trio = await startTrio(t);
  const [c0, c1, c2] = [await trio.caller(0), await trio.caller(1), await trio.caller(2)];
  const s1 = c1.askHost(MODID, CMDID);
  const s2 = c2.askHost(MODID, CMDID);
  c1.askRoute(MODID, CMDID);
  const s0 = c0.askHost(MODID, CMDID);
  await until('4 requests parked at the owner', () => trio.services[0]?.stats().parkedNow === 4);
  t.strictSame(trio.pulls, [`0:${MODID}:${CMDID}`], 'one pull, by the owner');
  t.equal(c1.buffered + c2.buffered + c0.buffered, 0, 'nobody answered before the route');
  trio.route(MODID, CMDID, [A]);
  t.strictSame([(await c1.nextHost()).seq, (await c2.nextHost()).seq, (await c0.nextHost()).seq], [s1, s2, s0]);
  t.strictSame((await c1.nextRoute()).host.map(label), [label(A)]);
  t.equal(trio.services[0]?.stats().parkedAnsweredOnRoute, 4);

  // A key DNS never answers: the wrong-port caller gets RET_NOEXIST at pull_wait_ms, as on the right port.
  c2.askHost(7, 8); // (7 + 8) % 3 == 0
  await until('parked', () => trio.services[0]?.stats().parkedNow === 1);
  trio.clock.advance(50);
  t.equal((await c2.nextHost()).retcode, RET.RET_NOEXIST);
});

t.test('a hand-over that cannot be sent is answered at once and counted', async (t) => {
  const trio = await routedTrio(t);
  trio.refuse = true;
  const c = await trio.caller(1);
  t.equal((await c.getHost(MODID, CMDID)).retcode, RET.RET_SYSTEM_ERROR, 'getHost: RET_SYSTEM_ERROR, not a timeout');
  c.askRoute(MODID, CMDID);
  t.strictSame((await c.nextRoute()).host, [], 'getRoute: an empty route');
  c.report(MODID, CMDID, A, RET.RET_SUCC);
  await until('the report counted', () => trio.services[1]?.stats().wrongPortRefused === 3);
  const s = trio.services[1]?.stats();
  t.equal(s?.wrongPort, 3);
  t.equal(s?.getHost.systemError, 1);
  t.equal(trio.services[0]?.stats().wrongPortServed, 0);
});

t.test('an answer the asked port cannot take back is counted by the owner', async (t) => {
  const trio = await routedTrio(t);
  const c = await trio.caller(1);
  c.askHost(7, 8); // unknown: parks at the owner, so the answer leaves after refuse is set
  await until('parked', () => trio.services[0]?.stats().parkedNow === 1);
  trio.refuse = true;
  trio.route(7, 8, [A]);
  t.equal(trio.services[0]?.stats().wrongPortAnswersLost, 1);
  t.equal(c.buffered, 0);
});

t.test('malformed datagrams on every port are counted and dropped, never handed over', async (t) => {
  const trio = await routedTrio(t);
  const garbage = Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]);
  for (const index of [0, 1, 2]) {
    const bad = await trio.caller(index);
    bad.raw(Buffer.from([4, 0, 0]));
    bad.send(ID.ID_GetHostRequest, garbage);
    bad.send(ID.ID_ReportRequest, garbage);
    bad.send(ID.ID_API_GetRouteRequest, garbage);
    bad.raw(encodeFrame(ID.ID_GetHostRequest, Buffer.alloc(5_000, 0x08)));
    bad.send(999, Buffer.alloc(0));
    t.equal((await bad.getHost(MODID, CMDID)).retcode, RET.RET_SUCC, `port ${index} still serves`);
    t.equal(bad.buffered, 0, 'nothing answered the garbage');
  }
  for (const [index, s] of trio.services.map((svc) => svc.stats()).entries()) {
    t.equal(s.reactor.badDatagram, 1, `port ${index}: short datagram`);
    t.equal(s.reactor.badBody, 4, `port ${index}: three garbage bodies, one oversized`);
    t.equal(s.reactor.unknownMsgid, 1);
    t.equal(s.reactor.handlerError, 0);
    t.equal(s.wrongPort, index === 0 ? 0 : 1, `port ${index}: only the good getHost was handed over`);
  }
});
