/**
 * The Lars frame: an 8-byte header (little-endian int32 msgid, int32 body
 * length) then the protobuf body. Byte-compatible with the C++ original.
 *
 * Two limits, both enforced here so no encoder can emit past them: a TCP
 * frame's body is at most 65527 bytes (the original's 65535-byte buffer
 * holds the header too; a peer closes the connection past it), and a UDP
 * datagram carries at most 65507 bytes of payload (65535 minus the IPv4 and
 * UDP headers), so a datagram's body is at most 65499.
 */
import { CodedError } from '../errors.js';

export const HEADER_LEN = 8;
/** The original's buffer is 65535 bytes including the header. */
export const MAX_BODY_LEN = 65535 - HEADER_LEN;
/** Largest UDP payload over IPv4. */
export const MAX_UDP_PAYLOAD = 65507;
export const MAX_UDP_BODY_LEN = MAX_UDP_PAYLOAD - HEADER_LEN;

export function isValidBodyLen(len: number): boolean {
  return len >= 0 && len <= MAX_BODY_LEN;
}

/** A body no peer would accept: a bug in the encoder that built it, never sent. */
export class FrameTooLargeError extends CodedError {
  constructor(
    readonly msgid: number,
    readonly bodyLen: number,
    readonly maxBodyLen: number,
  ) {
    super('FRAME_TOO_LARGE', `frame msgid ${msgid}: body of ${bodyLen} bytes is over the ${maxBodyLen}-byte limit`);
  }
}

/**
 * One buffer holding header and body, ready for a single write or datagram.
 * Throws FrameTooLargeError past `maxBodyLen` (a datagram passes MAX_UDP_BODY_LEN).
 */
export function encodeFrame(msgid: number, body: Uint8Array, maxBodyLen = MAX_BODY_LEN): Buffer {
  if (body.length > maxBodyLen) throw new FrameTooLargeError(msgid, body.length, maxBodyLen);
  const frame = Buffer.allocUnsafe(HEADER_LEN + body.length);
  frame.writeInt32LE(msgid, 0);
  frame.writeInt32LE(body.length, 4);
  frame.set(body, HEADER_LEN);
  return frame;
}
