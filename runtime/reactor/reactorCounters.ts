/**
 * Counts of every kind of traffic, bad input and drop a reactor object sees.
 * A fixed set of names (typos are compile errors) readable as one plain
 * object; metrics export it later without knowing the reactor.
 */
export const COUNTER_NAMES = [
  'connAccepted', // TCP connections accepted (server) or established (client)
  'connClosed',
  'connRejectedMaxConn', // accepted over max_conn and closed at once
  'handshakeTimeout', // no complete frame within handshake_timeout_ms of connecting: closed
  'handshakeQuietKept', // silent past the deadline but kept: within the remote address's quiet allowance (an idle agent)
  'framesIn',
  'framesOut',
  'badLength', // header body length < 0 or > 65527: connection closed
  'unknownMsgid', // no handler for the msgid: frame dropped, connection kept
  'badBody', // body that does not decode as its message: TCP closes, UDP drops
  'handlerError', // a handler threw something other than a bad body
  'truncatedFrame', // peer went away mid-frame
  'slowConsumerCut', // pending output passed max_out_bytes: connection cut
  'socketError', // ECONNRESET, EPIPE and friends
  'sendOnClosed', // a send to a connection that was already closed
  'frameTooLarge', // a send over the wire limit (65527-byte TCP body, 65507-byte datagram): refused, never written
  'datagramsIn',
  'datagramsOut',
  'badDatagram', // datagram shorter than a header or with a length field that does not match
  'connectFailures',
  'connectTimeouts',
  'reconnects',
  'sendQueued', // sends made while disconnected, waiting for the connection
  'sendQueueRejected', // sends refused because the disconnected queue was full
] as const;

export type CounterName = (typeof COUNTER_NAMES)[number];
export type CounterSnapshot = Record<CounterName, number>;

export class ReactorCounters {
  private readonly values: CounterSnapshot;

  constructor() {
    this.values = Object.fromEntries(COUNTER_NAMES.map((n) => [n, 0])) as CounterSnapshot;
  }

  inc(name: CounterName, by = 1): void {
    this.values[name] += by;
  }

  get(name: CounterName): number {
    return this.values[name];
  }

  snapshot(): CounterSnapshot {
    return { ...this.values };
  }
}
