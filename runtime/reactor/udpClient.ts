/**
 * Framed UDP client: a socket connected to one server, frames out, replies
 * routed by msgid. Unreachable servers surface as counted socket errors
 * (ECONNREFUSED on a connected socket), never as exceptions.
 */
import { createSocket, type Socket } from 'node:dgram';
import { encodeFrame, MAX_UDP_BODY_LEN, MAX_UDP_PAYLOAD } from './frame.js';
import type { MsgRouter } from './msgRouter.js';
import { ReactorCounters } from './reactorCounters.js';
import { dispatchDatagram } from './udpDispatch.js';

export interface UdpClientOptions {
  host: string;
  port: number;
  router: MsgRouter<UdpClient>;
  counters?: ReactorCounters;
  onHandlerError?: (err: unknown) => void;
}

export class UdpClient {
  readonly counters: ReactorCounters;
  private readonly socket: Socket;
  private open = false;

  constructor(private readonly opts: UdpClientOptions) {
    this.counters = opts.counters ?? new ReactorCounters();
    this.socket = createSocket('udp4');
    this.socket.on('error', () => this.counters.inc('socketError'));
    this.socket.on('message', (msg) => dispatchDatagram(msg, this, opts.router, this.counters, opts.onHandlerError));
  }

  connect(): Promise<void> {
    return new Promise((resolve, reject) => {
      const onError = (err: Error): void => reject(err);
      this.socket.once('error', onError);
      this.socket.connect(this.opts.port, this.opts.host, () => {
        this.socket.off('error', onError);
        this.open = true;
        resolve();
      });
    });
  }

  send(msgid: number, body: Uint8Array): void {
    if (body.length > MAX_UDP_BODY_LEN) {
      this.counters.inc('frameTooLarge');
      return;
    }
    this.sendFrame(encodeFrame(msgid, body, MAX_UDP_BODY_LEN));
  }

  sendFrame(frame: Uint8Array): void {
    if (frame.length > MAX_UDP_PAYLOAD) {
      this.counters.inc('frameTooLarge');
      return;
    }
    if (!this.open) {
      this.counters.inc('sendOnClosed');
      return;
    }
    this.counters.inc('datagramsOut');
    this.socket.send(frame);
  }

  close(): Promise<void> {
    if (!this.open) return Promise.resolve();
    this.open = false;
    return new Promise((resolve) => this.socket.close(() => resolve()));
  }
}
