/**
 * A raw framed TCP peer for tests: writes arbitrary bytes (good or bad) and
 * awaits whole frames and the close, without sleeping.
 */
import { connect, type Socket } from 'node:net';
import { FrameDecoder } from '../../runtime/reactor/frameDecoder.js';
import { encodeFrame } from '../../runtime/reactor/frame.js';

export interface Frame {
  msgid: number;
  body: Buffer;
}

export class FramedSocket {
  readonly closed: Promise<void>;
  private readonly frames: Frame[] = [];
  private waiters: Array<(f: Frame | undefined) => void> = [];
  private isClosed = false;

  private constructor(readonly socket: Socket) {
    const decoder = new FrameDecoder();
    socket.on('data', (chunk: Buffer) => {
      decoder.push(chunk, (msgid, body) => {
        const frame = { msgid, body: Buffer.from(body) };
        const waiter = this.waiters.shift();
        if (waiter) waiter(frame);
        else this.frames.push(frame);
      });
    });
    socket.on('error', () => undefined);
    this.closed = new Promise((resolve) =>
      socket.on('close', () => {
        this.isClosed = true;
        for (const w of this.waiters.splice(0)) w(undefined);
        resolve();
      }),
    );
  }

  /** `localAddress`: the source address (another 127.x.y.z stands for another client host). */
  static open(port: number, host = '127.0.0.1', localAddress?: string): Promise<FramedSocket> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host, port, noDelay: true, ...(localAddress ? { localAddress } : {}) });
      socket.once('error', reject);
      socket.once('connect', () => {
        socket.off('error', reject);
        resolve(new FramedSocket(socket));
      });
    });
  }

  send(msgid: number, body: Uint8Array): void {
    this.socket.write(encodeFrame(msgid, body));
  }

  write(bytes: Uint8Array | string): void {
    this.socket.write(bytes);
  }

  /** The next frame, or undefined when the connection closed first. */
  next(): Promise<Frame | undefined> {
    const frame = this.frames.shift();
    if (frame) return Promise.resolve(frame);
    if (this.isClosed) return Promise.resolve(undefined);
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  end(): void {
    this.socket.end();
  }

  destroy(): void {
    this.socket.destroy();
  }
}
