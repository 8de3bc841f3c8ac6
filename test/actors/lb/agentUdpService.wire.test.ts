import t from 'tap';
import {
  decodeGetHostRequest,
  decodeReportRequest,
  GetHostResponseEncoder,
  MAX_GET_HOST_RESPONSE_LEN,
  newGetHostFields,
  newReportFields,
} from '../../../actors/lb/agentWire.js';
import { lars } from '../../../proto/generated/lars.js';
import { hostMetaFromWire } from '../../../proto/hostMeta.js';

// Deterministic xorshift so a failure reproduces.
function rng(seed: number): () => number {
  let x = seed | 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return x >>> 0;
  };
}

const EDGE_INT32 = [0, 1, -1, 127, 128, 16383, 16384, 0x7fffffff, -0x80000000, 0x7f000001, -939458300];
const EDGE_UINT32 = [0, 1, 127, 128, 0xffffffff, 0x80000000, 0x0fffffff, 0x10000000];

function pickInt32(next: () => number): number {
  const r = next();
  return r % 3 === 0 ? (EDGE_INT32[r % EDGE_INT32.length] as number) : next() | 0;
}

t.test('GetHostResponse bytes equal protobufjs for every retcode and edge value', async (t) => {
  const enc = new GetHostResponseEncoder();
  const next = rng(7);
  let checked = 0;
  for (let i = 0; i < 20_000; i++) {
    const seq = i % 4 === 0 ? (EDGE_UINT32[i % EDGE_UINT32.length] as number) : next();
    const retcode = next() % 4;
    const [modid, cmdid, ip, port] = [pickInt32(next), pickInt32(next), pickInt32(next), next() % 3 === 0 ? 0 : next() % 65536];
    const ours = Buffer.from(enc.encode(seq, modid, cmdid, retcode, ip, port));
    const msg: lars.GetHostResponse.$Properties = { seq, modid, cmdid, retcode };
    if (retcode === lars.LarsRetCode.RET_SUCC) msg.host = { ip, port };
    const theirs = Buffer.from(lars.GetHostResponse.encode(msg).finish());
    if (!ours.equals(theirs)) {
      t.fail(`mismatch for ${JSON.stringify(msg)}: ${ours.toString('hex')} vs ${theirs.toString('hex')}`);
      return;
    }
    checked++;
  }
  t.equal(checked, 20_000);
  t.equal(enc.encode(0xffffffff, -1, -1, 0, -1, -1).length, 6 + 11 + 11 + 2 + 11 + 11, 'longest success body');
  t.ok(enc.encode(0xffffffff, -1, -1, -1, 0, 0).length <= MAX_GET_HOST_RESPONSE_LEN, 'longest failure body fits');
});

type Outcome = { ok: true; value: unknown } | { ok: false; code: string };

function outcome(fn: () => unknown): Outcome {
  try {
    return { ok: true, value: fn() };
  } catch (err) {
    return { ok: false, code: (err as { code?: string }).code ?? 'THROWN' };
  }
}

/** Valid encodings with unknown fields, duplicated fields and random mutations of both. */
function bodies(seed: number, encode: (next: () => number) => Uint8Array): Uint8Array[] {
  const next = rng(seed);
  const out: Uint8Array[] = [];
  for (let i = 0; i < 6_000; i++) {
    const b = Buffer.from(encode(next));
    const kind = next() % 6;
    if (kind === 0) out.push(b);
    else if (kind === 1) out.push(Buffer.concat([b, encode(next)])); // repeated fields: last one wins
    else if (kind === 2) out.push(Buffer.concat([b, Buffer.from([0x28 + (next() % 5) * 8, 0x05])])); // unknown field
    else if (kind === 3) out.push(b.subarray(0, next() % (b.length + 1))); // truncated
    else {
      const m = Buffer.from(b);
      for (let k = 0; k <= next() % 3; k++) if (m.length > 0) m[next() % m.length] = next() & 0xff;
      out.push(m);
    }
  }
  return out;
}

