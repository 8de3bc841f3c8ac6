/**
 * One journal record: an 8-byte header (body length, CRC-32 of the body,
 * both u32 little-endian) and the ReportStatusRequest body as it came off
 * the wire. A process killed mid-write leaves a record cut short or, on a
 * file system that reorders, bytes that do not match their CRC; reading
 * stops there, and everything after it in that segment is not trusted.
 */
import { crc32 } from 'node:zlib';

export const RECORD_HEADER_BYTES = 8;
/** Far above any frame the reactor accepts: a larger length is damage, not a record. */
export const MAX_RECORD_BODY = 64 << 20;

/** Writes the header of `body` at `out[at..at+8)`. */
export function writeRecordHeader(out: Buffer, at: number, body: Uint8Array): void {
  out.writeUInt32LE(body.length, at);
  out.writeUInt32LE(crc32(body), at + 4);
}

export interface ReadSegment {
  bodies: Buffer[];
  /** A record was cut short or failed its CRC: it and the bytes after it were dropped. */
  torn: boolean;
  /** Bytes after the last good record. */
  droppedBytes: number;
}

export function readRecords(data: Buffer): ReadSegment {
  const bodies: Buffer[] = [];
  let at = 0;
  while (at < data.length) {
    if (data.length - at < RECORD_HEADER_BYTES) break;
    const len = data.readUInt32LE(at);
    const crc = data.readUInt32LE(at + 4);
    const start = at + RECORD_HEADER_BYTES;
    if (len > MAX_RECORD_BODY || start + len > data.length) break;
    const body = data.subarray(start, start + len);
    if (crc32(body) !== crc) break;
    bodies.push(body);
    at = start + len;
  }
  return { bodies, torn: at < data.length, droppedBytes: data.length - at };
}
