/**
 * Routing of one received datagram, shared by the UDP server and client:
 * bad framing, unknown msgids, undecodable bodies and handler bugs are each
 * counted and the datagram dropped; the socket carries on.
 */
import { parseDatagram } from './datagram.js';
import { BadBodyError, type MsgRouter } from './msgRouter.js';
import type { ReactorCounters } from './reactorCounters.js';

export function dispatchDatagram<C>(
  msg: Buffer,
  conn: C,
  router: MsgRouter<C>,
  counters: ReactorCounters,
  onHandlerError?: (err: unknown) => void,
): void {
  counters.inc('datagramsIn');
  const frame = parseDatagram(msg);
  if (frame === undefined) {
    counters.inc('badDatagram');
    return;
  }
  try {
    if (!router.dispatch(conn, frame.msgid, frame.body)) counters.inc('unknownMsgid');
  } catch (err) {
    if (err instanceof BadBodyError) {
      counters.inc('badBody');
    } else {
      counters.inc('handlerError');
      onHandlerError?.(err);
    }
  }
}
