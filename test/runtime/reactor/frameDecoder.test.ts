import t from 'tap';
import { FrameDecoder } from '../../../runtime/reactor/frameDecoder.js';
import { encodeFrame, MAX_BODY_LEN } from '../../../runtime/reactor/frame.js';

interface Seen {
  msgid: number;
  body: string;
}

function collect(decoder: FrameDecoder, chunks: Buffer[]): { seen: Seen[]; results: string[] } {
  const seen: Seen[] = [];
  const results = chunks.map((c) => decoder.push(c, (msgid, body) => void seen.push({ msgid, body: body.toString('hex') })));
  return { seen, results };
}

const frames = [
  encodeFrame(1, Buffer.from('hello')),
  encodeFrame(2, Buffer.alloc(0)),
  encodeFrame(-7, Buffer.from([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])),
  encodeFrame(4, Buffer.alloc(300, 0xab)),
];
const stream = Buffer.concat(frames);
const expected: Seen[] = [
  { msgid: 1, body: Buffer.from('hello').toString('hex') },
  { msgid: 2, body: '' },
  { msgid: -7, body: '00010203040506070809' },
  { msgid: 4, body: Buffer.alloc(300, 0xab).toString('hex') },
];

t.test('whole frames in one chunk', async (t) => {
  const { seen, results } = collect(new FrameDecoder(), [stream]);
  t.same(seen, expected);
  t.same(results, ['ok']);
});

t.test('split at every byte offset, in two pieces', async (t) => {
  for (let cut = 0; cut <= stream.length; cut++) {
    const d = new FrameDecoder();
    const { seen } = collect(d, [stream.subarray(0, cut), stream.subarray(cut)]);
    if (JSON.stringify(seen) !== JSON.stringify(expected)) {
      t.fail(`cut at ${cut}`);
      return;
    }
    t.equal(d.pending, 0);
  }
  t.pass('every cut yields the same frames');
});

t.test('one byte at a time, then random chunkings', async (t) => {
  const bytes = [...stream].map((b) => Buffer.from([b]));
  t.same(collect(new FrameDecoder(), bytes).seen, expected);
  let seed = 42;
  const rnd = (n: number): number => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  for (let round = 0; round < 200; round++) {
    const chunks: Buffer[] = [];
    for (let off = 0; off < stream.length; ) {
      const n = 1 + rnd(80);
      chunks.push(Buffer.from(stream.subarray(off, off + n)));
      off += n;
    }
    const got = collect(new FrameDecoder(), chunks).seen;
    if (JSON.stringify(got) !== JSON.stringify(expected)) {
      t.fail(`round ${round}`);
      return;
    }
  }
  t.pass('200 random chunkings agree');
});

t.test('a body delivered earlier is not overwritten by later input', async (t) => {
  // Bodies are views valid during the sink call only; the decoder must not
  // change them during that call even when it reuses its buffer afterwards.
  const d = new FrameDecoder();
  const big = encodeFrame(9, Buffer.alloc(5000, 1));
  const bodies: string[] = [];
  d.push(big.subarray(0, 100), () => undefined);
  d.push(big.subarray(100), (_m, body) => void bodies.push(body.subarray(0, 4).toString('hex')));
  d.push(encodeFrame(9, Buffer.alloc(10, 2)).subarray(0, 12), () => undefined);
  t.same(bodies, ['01010101']);
  t.equal(d.pending, 12);
});

t.test('length limits', async (t) => {
  const header = (msgid: number, len: number): Buffer => {
    const b = Buffer.alloc(8);
    b.writeInt32LE(msgid, 0);
    b.writeInt32LE(len, 4);
    return b;
  };
  t.equal(new FrameDecoder().push(header(1, -1), () => undefined), 'badLength', 'negative');
  t.equal(new FrameDecoder().push(header(1, MAX_BODY_LEN + 1), () => undefined), 'badLength', 'one past the limit');
  t.equal(new FrameDecoder().push(header(1, 0x7fffffff), () => undefined), 'badLength', 'huge');
  const atLimit = encodeFrame(3, Buffer.alloc(MAX_BODY_LEN, 7));
  let n = 0;
  t.equal(new FrameDecoder().push(atLimit, () => void n++), 'ok');
  t.equal(n, 1, 'a body of exactly 65527 bytes is a frame');
  // Good frames before a bad header still count; nothing after it is parsed.
  const seen: number[] = [];
  const d = new FrameDecoder();
  t.equal(d.push(Buffer.concat([encodeFrame(5, Buffer.from('x')), header(1, -5), encodeFrame(6, Buffer.alloc(0))]), (m) => void seen.push(m)), 'badLength');
  t.same(seen, [5]);
  t.equal(d.pending, 0, 'nothing kept after a bad length');
});

t.test('sink returning false stops parsing', async (t) => {
  const seen: number[] = [];
  const d = new FrameDecoder();
  t.equal(d.push(stream, (m) => (seen.push(m), false)), 'stopped');
  t.same(seen, [1]);
});

t.test('HTTP text is a bad length, not a frame', async (t) => {
  t.equal(new FrameDecoder().push(Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n'), () => t.fail('no frame')), 'badLength');
});
