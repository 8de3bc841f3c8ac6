/**
 * Replies are matched by seq. A scripted fake agent (one port) answers late,
 * twice, out of order or wrongly, which a real agent never does on purpose;
 * seq wrap-around runs against the real agent service.
 */
import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import t from 'tap';
import { AgentLink, type LinkOwner } from '../../client/agentLink.js';
import { CALL_HOST, ClientCounters } from '../../client/clientStats.js';
import { LarsClient, type Host } from '../../client/index.js';
import { newPendingCall, promiseOf } from '../../client/pendingCall.js';
import { lars } from '../../proto/generated/lars.js';
import { ipv4ToInt32 } from '../../runtime/net/ipv4.js';
import { encodeFrame } from '../../runtime/reactor/frame.js';
import { parseDatagram } from '../../runtime/reactor/datagram.js';
import { AgentFixture } from '../helpers/agentFixture.js';

interface Asked {
  seq: number;
  modid: number;
  cmdid: number;
  from: RemoteInfo;
}

/** Takes GetHostRequests and answers only when the test says so. */
class FakeAgent {
  private asked: Asked[] = [];
  private waiters: Array<(a: Asked) => void> = [];

  private constructor(readonly socket: Socket, readonly port: number) {
    socket.on('message', (msg, from) => {
      const f = parseDatagram(msg);
      if (f?.msgid !== lars.MessageId.ID_GetHostRequest) return;
      const r = lars.GetHostRequest.decode(f.body);
      const a = { seq: r.seq, modid: r.modid, cmdid: r.cmdid, from };
      const w = this.waiters.shift();
      if (w) w(a);
      else this.asked.push(a);
    });
  }

  /** Bound to a port usable as a client's basePort (key index 0 lands on it). */
  static async start(): Promise<FakeAgent> {
    for (;;) {
      const socket = createSocket('udp4');
      const port = await new Promise<number>((resolve) => socket.bind(0, '127.0.0.1', () => resolve(socket.address().port)));
      if (port <= 65533) return new FakeAgent(socket, port);
      socket.close();
    }
  }

  next(): Promise<Asked> {
    const a = this.asked.shift();
    if (a) return Promise.resolve(a);
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  answer(a: Asked, host: Host | null, over: Partial<{ seq: number; modid: number; retcode: number }> = {}): void {
    const body = lars.GetHostResponse.encode({
      seq: over.seq ?? a.seq,
      modid: over.modid ?? a.modid,
      cmdid: a.cmdid,
      retcode: over.retcode ?? 0,
      ...(host === null ? {} : { host: { ip: ipv4ToInt32(host.ip), port: host.port } }),
    }).finish();
    this.raw(a, encodeFrame(lars.MessageId.ID_GetHostResponse, body));
  }

  raw(a: Asked, bytes: Uint8Array): void {
    this.socket.send(bytes, a.from.port, a.from.address);
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.socket.close(() => resolve()));
  }
}

const A = { ip: '10.0.0.1', port: 1001 };
const B = { ip: '10.0.0.2', port: 1002 };

t.test('a reply after its call timed out is ignored and counted; the next call is not confused by it', async (t) => {
  const agent = await FakeAgent.start();
  t.teardown(() => agent.close());
  const client = new LarsClient({ basePort: agent.port, timeoutMs: 5_000 });
  t.teardown(() => client.close());

  const first = client.getHost(3, 0, { timeoutMs: 30 });
  const asked1 = await agent.next();
  await t.rejects(first, { code: 'TIMEOUT' });
  agent.answer(asked1, A);

  const second = client.getHost(3, 0);
  const asked2 = await agent.next();
  t.not(asked2.seq, asked1.seq, 'a new seq for the new call');
  agent.answer(asked1, A); // the stale answer again, just before the real one
  agent.answer(asked2, B);
  t.same(await second, B);
  const s = client.stats();
  t.equal(s.lateReplies, 2, 'both stale replies counted');
  t.equal(s.getHost.ok, 1);
  t.equal(s.getHost.errors.TIMEOUT, 1);
});

t.test('concurrent calls each get their own answer, whatever the reply order', async (t) => {
  const agent = await FakeAgent.start();
  t.teardown(() => agent.close());
  const client = new LarsClient({ basePort: agent.port, timeoutMs: 5_000 });
  t.teardown(() => client.close());
  const p1 = client.getHost(3, 0);
  const p2 = client.getHost(3, 0);
  const p3 = t.rejects(client.getHost(3, 0), { code: 'OVERLOAD' });
  const a1 = await agent.next();
  const a2 = await agent.next();
  const a3 = await agent.next();
  agent.answer(a3, null, { retcode: 1 });
  agent.answer(a2, B);
  agent.answer(a1, A);
  t.same(await p1, A);
  t.same(await p2, B);
  await p3;
});

t.test('replies that are not an answer to the call are counted as bad and do not settle it', async (t) => {
  const agent = await FakeAgent.start();
  t.teardown(() => agent.close());
  const client = new LarsClient({ basePort: agent.port, timeoutMs: 5_000 });
  t.teardown(() => client.close());
  const p = t.rejects(client.getHost(3, 0), { code: 'SYSTEM', message: /success without a host/ });
  const a = await agent.next();
  agent.answer(a, A, { modid: 99 }); // right seq, wrong key
  agent.raw(a, Buffer.from([5, 0, 0, 0, 9, 0, 0, 0, 1])); // length field says 9, body has 1
  agent.raw(a, encodeFrame(lars.MessageId.ID_GetHostResponse, Buffer.from([0xff, 0xff]))); // body does not decode
  agent.raw(a, encodeFrame(lars.MessageId.ID_ReportRequest, Buffer.alloc(0))); // not a reply
  agent.answer(a, null); // success without a host
  await p;
  t.equal(client.stats().badReplies, 4);
});

t.test('seq wraps from 2^32 - 1 to 0 and replies still match (real agent)', async (t) => {
  const agent = await AgentFixture.start({ routes: [{ modid: 3, cmdid: 0, hosts: [A] }] });
  t.teardown(() => agent.close());
  const counters = new ClientCounters();
  const owner: LinkOwner = { counters, succeed: (p, v) => p.resolve(v), fail: (p, e) => p.reject(e) };
  const link = new AgentLink('127.0.0.1', agent.basePort, owner, 0xfffffffe);
  t.teardown(() => link.close());
  const calls = [0, 1, 2, 3].map(() => newPendingCall(CALL_HOST, 3, 0, agent.basePort, 1000));
  const answers = calls.map((p) => promiseOf<Host>(p));
  for (const p of calls) link.sendGetHost(p);
  t.same(calls.map((p) => p.seq), [0xfffffffe, 0xffffffff, 0, 1]);
  t.same(await Promise.all(answers), [A, A, A, A]);
  t.equal(counters.lateReplies + counters.badReplies, 0);
});
