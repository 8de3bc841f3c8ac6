/**
 * Debug lines for a server's connections (who connected, who went and why),
 * for `--log-level debug`; counters already say how many. Below debug the
 * actor drops them before they cost anything but a comparison.
 */
import type { LineLog } from '../log/logLine.js';
import type { TcpServer } from './tcpServer.js';

/** `peerName`: what the other side is to this server, e.g. `agent`. */
export function logConnections(server: TcpServer<unknown>, peerName: string, log: LineLog): void {
  server.on('connStart', (conn) => log(`${peerName} ${conn.remoteAddress}:${conn.remotePort} connected (${server.connectionCount} open)`, 'debug'));
  server.on('connClose', (conn, reason) => log(`${peerName} ${conn.remoteAddress}:${conn.remotePort} closed (${reason}; ${server.connectionCount} open)`, 'debug'));
}
