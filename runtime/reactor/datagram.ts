/**
 * One frame per datagram. A datagram shorter than a header, or whose length
 * field disagrees with its size, is not a frame.
 */
import { HEADER_LEN } from './frame.js';

export interface DatagramFrame {
  msgid: number;
  body: Buffer;
}

export function parseDatagram(msg: Buffer): DatagramFrame | undefined {
  if (msg.length < HEADER_LEN) return undefined;
  const bodyLen = msg.readInt32LE(4);
  if (bodyLen !== msg.length - HEADER_LEN) return undefined;
  return { msgid: msg.readInt32LE(0), body: msg.subarray(HEADER_LEN) };
}
