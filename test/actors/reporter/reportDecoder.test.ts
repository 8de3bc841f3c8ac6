/** The hand-written ReportStatusRequest reader against protobufjs, on valid, odd and broken bodies. */
import t from 'tap';
import { lars } from '../../../proto/generated/lars.js';
import { decodeReport, decodeReportFast, type ReportSink } from '../../../actors/reporter/reportDecoder.js';

type Decoded = { head: number[]; results: Array<[number, number, number, number, boolean]>; refused: Array<[number, number]> } | 'throws';

const NO_SINK: ReportSink = { header: () => undefined, result: () => undefined, refused: () => undefined };

function collect(fn: (sink: ReportSink) => unknown): Decoded {
  const out = { head: [] as number[], results: [] as Array<[number, number, number, number, boolean]>, refused: [] as Array<[number, number]> };
  try {
    fn({
      header: (h) => void out.head.push(h.modid, h.cmdid, h.caller, h.ts),
      result: (ip, port, succ, err, overload) => void out.results.push([ip, port, succ, err, overload]),
      refused: (ip, port) => void out.refused.push([ip, port]),
    });
  } catch {
    return 'throws';
  }
  return out;
}

/** protobufjs, and the rule for hosts that cannot exist written out again: ip 0, port outside 1..65535. */
function reference(body: Uint8Array): Decoded {
  try {
    const r = lars.ReportStatusRequest.decode(body);
    const real = (x: lars.IHostCallResult): boolean => (x.ip ?? 0) !== 0 && (x.port ?? 0) > 0 && (x.port ?? 0) < 65536;
    return {
      head: [r.modid, r.cmdid, r.caller, r.ts],
      results: r.results.filter(real).map((x) => [x.ip ?? 0, x.port ?? 0, x.succ ?? 0, x.err ?? 0, x.overload === true] as [number, number, number, number, boolean]),
      refused: r.results.filter((x) => !real(x)).map((x) => [x.ip ?? 0, x.port ?? 0] as [number, number]),
    };
  } catch {
    return 'throws';
  }
}

let seed = 12345;
const rnd = (n: number): number => {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return seed % n;
};
const int32 = (): number => [0, 1, -1, 127, 128, 2147483647, -2147483648, rnd(100000) - 50000, -939458045][rnd(9)] as number;
const uint32 = (): number => [0, 1, 300, 4294967295, rnd(1 << 30)][rnd(5)] as number;

function randomRequest(): Uint8Array {
  const results = Array.from({ length: rnd(12) }, () => ({ ip: int32(), port: int32(), succ: uint32(), err: uint32(), overload: rnd(2) === 1 }));
  return lars.ReportStatusRequest.encode({ modid: int32(), cmdid: int32(), caller: int32(), results, ts: uint32() }).finish();
}

t.test('well-formed bodies take the fast path and decode as protobufjs does', async (t) => {
  for (let i = 0; i < 3000; i++) {
    const body = randomRequest();
    const fast = collect((sink) => {
      if (!decodeReportFast(body, sink)) throw new Error('fell back');
    });
    if (JSON.stringify(fast) !== JSON.stringify(reference(body))) return t.fail(`body ${Buffer.from(body).toString('hex')}`);
  }
  t.pass('3,000 random requests agree');
});

