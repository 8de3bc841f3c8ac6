/** The hand-written request frames decode, with protobufjs, to exactly what was encoded. */
import t from 'tap';
import { getHostFrame, reportFrame, apiGetRouteFrame } from '../../client/wire.js';
import { lars } from '../../proto/generated/lars.js';
import { parseDatagram } from '../../runtime/reactor/datagram.js';
import { encodeFrame } from '../../runtime/reactor/frame.js';

const INT32 = [0, 1, 127, 128, 16_383, 16_384, 2_097_151, 2_097_152, 268_435_455, 268_435_456, 0x7fffffff, -1, -939_458_045, -0x80000000];

function body(frame: Buffer, msgid: number): Buffer {
  const f = parseDatagram(frame);
  if (f === undefined) throw new Error('not one frame');
  if (f.msgid !== msgid) throw new Error(`msgid ${f.msgid}`);
  return f.body;
}

t.test('GetHostRequest over the varint boundaries, negative ids and the whole seq range', async (t) => {
  for (const v of INT32) {
    for (const seq of [0, 1, 0x7fffffff, 0x80000000, 0xffffffff]) {
      const m = lars.GetHostRequest.decode(body(getHostFrame(seq, v, -v | 0), lars.MessageId.ID_GetHostRequest));
      if (m.seq !== seq || m.modid !== v || m.cmdid !== (-v | 0)) t.fail(`seq ${seq} modid ${v}: got ${JSON.stringify(m)}`);
    }
  }
  t.same(getHostFrame(0, 0, 0), Buffer.from([4, 0, 0, 0, 0, 0, 0, 0]), 'zero fields are left out, as proto3 does');
  t.equal(getHostFrame(1, -1, 1).length, 8 + 2 + 11 + 2, 'a negative int32 takes ten bytes');
});

t.test('GetHostRequest with caller tags: protobufjs reads them back; without, the original\'s bytes', async (t) => {
  const tags = ['env=test', 'version=' + 'v'.repeat(64), 'k=1'];
  const m = lars.GetHostRequest.decode(body(getHostFrame(7, 1, 2, tags), lars.MessageId.ID_GetHostRequest));
  t.same({ seq: m.seq, modid: m.modid, cmdid: m.cmdid, tags: m.tags }, { seq: 7, modid: 1, cmdid: 2, tags });
  t.same(getHostFrame(7, 1, 2, []), getHostFrame(7, 1, 2), 'no tags: no field 4');
  t.same(getHostFrame(7, 1, 2), Buffer.from(encodeFrame(lars.MessageId.ID_GetHostRequest, lars.GetHostRequest.encode({ seq: 7, modid: 1, cmdid: 2 }).finish())));
});

t.test('ReportRequest keeps every field, and always carries a host', async (t) => {
  for (const v of INT32) {
    const frame = reportFrame(v, 7, v, 65_535, v);
    const m = lars.ReportRequest.decode(body(frame, lars.MessageId.ID_ReportRequest));
    t.same({ modid: m.modid, cmdid: m.cmdid, ip: m.host?.ip, port: m.host?.port, retcode: m.retcode }, { modid: v, cmdid: 7, ip: v, port: 65_535, retcode: v });
  }
  const empty = lars.ReportRequest.decode(body(reportFrame(0, 0, 0, 0, 0), lars.MessageId.ID_ReportRequest));
  t.ok(empty.host, 'host present even as 0.0.0.0:0');
});

t.test('API GetRouteRequest', async (t) => {
  const m = lars.GetRouteRequest.decode(body(apiGetRouteFrame(-5, 9), lars.MessageId.ID_API_GetRouteRequest));
  t.same({ modid: m.modid, cmdid: m.cmdid }, { modid: -5, cmdid: 9 });
});
