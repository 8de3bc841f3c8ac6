/**
 * Protobuf varints written by hand, for the hot-path codecs (agent replies,
 * client requests) that write straight into a frame buffer. Matches
 * protobufjs byte for byte: a negative int32 is sign-extended to 10 bytes.
 */

/** Bytes of `v` as a varint. */
export function varintLen(v: number): number {
  if (v < 0) return 10;
  if (v < 0x80) return 1;
  if (v < 0x4000) return 2;
  if (v < 0x200000) return 3;
  if (v < 0x10000000) return 4;
  return 5;
}

/** Bytes of a varint field (tag + value); 0 for a zero value, which proto3 leaves out. */
export function varintFieldLen(v: number): number {
  return v === 0 ? 0 : 1 + varintLen(v);
}

/** Writes `v` at `pos`; returns the position after it. */
export function writeVarint(buf: Uint8Array, pos: number, v: number): number {
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

/** A varint field with a one-byte tag; zero values are left out, as proto3 does. */
export function writeVarintField(buf: Uint8Array, pos: number, tag: number, v: number): number {
  if (v === 0) return pos;
  buf[pos++] = tag;
  return writeVarint(buf, pos, v);
}
