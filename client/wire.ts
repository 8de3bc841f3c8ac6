/**
 * Frames the client sends, written straight into one buffer: header and body
 * in a single allocation per call, no protobufjs Writer. Zero-valued fields
 * are left out, as proto3 (and the C++ original) does; replies are decoded
 * with the generated protobufjs code, which also copes with any valid layout.
 */
import { lars } from '../proto/generated/lars.js';
import { encodeFrame, HEADER_LEN } from '../runtime/reactor/frame.js';
import { varintFieldLen, varintLen, writeVarint, writeVarintField } from '../proto/varint.js';

const ID = lars.MessageId;


function frame(msgid: number, bodyLen: number): Buffer {
  const buf = Buffer.allocUnsafe(HEADER_LEN + bodyLen);
  buf.writeInt32LE(msgid, 0);
  buf.writeInt32LE(bodyLen, 4);
  return buf;
}

/** No caller tags: the frame is the original's, byte for byte. */
const NO_TAGS: readonly string[] = [];

/**
 * GetHostRequest { uint32 seq = 1; int32 modid = 2; int32 cmdid = 3; repeated string tags = 4; }.
 * Tags are checked by the caller (ASCII, so one byte per character).
 */
export function getHostFrame(seq: number, modid: number, cmdid: number, tags: readonly string[] = NO_TAGS): Buffer {
  let tagsLen = 0;
  for (const tag of tags) tagsLen += 1 + varintLen(tag.length) + tag.length;
  const buf = frame(ID.ID_GetHostRequest, varintFieldLen(seq) + varintFieldLen(modid) + varintFieldLen(cmdid) + tagsLen);
  let pos = writeVarintField(buf, HEADER_LEN, 0x08, seq);
  pos = writeVarintField(buf, pos, 0x10, modid);
  pos = writeVarintField(buf, pos, 0x18, cmdid);
  for (const tag of tags) {
    buf[pos++] = 0x22;
    pos = writeVarint(buf, pos, tag.length);
    pos += buf.write(tag, pos, 'latin1');
  }
  return buf;
}

/** ReportRequest { int32 modid = 1; int32 cmdid = 2; HostInfo host = 3; int32 retcode = 4; }, ip in int32 wire form. */
export function reportFrame(modid: number, cmdid: number, ip: number, port: number, retcode: number): Buffer {
  const hostLen = varintFieldLen(ip) + varintFieldLen(port);
  const buf = frame(ID.ID_ReportRequest, varintFieldLen(modid) + varintFieldLen(cmdid) + 1 + varintLen(hostLen) + hostLen + varintFieldLen(retcode));
  let pos = writeVarintField(buf, HEADER_LEN, 0x08, modid);
  pos = writeVarintField(buf, pos, 0x10, cmdid);
  // The host is always written, even 0.0.0.0:0, so the agent never sees a report without one.
  buf[pos++] = 0x1a;
  pos = writeVarint(buf, pos, hostLen);
  pos = writeVarintField(buf, pos, 0x08, ip);
  pos = writeVarintField(buf, pos, 0x10, port);
  writeVarintField(buf, pos, 0x20, retcode);
  return buf;
}

export function apiGetRouteFrame(modid: number, cmdid: number): Buffer {
  return encodeFrame(ID.ID_API_GetRouteRequest, lars.GetRouteRequest.encode({ modid, cmdid }).finish());
}
