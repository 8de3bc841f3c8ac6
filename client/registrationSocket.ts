/**
 * One connected UDP socket to one agent port for registration frames
 * (ids 19–21). Connected so the kernel hands us the agent host's "port
 * unreachable": with no agent listening, a register fails at once instead of
 * at its timeout. A refusal does not spoil the socket: the next send reaches
 * an agent that came back on the same port.
 */
import { createSocket, type Socket } from 'node:dgram';
import { isUnreachable } from './unreachable.js';

export interface RegistrationSocketEvents {
  message(msg: Buffer): void;
  /** Nothing listens at the port (or its host is unreachable). */
  refused(err: NodeJS.ErrnoException): void;
  /** Any other socket failure, a connect that failed included. */
  failed(err: Error): void;
}

export class RegistrationSocket {
  private socket: Socket | undefined;
  private connected = false;
  private queued: Buffer[] = [];

  constructor(
    readonly host: string,
    readonly port: number,
    private readonly on: RegistrationSocketEvents,
  ) {}

  get address(): string {
    return `${this.host}:${this.port}`;
  }

  send(frame: Buffer): void {
    if (this.connected) {
      this.socket?.send(frame, this.afterSend);
      return;
    }
    this.queued.push(frame);
    if (this.socket === undefined) this.open();
  }

  close(): Promise<void> {
    const socket = this.socket;
    this.socket = undefined;
    this.connected = false;
    this.queued = [];
    if (socket === undefined) return Promise.resolve();
    return new Promise((resolve) => socket.close(() => resolve()));
  }

  private open(): void {
    const socket = createSocket('udp4');
    this.socket = socket;
    // Heartbeats must not keep an application alive by themselves; the waits of register() and deregister() do.
    socket.unref();
    socket.on('message', (msg: Buffer) => this.on.message(msg));
    socket.on('error', this.onError);
    socket.connect(this.port, this.host, (err?: Error) => {
      if (this.socket !== socket) return;
      if (err) {
        this.socket = undefined;
        this.queued = [];
        socket.close();
        this.on.failed(err);
        return;
      }
      this.connected = true;
      const frames = this.queued;
      this.queued = [];
      for (const f of frames) socket.send(f, this.afterSend);
    });
  }

  // A refusal pending on the socket is reported to the send's callback; without one Node drops it.
  private readonly afterSend = (err: Error | null): void => {
    if (err !== null) this.onError(err);
  };

  private readonly onError = (err: NodeJS.ErrnoException): void => {
    if (isUnreachable(err)) this.on.refused(err);
    else this.on.failed(err);
  };
}