t.test('GetHostRequest decode agrees with protobufjs, including odd and broken bodies', async (t) => {
  const out = newGetHostFields();
  // A caller's tags sometimes, one of them not a tag (left out by the agent as a peer's bad tag is).
  const TAGS = ['env=test', 'version=v2', 'not a tag', 'a.b=1'];
  const encode = (next: () => number): Uint8Array =>
    lars.GetHostRequest.encode({
      seq: next(),
      modid: pickInt32(next),
      cmdid: pickInt32(next),
      tags: next() % 4 === 0 ? TAGS.slice(next() % 4) : [],
    }).finish();
  let mismatches = 0;
  let rejected = 0;
  let tagged = 0;
  for (const body of bodies(11, encode)) {
    const ours = outcome(() => ({ ...decodeGetHostRequest(body, out) }));
    const theirs = outcome(() => {
      const m = lars.GetHostRequest.decode(body);
      const tags = hostMetaFromWire(undefined, m.tags).tags ?? [];
      if (tags.length > 0) tagged++;
      return { seq: m.seq, modid: m.modid, cmdid: m.cmdid, tags };
    });
    if (!theirs.ok) rejected++;
    const same = ours.ok === theirs.ok && (!ours.ok ? ours.code === 'BAD_BODY' : JSON.stringify(ours.value) === JSON.stringify(theirs.ok && theirs.value));
    if (!same && mismatches++ < 3) t.fail(`body ${Buffer.from(body).toString('hex')}: ours ${JSON.stringify(ours)} vs ${JSON.stringify(theirs)}`);
  }
  t.equal(mismatches, 0);
  t.ok(rejected > 100, `broken bodies exercised (${rejected})`);
  t.ok(tagged > 100, `tagged bodies exercised (${tagged})`);
  const plain = decodeGetHostRequest(lars.GetHostRequest.encode({ seq: 1, modid: 2, cmdid: 3, tags: ['version=v2', 'env=test', 'bad'] }).finish(), out);
  t.strictSame(plain.tags, ['env=test', 'version=v2'], 'tags read as a host\'s: sorted by key, a bad one left out');
  t.equal(decodeGetHostRequest(lars.GetHostRequest.encode({ seq: 1, modid: 2, cmdid: 3 }).finish(), out).tags.length, 0, 'none after a tagged one');
});

t.test('ReportRequest decode agrees with protobufjs, including negative IPs and a missing host', async (t) => {
  const out = newReportFields();
  const encode = (next: () => number): Uint8Array =>
    lars.ReportRequest.encode({
      modid: pickInt32(next),
      cmdid: pickInt32(next),
      retcode: next() % 5,
      ...(next() % 5 === 0 ? {} : { host: { ip: pickInt32(next), port: next() % 65536 } }),
    }).finish();
  let mismatches = 0;
  for (const body of bodies(23, encode)) {
    const ours = outcome(() => ({ ...decodeReportRequest(body, out) }));
    const theirs = outcome(() => {
      const m = lars.ReportRequest.decode(body);
      return { modid: m.modid, cmdid: m.cmdid, ip: m.host?.ip ?? 0, port: m.host?.port ?? 0, retcode: m.retcode };
    });
    const same = ours.ok === theirs.ok && (!ours.ok ? ours.code === 'BAD_BODY' : JSON.stringify(ours.value) === JSON.stringify(theirs.ok && theirs.value));
    if (!same && mismatches++ < 3) t.fail(`body ${Buffer.from(body).toString('hex')}: ours ${JSON.stringify(ours)} vs ${JSON.stringify(theirs)}`);
  }
  t.equal(mismatches, 0);
  const neg = decodeReportRequest(lars.ReportRequest.encode({ modid: 1, cmdid: 2, host: { ip: -939458300, port: 9004 }, retcode: 1 }).finish(), out);
  t.strictSame({ ...neg }, { modid: 1, cmdid: 2, ip: -939458300, port: 9004, retcode: 1 });
});
