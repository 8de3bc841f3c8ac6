/**
 * Frames the client sends, written straight into one buffer: header and body
 * in a single allocation per call, no protobufjs Writer. Zero-valued fields
 * are left out, as proto3 (and the C++ original) does; replies are decoded
 * with the generated protobufjs code, which also copes with any valid layout.
 */
import { lars } from '../proto/generated/lars.js';
import { encodeFrame, HEADER_LEN } from '../runtime/reactor/frame.js';

const ID = lars.MessageId;

/** Bytes of `v` as a protobuf varint; a negative int32 is sign-extended to 10 bytes. */
function varintLen(v: number): number {
  if (v < 0) return 10;
  if (v < 0x80) return 1;
  if (v < 0x4000) return 2;
  if (v < 0x200000) return 3;
  if (v < 0x10000000) return 4;
  return 5;
}

function fieldLen(v: number): number {
  return v === 0 ? 0 : 1 + varintLen(v);
}

function writeVarint(buf: Buffer, pos: number, v: number): number {
  if (v >= 0) {
    let u = v >>> 0;
    while (u >= 0x80) {
      buf[pos++] = (u & 0x7f) | 0x80;
      u >>>= 7;
    }
    buf[pos++] = u;
    return pos;
  }
  const lo = v >>> 0;
  for (let i = 0; i < 4; i++) buf[pos++] = ((lo >>> (7 * i)) & 0x7f) | 0x80;
  // Fifth byte: the top 4 bits of lo under the sign bits of the high word.
  buf[pos++] = (lo >>> 28) | 0x70 | 0x80;
  for (let i = 0; i < 4; i++) buf[pos++] = 0xff;
  buf[pos++] = 0x01;
  return pos;
}

function writeField(buf: Buffer, pos: number, tag: number, v: number): number {
  if (v === 0) return pos;
  buf[pos++] = tag;
  return writeVarint(buf, pos, v);
}

function frame(msgid: number, bodyLen: number): Buffer {
  const buf = Buffer.allocUnsafe(HEADER_LEN + bodyLen);
  buf.writeInt32LE(msgid, 0);
  buf.writeInt32LE(bodyLen, 4);
  return buf;
}

/** GetHostRequest { uint32 seq = 1; int32 modid = 2; int32 cmdid = 3; } */
export function getHostFrame(seq: number, modid: number, cmdid: number): Buffer {
  const buf = frame(ID.ID_GetHostRequest, fieldLen(seq) + fieldLen(modid) + fieldLen(cmdid));
  let pos = writeField(buf, HEADER_LEN, 0x08, seq);
  pos = writeField(buf, pos, 0x10, modid);
  writeField(buf, pos, 0x18, cmdid);
  return buf;
}

/** ReportRequest { int32 modid = 1; int32 cmdid = 2; HostInfo host = 3; int32 retcode = 4; }, ip in int32 wire form. */
export function reportFrame(modid: number, cmdid: number, ip: number, port: number, retcode: number): Buffer {
  const hostLen = fieldLen(ip) + fieldLen(port);
  const buf = frame(ID.ID_ReportRequest, fieldLen(modid) + fieldLen(cmdid) + 1 + varintLen(hostLen) + hostLen + fieldLen(retcode));
  let pos = writeField(buf, HEADER_LEN, 0x08, modid);
  pos = writeField(buf, pos, 0x10, cmdid);
  // The host is always written, even 0.0.0.0:0, so the agent never sees a report without one.
  buf[pos++] = 0x1a;
  pos = writeVarint(buf, pos, hostLen);
  pos = writeField(buf, pos, 0x08, ip);
  pos = writeField(buf, pos, 0x10, port);
  writeField(buf, pos, 0x20, retcode);
  return buf;
}

export function apiGetRouteFrame(modid: number, cmdid: number): Buffer {
  return encodeFrame(ID.ID_API_GetRouteRequest, lars.GetRouteRequest.encode({ modid, cmdid }).finish());
}
