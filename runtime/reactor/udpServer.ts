/**
 * Framed UDP server: one frame per datagram, replies go to the datagram's
 * source through the UdpPeer handed to the handler.
 */
import { createSocket, type Socket } from 'node:dgram';
import type { AddressInfo } from 'node:net';
import { encodeFrame, MAX_UDP_BODY_LEN } from './frame.js';
import type { MsgRouter } from './msgRouter.js';
import { ReactorCounters } from './reactorCounters.js';
import { dispatchDatagram } from './udpDispatch.js';

/** Where a datagram came from; `send` replies there. */
export class UdpPeer {
  constructor(
    private readonly socket: Socket,
    private readonly counters: ReactorCounters,
    readonly address: string,
    readonly port: number,
  ) {}

  send(msgid: number, body: Uint8Array): void {
    if (body.length > MAX_UDP_BODY_LEN) {
      this.counters.inc('frameTooLarge');
      return;
    }
    this.counters.inc('datagramsOut');
    this.socket.send(encodeFrame(msgid, body, MAX_UDP_BODY_LEN), this.port, this.address);
  }
}

export interface UdpServerOptions {
  ip: string;
  port: number;
  router: MsgRouter<UdpPeer>;
  counters?: ReactorCounters;
  /** Kernel receive buffer; bigger absorbs bursts from many callers. */
  recvBufferBytes?: number;
  onHandlerError?: (err: unknown) => void;
}

export class UdpServer {
  readonly counters: ReactorCounters;
  private readonly socket: Socket;

  constructor(private readonly opts: UdpServerOptions) {
    this.counters = opts.counters ?? new ReactorCounters();
    this.socket = createSocket('udp4');
    this.socket.on('error', () => this.counters.inc('socketError'));
    this.socket.on('message', (msg, rinfo) => {
      const peer = new UdpPeer(this.socket, this.counters, rinfo.address, rinfo.port);
      dispatchDatagram(msg, peer, opts.router, this.counters, opts.onHandlerError);
    });
  }

  bind(): Promise<AddressInfo> {
    return new Promise((resolve, reject) => {
      const onError = (err: Error): void => reject(err);
      this.socket.once('error', onError);
      this.socket.bind(this.opts.port, this.opts.ip, () => {
        this.socket.off('error', onError);
        if (this.opts.recvBufferBytes !== undefined) {
          try {
            this.socket.setRecvBufferSize(this.opts.recvBufferBytes);
          } catch {
            // The kernel caps it (rmem_max); the default still works.
          }
        }
        resolve(this.socket.address());
      });
    });
  }

  address(): AddressInfo {
    return this.socket.address();
  }

  /** A peer to send to from this socket without having received from it (an answer computed elsewhere). */
  peerAt(address: string, port: number): UdpPeer {
    return new UdpPeer(this.socket, this.counters, address, port);
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.socket.close(() => resolve()));
  }
}
