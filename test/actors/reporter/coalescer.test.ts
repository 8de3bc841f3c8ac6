import t from 'tap';
import { Coalescer, type PendingRow } from '../../../actors/reporter/coalescer.js';
import { packRows, unpackRows } from '../../../actors/reporter/packedRows.js';

/** One result for host `ip` of key (1, 1) from caller 7. */
function add(c: Coalescer, ip: number, succ: number, ts = 100): void {
  c.add(1, 1, 7, ip, 80, succ, succ + 1, succ % 2 === 0, ts);
}

function ips(rows: readonly PendingRow[]): number[] {
  return rows.map((r) => r.ip);
}

t.test('a later result replaces the pending values of its key and keeps its place', async (t) => {
  const c = new Coalescer(10);
  add(c, 1, 5);
  add(c, 2, 6);
  add(c, 1, 9, 200);
  t.equal(c.size, 2);
  t.same(c.snapshot().map((r) => [r.ip, r.succCnt, r.errCnt, r.overload, r.ts]), [[1, 9, 10, false, 200], [2, 6, 7, true, 100]]);
  t.equal(c.resultsReceived, 3);
  t.equal(c.resultsCoalesced, 1);
  t.equal(c.rowsAccepted, 2);
});

t.test('every key field separates rows', async (t) => {
  const c = new Coalescer(100);
  const base = [1, 2, 3, 4, 5] as const;
  c.add(...base, 0, 0, false, 0);
  for (let i = 0; i < 5; i++) {
    const k = [...base] as number[];
    k[i] = (k[i] as number) + 10;
    c.add(k[0] as number, k[1] as number, k[2] as number, k[3] as number, k[4] as number, 0, 0, false, 0);
  }
  t.equal(c.size, 6);
});

t.test('past max_pending_rows the oldest pending rows are dropped and counted', async (t) => {
  const c = new Coalescer(3);
  for (let ip = 1; ip <= 5; ip++) add(c, ip, ip);
  add(c, 3, 30); // an update does not move row 3 to the back
  add(c, 6, 6);
  t.same(ips(c.snapshot()), [4, 5, 6]);
  t.equal(c.rowsDropped, 3);
  t.equal(c.rowsAccepted, 6);
});

t.test('take: oldest first, bounded, skipping keys that are in flight', async (t) => {
  const c = new Coalescer(100);
  for (let ip = 1; ip <= 6; ip++) add(c, ip, ip);
  const first = c.take(2, new Set());
  t.same(ips(first), [1, 2]);
  const busy = new Set(c.snapshot().filter((r) => r.ip === 3 || r.ip === 5).map((r) => r.key));
  t.same(ips(c.take(10, busy)), [4, 6]);
  t.same(ips(c.snapshot()), [3, 5], 'skipped rows stay pending, in order');
});

t.test('putBack: failed rows return to the front, under newer values of the same key', async (t) => {
  const c = new Coalescer(100);
  for (let ip = 1; ip <= 4; ip++) add(c, ip, ip);
  const batch = c.take(3, new Set()); // 1, 2, 3
  add(c, 2, 20); // newer value for a key that is in flight
  add(c, 5, 5);
  c.putBack(batch);
  t.same(c.snapshot().map((r) => [r.ip, r.succCnt]), [[1, 1], [2, 20], [3, 3], [4, 4], [5, 5]]);
  t.equal(c.resultsCoalesced, 1, 'the superseded in-flight value counts as coalesced');
  t.equal(c.rowsAccepted, 5, 'accepted = pending once nothing was written');
});

t.test('putBack beyond the bound drops the oldest, counted', async (t) => {
  const c = new Coalescer(4);
  for (let ip = 1; ip <= 4; ip++) add(c, ip, ip);
  const batch = c.take(2, new Set());
  add(c, 5, 5);
  add(c, 6, 6);
  c.putBack(batch);
  t.same(ips(c.snapshot()), [3, 4, 5, 6]);
  t.equal(c.rowsDropped, 2);
  t.equal(c.rowsAccepted, c.size + c.rowsDropped);
});

t.test('clear empties the buffer and reports how many rows went', async (t) => {
  const c = new Coalescer(10);
  add(c, 1, 1);
  add(c, 2, 2);
  t.equal(c.clear(), 2);
  t.equal(c.size, 0);
});

t.test('a bound below 1 is refused', async (t) => {
  t.throws(() => new Coalescer(0), RangeError);
});

t.test('packed rows round-trip every column, extremes included', async (t) => {
  const rows = [
    { modid: -2147483648, cmdid: 2147483647, ip: -1062731775, port: 65535, caller: 0, succCnt: 4294967295, errCnt: 0, ts: 2 ** 53 - 1, overload: true },
    { modid: 1, cmdid: 2, ip: 2130706433, port: 80, caller: -5, succCnt: 0, errCnt: 7, ts: 0, overload: false },
  ];
  t.same(unpackRows(packRows(rows)), rows);
  t.throws(() => unpackRows(new Float64Array(10)), RangeError);
});

t.test('random adds, takes, put-backs and drops keep the host index in step with the rows', async (t) => {
  // The index (numeric host keys per report group) must always mirror the
  // rows: a pending key found again coalesces, a taken or dropped one does not.
  let seed = 7;
  const rnd = (n: number): number => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  const c = new Coalescer(40);
  const busy = new Set<string>();
  let inFlight: ReturnType<Coalescer['take']> = [];
  for (let step = 0; step < 5000; step++) {
    const op = rnd(10);
    if (op < 7) {
      const ip = rnd(4) - 2; // negative ips (≥ 128.0.0.0) too
      const port = rnd(5) === 0 ? 70_000 + rnd(2) : 8000 + rnd(3); // and ports out of range
      c.add(rnd(3), 1, 9, ip, port, step, 0, false, step);
    } else if (op < 9 && inFlight.length === 0) {
      inFlight = c.take(1 + rnd(10), busy);
      const gone = inFlight[0];
      if (gone) {
        const size = c.size;
        c.add(gone.modid, gone.cmdid, gone.caller, gone.ip, gone.port, 1, 1, false, 1);
        if (c.size !== size + 1 && c.size !== c.maxPendingRows) return t.fail(`step ${step}: a taken key still indexed (${gone.key})`);
      }
    } else if (inFlight.length > 0) {
      c.putBack(inFlight);
      inFlight = [];
    }
    const snap = c.snapshot();
    const pick = snap[rnd(Math.max(1, snap.length))];
    if (pick) {
      const size = c.size;
      const coalesced = c.resultsCoalesced;
      c.add(pick.modid, pick.cmdid, pick.caller, pick.ip, pick.port, pick.succCnt, pick.errCnt, pick.overload, pick.ts);
      if (c.size !== size || c.resultsCoalesced !== coalesced + 1) return t.fail(`step ${step}: pending ${pick.key} not found through the index`);
    }
  }
  t.pass('5,000 random steps: index and rows agree');
});
