/**
 * The supervisor's end of one actor incarnation's control plane: serves the
 * worker's SupervisorEvents and calls its ActorControl. comlink alone never
 * settles a call whose worker died or hangs, so every call here is bounded:
 * it fails with ASK_TIMEOUT after its budget and PEER_GONE as soon as the
 * incarnation exits; what the actor threw arrives as REMOTE_HANDLER_FAILED
 * with the actor's own error code.
 */
import type { MessagePort } from 'node:worker_threads';
import type { Clock } from '../mailbox/clock.js';
import { AskTimeoutError, PeerGoneError, RemoteHandlerError } from '../mailbox/mailboxErrors.js';
import { comlinkPort, exposeApi, RemoteCallError, wrapApi, type Remote } from './comlinkPort.js';
import type { ActorControl, SupervisorEvents } from './controlPlane.js';

export interface ControlChannelOptions {
  port: MessagePort;
  /** The actor's instance name, for errors. */
  target: string;
  clock: Clock;
  /** Settles when the incarnation's worker has exited. */
  gone: Promise<void>;
  events: SupervisorEvents;
}

export type ControlApi<C extends object> = Remote<ActorControl<C>>;

export class ControlChannel {
  private readonly port: MessagePort;
  private readonly remote: ControlApi<Record<never, never>>;
  private readonly target: string;
  private readonly clock: Clock;
  private readonly gone: Promise<void>;
  private closed = false;

  constructor(opts: ControlChannelOptions) {
    this.port = opts.port;
    this.target = opts.target;
    this.clock = opts.clock;
    this.gone = opts.gone;
    const endpoint = comlinkPort(opts.port);
    exposeApi(endpoint, opts.events);
    this.remote = wrapApi<ActorControl>(endpoint);
    // The worker keeps the process alive while it runs; its control port must not keep it alive after.
    opts.port.unref();
  }

  /**
   * One call (`what` names it in errors), settled within `timeoutMs`:
   * `fn` gets the typed remote API, with `C` the actor's own control API.
   */
  call<T, C extends object = Record<never, never>>(what: string, timeoutMs: number, fn: (api: ControlApi<C>) => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new PeerGoneError(what, this.target));
    return new Promise<T>((resolve, reject) => {
      let settled = false;
      const settle = (err: unknown, value?: T): void => {
        if (settled) return;
        settled = true;
        this.clock.clearTimeout(timer);
        if (err === undefined) resolve(value as T);
        else reject(err);
      };
      const timer = this.clock.setTimeout(() => settle(new AskTimeoutError(what, this.target, timeoutMs)), timeoutMs);
      void this.gone.then(() => settle(new PeerGoneError(what, this.target)));
      let pending: Promise<T>;
      try {
        pending = fn(this.remote as unknown as ControlApi<C>);
      } catch (err) {
        pending = Promise.reject(err);
      }
      pending.then(
        (value) => settle(undefined, value),
        (err: unknown) => settle(err instanceof RemoteCallError ? new RemoteHandlerError(what, this.target, err.remoteCode, err.message) : err),
      );
    });
  }

  /** For good: calls still waiting fail as their worker goes or their time runs out. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.port.close();
  }
}
