/**
 * The original Lars's own messages, parsed independently of our generated
 * code, for tests that a frame is byte-identical to what the original sends.
 */
import protobuf from 'protobufjs';
import { encodeFrame } from '../../runtime/reactor/frame.js';

export const ORIGINAL_ROUTE_RESPONSE = protobuf.parse(`
  syntax = "proto3";
  package lars;
  message HostInfo { int32 ip = 1; int32 port = 2; }
  message GetRouteResponse { int32 modid = 1; int32 cmdid = 2; repeated HostInfo host = 3; }
`).root.lookupType('lars.GetRouteResponse');

/** A GetRouteResponse (or API_GetRouteResponse) frame as the original encodes it. */
export function originalFrame(msgid: number, modid: number, cmdid: number, hosts: Array<{ ip: number; port: number }>): Buffer {
  const body = ORIGINAL_ROUTE_RESPONSE.encode(ORIGINAL_ROUTE_RESPONSE.create({ modid, cmdid, host: hosts.map(({ ip, port }) => ({ ip, port })) })).finish();
  return encodeFrame(msgid, body);
}
