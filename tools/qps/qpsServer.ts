/**
 * The reactor's echo service (the original's qps_test server): each
 * EchoMessage on msgid 1 is decoded and sent back re-encoded.
 */
import { decodeBody, MsgRouter } from '../../runtime/reactor/msgRouter.js';
import type { TcpConnection } from '../../runtime/reactor/tcpConnection.js';
import { TcpServer } from '../../runtime/reactor/tcpServer.js';
import type { ReactorConfig } from '../../runtime/reactor/reactorConfig.js';
import { ECHO_MSGID, EchoMessage } from './echoCodec.js';

export function createQpsServer(cfg: Pick<ReactorConfig, 'ip' | 'port' | 'max_conn' | 'max_out_bytes'>): TcpServer {
  const router = new MsgRouter<TcpConnection>();
  router.register(ECHO_MSGID, (conn, body, msgid) => {
    const msg = decodeBody(EchoMessage, body, msgid);
    conn.send(ECHO_MSGID, EchoMessage.encode(msg).finish());
  });
  return new TcpServer({ ip: cfg.ip, port: cfg.port, maxConn: cfg.max_conn, maxOutBytes: cfg.max_out_bytes, router });
}
