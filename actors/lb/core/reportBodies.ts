/**
 * A key's status report as ReportStatusRequest bodies within the wire
 * limit. Normally one body (byte for byte what the original sends); a key
 * with more hosts than one frame holds goes as several requests, each with a
 * share of the hosts: the reporter keeps one row per host, so nothing is lost.
 */
import { lars } from '../../../proto/generated/lars.js';
import { fitRepeated } from '../../../proto/fitRepeated.js';
import { MAX_BODY_LEN } from '../../../runtime/reactor/frame.js';

const RESULTS_FIELD = 4;

export interface ReportFields {
  modid: number;
  cmdid: number;
  caller: number;
  ts: number;
  results: lars.IHostCallResult[];
}

export function reportBodies(r: ReportFields, maxBody = MAX_BODY_LEN): Uint8Array[] {
  const whole = lars.ReportStatusRequest.encode(r).finish();
  if (whole.length <= maxBody) return [whole];
  const base = lars.ReportStatusRequest.encode({ ...r, results: [] }).finish().length;
  const { runs } = fitRepeated(base, RESULTS_FIELD, r.results, (x) => lars.HostCallResult.encode(x).finish().length, maxBody);
  return runs.map((results) => lars.ReportStatusRequest.encode({ ...r, results }).finish());
}
