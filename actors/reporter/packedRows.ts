/**
 * Status rows packed into one Float64Array for the trip to a write worker:
 * the buffer is transferred, not cloned, so handing over a batch of
 * thousands of rows costs one allocation instead of a structured clone of
 * thousands of objects. Every column value (int32, uint32, ts up to 2^53)
 * is exact in a double.
 */
import type { StatusRow } from '../../store/statusStore.js';

const WIDTH = 9;

export function packRows(rows: readonly StatusRow[]): Float64Array {
  const out = new Float64Array(rows.length * WIDTH);
  let i = 0;
  for (const r of rows) {
    out[i++] = r.modid;
    out[i++] = r.cmdid;
    out[i++] = r.ip;
    out[i++] = r.port;
    out[i++] = r.caller;
    out[i++] = r.succCnt;
    out[i++] = r.errCnt;
    out[i++] = r.ts;
    out[i++] = r.overload ? 1 : 0;
  }
  return out;
}

export function unpackRows(packed: Float64Array): StatusRow[] {
  if (packed.length % WIDTH !== 0) throw new RangeError(`packed rows: length ${packed.length} is not a multiple of ${WIDTH}`);
  const rows: StatusRow[] = [];
  for (let i = 0; i < packed.length; i += WIDTH) {
    const at = (k: number): number => packed[i + k] as number;
    rows.push({
      modid: at(0),
      cmdid: at(1),
      ip: at(2),
      port: at(3),
      caller: at(4),
      succCnt: at(5),
      errCnt: at(6),
      ts: at(7),
      overload: at(8) === 1,
    });
  }
  return rows;
}
