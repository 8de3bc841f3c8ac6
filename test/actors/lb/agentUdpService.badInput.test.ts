import t from 'tap';
import { lars } from '../../../proto/generated/lars.js';
import { A } from './fixtures/lbFixtures.js';
import { startAgent } from './fixtures/agentUdpFixtures.js';

const ID = lars.MessageId;

function frame(msgid: number, bodyLen: number, declaredLen = bodyLen, fill = 0xff): Buffer {
  const b = Buffer.alloc(8 + bodyLen, fill);
  b.writeInt32LE(msgid, 0);
  b.writeInt32LE(declaredLen, 4);
  return b;
}

t.test('bad datagrams are dropped and counted while a good caller keeps being answered', async (t) => {
  const { svc, caller } = await startAgent(t);
  svc.applyRoute(1, 2, [A], true);
  const bad = await caller();
  const good = await caller();
  const garbage = Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]); // varint past 10 bytes

  bad.raw(Buffer.alloc(0)); // empty
  bad.raw(Buffer.from([4, 0, 0])); // shorter than a header
  bad.raw(frame(ID.ID_GetHostRequest, 4, 5)); // length field says more than arrived
  bad.raw(frame(ID.ID_GetHostRequest, 4, -1)); // negative length
  bad.send(ID.ID_GetHostRequest, garbage);
  bad.send(ID.ID_ReportRequest, garbage);
  bad.send(ID.ID_API_GetRouteRequest, garbage);
  bad.send(ID.ID_GetHostRequest, Buffer.from([0x0f])); // wire type 7 does not exist
  bad.send(ID.ID_GetHostResponse, Buffer.alloc(0)); // a msgid the agent does not serve
  bad.send(999, Buffer.alloc(0));
  bad.raw(frame(ID.ID_GetHostRequest, 60_000)); // huge, length consistent
  bad.raw(frame(ID.ID_ReportRequest, 60_000, 12)); // huge, length mismatch
  const r = await good.getHost(1, 2);
  t.equal(r.retcode, lars.LarsRetCode.RET_SUCC, 'the good caller is served');
  bad.askHost(1, 2);
  t.equal((await bad.nextHost()).retcode, lars.LarsRetCode.RET_SUCC, 'and so is the bad one once it behaves');
  t.equal(bad.buffered, 0, 'nothing answered the bad datagrams');

  const s = svc.stats();
  t.equal(s.reactor.badDatagram, 5, 'empty, short, two length mismatches, huge mismatch');
  t.equal(s.reactor.badBody, 5, 'three garbage bodies, a bad wire type, one oversized');
  t.equal(s.oversizedBody, 1);
  t.equal(s.reactor.unknownMsgid, 2);
  t.equal(s.reactor.handlerError, 0);
  t.equal(s.reactor.datagramsIn, 14);
  t.equal(s.reactor.datagramsOut, 2);
  t.equal(s.getHost.succ, 2);
  t.equal(s.lb.keys, 1, 'garbage created no keys');
});

t.test('a valid body with unknown fields still decodes (protobufjs fallback)', async (t) => {
  const { svc, caller } = await startAgent(t);
  svc.applyRoute(1, 2, [A], true);
  const c = await caller();
  const body = Buffer.concat([
    Buffer.from(lars.GetHostRequest.encode({ seq: 77, modid: 1, cmdid: 2 }).finish()),
    Buffer.from([0x7a, 0x02, 0xaa, 0xbb]), // field 15, length-delimited: unknown
  ]);
  c.send(ID.ID_GetHostRequest, body);
  const r = await c.nextHost();
  t.equal(r.seq, 77);
  t.equal(r.retcode, lars.LarsRetCode.RET_SUCC);
});

t.test('caller tags that are not UTF-8 make a bad body, dropped and counted; good tags are answered', async (t) => {
  const { svc, caller } = await startAgent(t);
  svc.applyRoute(1, 2, [A], true);
  const c = await caller();
  const plain = Buffer.from(lars.GetHostRequest.encode({ seq: 78, modid: 1, cmdid: 2 }).finish());
  const before = svc.stats().reactor.badBody;
  c.send(ID.ID_GetHostRequest, Buffer.concat([plain, Buffer.from([0x22, 0x02, 0xaa, 0xbb])])); // field 4 (tags), not UTF-8
  c.send(ID.ID_GetHostRequest, Buffer.from(lars.GetHostRequest.encode({ seq: 79, modid: 1, cmdid: 2, tags: ['env=test'] }).finish()));
  const r = await c.nextHost();
  t.equal(r.seq, 79, 'the tagged request after it is answered; the bad one is not');
  t.equal(r.retcode, lars.LarsRetCode.RET_SUCC);
  t.equal(svc.stats().reactor.badBody, before + 1, 'counted as a bad body');
});
