/**
 * ReportStatusRequest read straight off the frame, one call per result, no
 * objects: decoding with protobufjs cost more than everything else the
 * reporter does per result. Plain, well-formed bodies take this path;
 * anything unusual (a wire type we do not expect, a group, a field past
 * the end) is handed to protobufjs, which decodes it or throws BadBodyError,
 * so both paths accept exactly the same bodies.
 *
 * A result for a host no call can have gone to (ip 0, port 0 or past
 * 65535) is bad input: handed to `refused` instead of `result`, while the
 * rest of the report is kept.
 */
import { lars } from '../../proto/generated/lars.js';
import { decodeBody } from '../../runtime/reactor/msgRouter.js';

export interface ReportHeader {
  modid: number;
  cmdid: number;
  caller: number;
  ts: number;
}

/** Called once per report (before its results) and once per result. */
export interface ReportSink {
  header(h: ReportHeader): void;
  result(ip: number, port: number, succ: number, err: number, overload: boolean): void;
  /** A result whose host cannot exist (see storableHost). */
  refused(ip: number, port: number): void;
}

/** ip and port as decoded (int32): 0.0.0.0 and ports outside 1..65535 (a negative int32 included) are no host. */
export function storableHost(ip: number, port: number): boolean {
  return ip !== 0 && port >= 1 && port <= 65535;
}

const MSGID = lars.MessageId.ID_ReportStatusRequest;

class Cursor {
  pos = 0;
  constructor(
    readonly buf: Uint8Array,
    public end: number,
  ) {}

  /** Low 32 bits of a varint (int32/uint32/bool keep only those); NaN when it overruns or passes 10 bytes. */
  varint32(): number {
    const { buf } = this;
    let result = 0;
    let shift = 0;
    while (this.pos < this.end) {
      const b = buf[this.pos++] as number;
      if (shift < 32) result |= (b & 0x7f) << shift;
      if (b < 0x80) return result;
      shift += 7;
      if (shift > 63) return NaN;
    }
    return NaN;
  }

  /** A field tag: at most 5 bytes and 32 bits, as protobufjs insists; NaN otherwise. */
  tag(): number {
    const { buf } = this;
    let result = 0;
    for (let i = 0; i < 5 && this.pos < this.end; i++) {
      const b = buf[this.pos++] as number;
      if (i === 4) return b < 0x10 ? (result | (b << 28)) >>> 0 : NaN;
      result |= (b & 0x7f) << (7 * i);
      if (b < 0x80) return result;
    }
    return NaN;
  }

  /** Skip a field of wire type `wt`; false when it cannot (groups, overrun). */
  skip(wt: number): boolean {
    if (wt === 0) return !Number.isNaN(this.varint32());
    if (wt === 1) this.pos += 8;
    else if (wt === 5) this.pos += 4;
    else if (wt === 2) {
      const len = this.varint32();
      if (Number.isNaN(len) || len < 0) return false;
      this.pos += len;
    } else return false;
    return this.pos <= this.end;
  }
}

const header: ReportHeader = { modid: 0, cmdid: 0, caller: 0, ts: 0 };
/** Offsets of the results sub-messages found in the first pass (start, end pairs). */
let spans = new Int32Array(256);

/** The allocation-free path alone; false (nothing handed to `sink`) when the body needs protobufjs. */
export function decodeReportFast(body: Uint8Array, sink: ReportSink): boolean {
  const c = new Cursor(body, body.length);
  header.modid = 0;
  header.cmdid = 0;
  header.caller = 0;
  header.ts = 0;
  let n = 0;
  while (c.pos < c.end) {
    const tag = c.tag();
    if (Number.isNaN(tag)) return false;
    const field = tag >>> 3;
    const wt = tag & 7;
    if (field >= 1 && field <= 3 && wt === 0) {
      const v = c.varint32();
      if (Number.isNaN(v)) return false;
      if (field === 1) header.modid = v | 0;
      else if (field === 2) header.cmdid = v | 0;
      else header.caller = v | 0;
    } else if (field === 5 && wt === 0) {
      const v = c.varint32();
      if (Number.isNaN(v)) return false;
      header.ts = v >>> 0;
    } else if (field === 4 && wt === 2) {
      const len = c.varint32();
      if (Number.isNaN(len) || len < 0 || c.pos + len > c.end) return false;
      if (2 * n + 2 > spans.length) {
        const bigger = new Int32Array(spans.length * 2);
        bigger.set(spans);
        spans = bigger;
      }
      spans[2 * n] = c.pos;
      spans[2 * n + 1] = c.pos + len;
      n++;
      c.pos += len;
    } else if (field === 0 || (field <= 5 && field >= 1) || !c.skip(wt)) {
      return false; // a known field with an unexpected wire type, field 0, or an unskippable one
    }
  }
  if (c.pos !== c.end) return false;
  // Check every result before handing any over: a body protobufjs would
  // reject must not leave half a report applied.
  for (let i = 0; i < n; i++) if (!readResult(body, i)) return false;
  sink.header(header);
  for (let i = 0; i < n; i++) {
    readResult(body, i);
    if (storableHost(res.ip, res.port)) sink.result(res.ip, res.port, res.succ, res.err, res.overload);
    else sink.refused(res.ip, res.port);
  }
  return true;
}

/** The result being read (reused: no object per result). */
const res = { ip: 0, port: 0, succ: 0, err: 0, overload: false };

function readResult(body: Uint8Array, i: number): boolean {
  const r = new Cursor(body, spans[2 * i + 1] as number);
  r.pos = spans[2 * i] as number;
  res.ip = 0;
  res.port = 0;
  res.succ = 0;
  res.err = 0;
  res.overload = false;
  while (r.pos < r.end) {
    const tag = r.tag();
    if (Number.isNaN(tag)) return false;
    const field = tag >>> 3;
    const wt = tag & 7;
    if (field >= 1 && field <= 5 && wt === 0) {
      const v = r.varint32();
      if (Number.isNaN(v)) return false;
      if (field === 1) res.ip = v | 0;
      else if (field === 2) res.port = v | 0;
      else if (field === 3) res.succ = v >>> 0;
      else if (field === 4) res.err = v >>> 0;
      else res.overload = v !== 0;
    } else if (field === 0 || field <= 5 || !r.skip(wt)) {
      return false;
    }
  }
  return r.pos === r.end;
}

/** Decode `body` into `sink`; throws BadBodyError when it is not a ReportStatusRequest. */
export function decodeReport(body: Uint8Array, sink: ReportSink): void {
  if (decodeReportFast(body, sink)) return;
  const req = decodeBody(lars.ReportStatusRequest, body, MSGID);
  header.modid = req.modid ?? 0;
  header.cmdid = req.cmdid ?? 0;
  header.caller = req.caller ?? 0;
  header.ts = req.ts ?? 0;
  sink.header(header);
  for (const r of req.results ?? []) {
    const [ip, port] = [r.ip ?? 0, r.port ?? 0];
    if (storableHost(ip, port)) sink.result(ip, port, r.succ ?? 0, r.err ?? 0, r.overload === true);
    else sink.refused(ip, port);
  }
}