t.test('mutated, truncated and extended bodies: same result or both rejected', async (t) => {
  let fastTaken = 0;
  for (let i = 0; i < 6000; i++) {
    const body = Buffer.from(randomRequest());
    const kind = rnd(4);
    let mutated: Buffer;
    if (kind === 0 && body.length > 0) {
      mutated = Buffer.from(body);
      mutated[rnd(body.length)] = rnd(256);
    } else if (kind === 1) mutated = body.subarray(0, rnd(body.length + 1));
    else if (kind === 2) mutated = Buffer.concat([body, Buffer.from([(6 + rnd(20)) << 3 | [0, 1, 2, 5][rnd(4)]!, rnd(128), 1, 2, 3, 4, 5, 6, 7, 8])]);
    else mutated = Buffer.concat([Buffer.from([0x22, 0x04, 0x08, rnd(256), 0x48, rnd(128)]), body]);
    if (decodeReportFast(mutated, NO_SINK)) fastTaken++;
    const got = collect((sink) => decodeReport(mutated, sink));
    const want = reference(mutated);
    if (JSON.stringify(got) !== JSON.stringify(want)) return t.fail(`kind ${kind}: ${mutated.toString('hex')}`);
  }
  t.ok(fastTaken > 1000, `${fastTaken} of 6,000 odd bodies still took the fast path`);
});

t.test('a tag longer than 32 bits is refused as protobufjs refuses it', async (t) => {
  // Found by the e2e fuzz: a 5-byte tag whose last byte carries bits past 32.
  const body = Buffer.from('08d9041801220da98080f05110f02e189b032010', 'hex');
  t.equal(decodeReportFast(body, NO_SINK), false);
  t.throws(() => decodeReport(body, NO_SINK), { code: 'BAD_BODY' });
});

t.test('random bytes: never accepted where protobufjs rejects, same values where both accept', async (t) => {
  for (let i = 0; i < 200_000; i++) {
    const body = Buffer.alloc(rnd(48));
    for (let j = 0; j < body.length; j++) body[j] = rnd(256);
    if (rnd(2) === 0 && body.length > 2) body[0] = 0x22; // often a results field first
    const got = collect((sink) => decodeReport(body, sink));
    if (JSON.stringify(got) !== JSON.stringify(reference(body))) return t.fail(body.toString('hex'));
  }
  t.pass('200,000 random bodies agree');
});

t.test('a bad result after good ones applies nothing', async (t) => {
  const good = lars.ReportStatusRequest.encode({ modid: 1, cmdid: 2, results: [{ ip: 1, port: 2, succ: 3 }] }).finish();
  const body = Buffer.concat([Buffer.from(good), Buffer.from([0x22, 0x02, 0x08])]); // a result cut short
  const seen: number[] = [];
  t.throws(() => decodeReport(body, { ...NO_SINK, result: (ip) => void seen.push(ip) }), { code: 'BAD_BODY' });
  t.same(seen, []);
});

t.test('results for hosts that cannot exist are refused, the rest of the report kept, on both paths', async (t) => {
  const results = [
    { ip: 0x0a000001, port: 80, succ: 1 },
    { ip: 0, port: 80, succ: 2 }, // ip 0
    { ip: 0x0a000002, port: 0, succ: 3 }, // port 0
    { ip: 0x0a000003, port: 65536, succ: 4 }, // past 65535
    { ip: 0x0a000004, port: -1, succ: 5 }, // 4294967295 as an unsigned column
    { ip: -1, port: 65535, succ: 6 }, // 255.255.255.255:65535: odd, but a host
    { ip: 0x0a000005, port: 1, succ: 7 },
  ];
  const plain = lars.ReportStatusRequest.encode({ modid: 1, cmdid: 2, caller: 3, ts: 4, results }).finish();
  // An empty group (field 9) after the results: the fast path hands the body to protobufjs.
  const odd = Buffer.concat([Buffer.from(plain), Buffer.from([0x4b, 0x4c])]);
  t.equal(decodeReportFast(odd, NO_SINK), false, 'the odd body takes the protobufjs path');
  for (const [label, body] of [['fast path', plain], ['protobufjs path', odd]] as const) {
    const got = collect((sink) => decodeReport(body, sink));
    t.same(got, {
      head: [1, 2, 3, 4],
      results: [[0x0a000001, 80, 1, 0, false], [-1, 65535, 6, 0, false], [0x0a000005, 1, 7, 0, false]],
      refused: [[0, 80], [0x0a000002, 0], [0x0a000003, 65536], [0x0a000004, -1]],
    }, label);
  }
});
