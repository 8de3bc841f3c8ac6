/**
 * The Lars frame: an 8-byte header (little-endian int32 msgid, int32 body
 * length) then the protobuf body. Byte-compatible with the C++ original.
 */
export const HEADER_LEN = 8;
/** The original's buffer is 65535 bytes including the header. */
export const MAX_BODY_LEN = 65535 - HEADER_LEN;

export function isValidBodyLen(len: number): boolean {
  return len >= 0 && len <= MAX_BODY_LEN;
}

/** One buffer holding header and body, ready for a single write or datagram. */
export function encodeFrame(msgid: number, body: Uint8Array): Buffer {
  const frame = Buffer.allocUnsafe(HEADER_LEN + body.length);
  frame.writeInt32LE(msgid, 0);
  frame.writeInt32LE(body.length, 4);
  frame.set(body, HEADER_LEN);
  return frame;
}
