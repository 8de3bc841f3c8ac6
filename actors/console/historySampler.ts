/**
 * Turns successive reads of ServerCallStatus into call history. An agent
 * reports, per host, the counts of its current LB window (cumulative until
 * the window restarts), so the calls made between two reads are the growth
 * of those counts; a count that went down means the window restarted and
 * everything it holds is new. A row seen for the first time only sets the
 * baseline: its earlier calls may already be in the history (console
 * restart) and counting them again would double them.
 *
 * What is missed: calls made after the last read of a window and before it
 * restarts. With reads every poll_interval and windows of idle_timeout
 * (15 s by default), that is at most one read's worth per window.
 */
import type { HistoryRow } from '../../store/historyStore.js';
import type { StatusRow } from '../../store/statusStore.js';

interface Seen {
  succ: number;
  err: number;
  ts: number;
}

export class HistorySampler {
  private seen = new Map<string, Seen>();

  constructor(private readonly bucketS: number) {}

  /** Rows of one read, at `nowMs`: the calls since the previous read, bucketed by read time. */
  sample(rows: readonly StatusRow[], nowMs: number): HistoryRow[] {
    const bucket = Math.floor(nowMs / 1000 / this.bucketS) * this.bucketS;
    const next = new Map<string, Seen>();
    const out = new Map<string, HistoryRow>();
    for (const r of rows) {
      const key = `${r.modid}:${r.cmdid}:${r.ip}:${r.port}:${r.caller}`;
      const prev = this.seen.get(key);
      next.set(key, { succ: r.succCnt, err: r.errCnt, ts: r.ts });
      if (prev === undefined || prev.ts === r.ts) continue;
      const grew = r.succCnt >= prev.succ && r.errCnt >= prev.err;
      const succ = grew ? r.succCnt - prev.succ : r.succCnt;
      const err = grew ? r.errCnt - prev.err : r.errCnt;
      if (succ === 0 && err === 0) continue;
      const hostKey = `${r.modid}:${r.cmdid}:${r.ip}:${r.port}`;
      const acc = out.get(hostKey);
      if (acc) {
        acc.succ += succ;
        acc.err += err;
      } else {
        out.set(hostKey, { modid: r.modid, cmdid: r.cmdid, ip: r.ip, port: r.port, bucket, succ, err });
      }
    }
    this.seen = next;
    return [...out.values()];
  }
}
