/**
 * Allocation-free codec for the agent's hot messages (GetHostRequest,
 * ReportRequest in; GetHostResponse out). protobufjs allocates a Reader and
 * a message per decode and a Writer per encode; at 100k+ datagrams/s that
 * garbage is measurable. The fast path accepts only the plain shape a client
 * sends (known fields, expected wire types, one-byte tags, varints within
 * bounds) and hands anything else to protobufjs, so odd but valid bodies
 * decode exactly as protobufjs decodes them and bad ones throw BadBodyError.
 */
import { lars } from '../../proto/generated/lars.js';
import { decodeBody } from '../../runtime/reactor/msgRouter.js';
import { LarsRetCode } from './core/retCode.js';
import { writeVarintField } from '../../proto/varint.js';
import { hostMetaFromWire } from '../../proto/hostMeta.js';

/** Fields of a GetHostRequest, reused across datagrams. */
export interface GetHostFields {
  seq: number;
  modid: number;
  cmdid: number;
  /** The caller's tags (GetHostRequest.tags = 4, ours), checked as a host's are; bad ones left out. NO_TAGS when none. */
  tags: readonly string[];
}

const NO_TAGS: readonly string[] = Object.freeze([]);

/** Fields of a ReportRequest, reused across datagrams; a missing host reads as 0:0. */
export interface ReportFields {
  modid: number;
  cmdid: number;
  ip: number;
  port: number;
  retcode: number;
}

export const newGetHostFields = (): GetHostFields => ({ seq: 0, modid: 0, cmdid: 0, tags: NO_TAGS });
export const newReportFields = (): ReportFields => ({ modid: 0, cmdid: 0, ip: 0, port: 0, retcode: 0 });

const NOT_PLAIN = -1;
// Low 32 bits of the last varint read and the position after it; module
// state instead of a returned object keeps the fast path allocation-free.
let varintValue = 0;

/** Reads a varint of at most 10 bytes ending before `end`; returns the next position or NOT_PLAIN. */
function readVarint(buf: Uint8Array, pos: number, end: number): number {
  let value = 0;
  for (let i = 0; i < 10; i++) {
    if (pos >= end) return NOT_PLAIN;
    const b = buf[pos++] as number;
    // Bits past 32 are dropped, as protobufjs (and C++) int32/uint32 do.
    if (i < 4) value |= (b & 0x7f) << (7 * i);
    else if (i === 4) value |= (b & 0x0f) << 28;
    if (b < 0x80) {
      varintValue = value;
      return pos;
    }
  }
  return NOT_PLAIN;
}

// Tags (0x22) leave the fast path: a tagged call allocates them anyway.
function fastGetHost(body: Uint8Array, out: GetHostFields): boolean {
  out.tags = NO_TAGS;
  out.seq = 0;
  out.modid = 0;
  out.cmdid = 0;
  const end = body.length;
  let pos = 0;
  while (pos < end) {
    const tag = body[pos++] as number;
    if (tag !== 0x08 && tag !== 0x10 && tag !== 0x18) return false;
    pos = readVarint(body, pos, end);
    if (pos === NOT_PLAIN) return false;
    if (tag === 0x08) out.seq = varintValue >>> 0;
    else if (tag === 0x10) out.modid = varintValue;
    else out.cmdid = varintValue;
  }
  return true;
}

/** HostInfo body in [pos, end); merges into `out` like protobufjs does for a repeated field 3. */
function fastHostInfo(body: Uint8Array, pos: number, end: number, out: ReportFields): boolean {
  while (pos < end) {
    const tag = body[pos++] as number;
    if (tag !== 0x08 && tag !== 0x10) return false;
    pos = readVarint(body, pos, end);
    if (pos === NOT_PLAIN) return false;
    if (tag === 0x08) out.ip = varintValue;
    else out.port = varintValue;
  }
  return true;
}

function fastReport(body: Uint8Array, out: ReportFields): boolean {
  out.modid = 0;
  out.cmdid = 0;
  out.ip = 0;
  out.port = 0;
  out.retcode = 0;
  const end = body.length;
  let pos = 0;
  while (pos < end) {
    const tag = body[pos++] as number;
    if (tag === 0x1a) {
      if (pos >= end) return false;
      const len = body[pos++] as number;
      if (len >= 0x80 || pos + len > end || !fastHostInfo(body, pos, pos + len, out)) return false;
      pos += len;
      continue;
    }
    if (tag !== 0x08 && tag !== 0x10 && tag !== 0x20) return false;
    pos = readVarint(body, pos, end);
    if (pos === NOT_PLAIN) return false;
    if (tag === 0x08) out.modid = varintValue;
    else if (tag === 0x10) out.cmdid = varintValue;
    else out.retcode = varintValue;
  }
  return true;
}

/** Decode into `out`; throws BadBodyError when protobufjs would not decode it either. */
export function decodeGetHostRequest(body: Uint8Array, out: GetHostFields): GetHostFields {
  if (fastGetHost(body, out)) return out;
  const m = decodeBody(lars.GetHostRequest, body, lars.MessageId.ID_GetHostRequest);
  out.seq = m.seq;
  out.modid = m.modid;
  out.cmdid = m.cmdid;
  out.tags = m.tags.length === 0 ? NO_TAGS : (hostMetaFromWire(undefined, m.tags).tags ?? NO_TAGS);
  return out;
}

export function decodeReportRequest(body: Uint8Array, out: ReportFields): ReportFields {
  if (fastReport(body, out)) return out;
  const m = decodeBody(lars.ReportRequest, body, lars.MessageId.ID_ReportRequest);
  out.modid = m.modid;
  out.cmdid = m.cmdid;
  out.ip = m.host?.ip ?? 0;
  out.port = m.host?.port ?? 0;
  out.retcode = m.retcode;
  return out;
}

/** Largest GetHostResponse body: every varint at its longest. */
export const MAX_GET_HOST_RESPONSE_LEN = 6 + 11 + 11 + 11 + 2 + 11 + 11;

/**
 * Encodes GetHostResponse bodies into one buffer and hands out a view of the
 * right length; views are made once per length, so encoding allocates
 * nothing. A view is valid until the next encode (UdpPeer.send copies it).
 */
export class GetHostResponseEncoder {
  private readonly buf = Buffer.alloc(MAX_GET_HOST_RESPONSE_LEN);
  private readonly views: Buffer[] = [];

  constructor() {
    for (let n = 0; n <= MAX_GET_HOST_RESPONSE_LEN; n++) this.views.push(this.buf.subarray(0, n));
  }

  /** The host is written only for RET_SUCC, as the original does. */
  encode(seq: number, modid: number, cmdid: number, retcode: number, ip: number, port: number): Buffer {
    const buf = this.buf;
    let pos = writeVarintField(buf, 0, 0x08, seq >>> 0);
    pos = writeVarintField(buf, pos, 0x10, modid | 0);
    pos = writeVarintField(buf, pos, 0x18, cmdid | 0);
    pos = writeVarintField(buf, pos, 0x20, retcode | 0);
    if (retcode === LarsRetCode.RET_SUCC) {
      buf[pos++] = 0x2a;
      const lenAt = pos++;
      const start = pos;
      pos = writeVarintField(buf, pos, 0x08, ip | 0);
      pos = writeVarintField(buf, pos, 0x10, port | 0);
      buf[lenAt] = pos - start;
    }
    return this.views[pos] as Buffer;
  }
}
