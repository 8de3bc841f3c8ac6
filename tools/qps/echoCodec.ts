/**
 * qps_test.EchoMessage on msgid 1. The server decodes and re-encodes with
 * protobufjs as the original does; the benchmark client builds requests by
 * hand (it shares the two cores with the server, so it must stay cheap).
 */
import { qps_test } from '../../proto/generated/qps_test.js';
import { HEADER_LEN } from '../../runtime/reactor/frame.js';
import { varintFieldLen, writeVarintField } from '../../proto/varint.js';

export const ECHO_MSGID = 1;
export const EchoMessage = qps_test.EchoMessage;

/** Frame of EchoMessage { content = 1 (string); id = 2 (int32) }. */
export function encodeEchoFrame(content: Buffer, id: number): Buffer {
  if (content.length > 127) throw new RangeError('echo content longer than 127 bytes');
  const bodyLen = 2 + content.length + varintFieldLen(id);
  const frame = Buffer.allocUnsafe(HEADER_LEN + bodyLen);
  frame.writeInt32LE(ECHO_MSGID, 0);
  frame.writeInt32LE(bodyLen, 4);
  let o = HEADER_LEN;
  frame[o++] = 0x0a;
  frame[o++] = content.length;
  o += content.copy(frame, o);
  writeVarintField(frame, o, 0x10, id);
  return frame;
}
