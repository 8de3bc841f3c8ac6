/** The reactor's counters as metrics; every actor that owns sockets embeds this table in its own. */
import { counter, type Figure } from '../admin/figureTable.js';
import type { CounterName } from './reactorCounters.js';

export const reactorFigures: Readonly<Record<CounterName, Figure>> = {
  connAccepted: counter('lars_net_connections_opened_total', 'TCP connections accepted (servers); a client counts its first connection here, later ones as reconnects'),
  connClosed: counter('lars_net_connections_closed_total', 'TCP connections closed, for any reason'),
  connRejectedMaxConn: counter('lars_net_connections_rejected_total', 'TCP connections accepted over max_conn and closed at once'),
  handshakeTimeout: counter('lars_net_handshake_timeouts_total', 'connections closed for sending no complete frame within handshake_timeout_ms'),
  handshakeQuietKept: counter('lars_net_handshake_quiet_kept_total', 'connections silent past the handshake deadline but kept within their address quiet allowance'),
  framesIn: counter('lars_net_frames_received_total', 'TCP frames received'),
  framesOut: counter('lars_net_frames_sent_total', 'TCP frames sent'),
  badLength: counter('lars_net_bad_length_total', 'frames whose header length was out of range (connection closed)'),
  unknownMsgid: counter('lars_net_unknown_msgid_total', 'frames with a message id nobody handles (dropped, connection kept)'),
  badBody: counter('lars_net_bad_body_total', 'frames whose body did not decode as its message (TCP closes, UDP drops)'),
  handlerError: counter('lars_net_handler_errors_total', 'frames whose handler failed for a reason other than a bad body'),
  truncatedFrame: counter('lars_net_truncated_frames_total', 'connections the peer closed in the middle of a frame'),
  slowConsumerCut: counter('lars_net_slow_consumer_cuts_total', 'connections cut because their pending output passed max_out_bytes'),
  socketError: counter('lars_net_socket_errors_total', 'socket errors (ECONNRESET, EPIPE and the like)'),
  sendOnClosed: counter('lars_net_sends_on_closed_total', 'sends to a connection that was already closed'),
  frameTooLarge: counter('lars_net_frames_too_large_total', 'sends refused for exceeding the wire limit (never written)'),
  datagramsIn: counter('lars_net_datagrams_received_total', 'UDP datagrams received'),
  datagramsOut: counter('lars_net_datagrams_sent_total', 'UDP datagrams sent'),
  badDatagram: counter('lars_net_bad_datagrams_total', 'UDP datagrams shorter than a header or whose length field does not match'),
  connectFailures: counter('lars_net_connect_failures_total', 'outgoing connect attempts that failed'),
  connectTimeouts: counter('lars_net_connect_timeouts_total', 'outgoing connect attempts given up after the connect timeout'),
  reconnects: counter('lars_net_reconnects_total', 'outgoing connections established again after a loss'),
  sendQueued: counter('lars_net_sends_queued_total', 'sends made while disconnected, queued for the connection'),
  sendQueueRejected: counter('lars_net_sends_queue_rejected_total', 'sends refused while disconnected because the queue was full'),
};
