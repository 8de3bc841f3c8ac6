/**
 * What the agent's two links (DNS, reporter; also the embedded client's)
 * tell their owner about their TCP connection, wired the same way for both.
 */
import type { HostPort } from '../../../runtime/config/configSchema.js';
import type { TcpClient } from '../../../runtime/reactor/tcpClient.js';
import type { CloseReason } from '../../../runtime/reactor/tcpConnection.js';

export interface LinkEvents {
  onConnected?: (address: HostPort) => void;
  onDisconnected?: (reason: CloseReason) => void;
  /** A connect attempt failed (the link backs off and tries the next address). */
  onConnectFailed?: (address: HostPort, why: string) => void;
}

export function forwardLinkEvents(client: TcpClient<unknown>, events: LinkEvents): void {
  client.on('connected', (_conn, address) => events.onConnected?.(address));
  client.on('disconnected', (reason) => events.onDisconnected?.(reason));
  client.on('connectFailed', (address, why) => events.onConnectFailed?.(address, why));
}
