/**
 * A TCP router for reactor tests: msgid 1 echoes an EchoMessage (decoded, so
 * garbage bodies are bad input), msgid 99 makes the handler throw (a bug).
 */
import { decodeBody, MsgRouter } from '../../runtime/reactor/msgRouter.js';
import type { TcpConnection } from '../../runtime/reactor/tcpConnection.js';
import { qps_test } from '../../proto/generated/qps_test.js';

export const ECHO = 1;
export const THROWS = 99;

export function echoRouter(): MsgRouter<TcpConnection> {
  const router = new MsgRouter<TcpConnection>();
  router.register(ECHO, (conn, body, msgid) => {
    const msg = decodeBody(qps_test.EchoMessage, body, msgid);
    conn.send(ECHO, qps_test.EchoMessage.encode(msg).finish());
  });
  router.register(THROWS, () => {
    throw new Error('handler bug');
  });
  return router;
}

export function echoBody(content: string, id: number): Uint8Array {
  return qps_test.EchoMessage.encode({ content, id }).finish();
}

export function readEcho(body: Buffer): { content: string; id: number } {
  const m = qps_test.EchoMessage.decode(body);
  return { content: m.content, id: m.id };
}
