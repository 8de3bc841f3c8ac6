/**
 * Query deadlines of the MySQL store: a query fails when its server has sent
 * nothing for `idleMs`. A hung node (a stopped process, a host that lost
 * power) sends no byte and no reset, so only a timer can notice it; a large
 * result that keeps streaming is never cut, however long it takes.
 *
 * IdleDeadline.touch() only stamps the time (it runs on every chunk
 * received); the one timer re-arms itself for what is left when it fires
 * early.
 */
import type { Socket } from 'node:net';
import type { PoolConnection } from 'mysql2/promise';
import { realScheduler, type Scheduler } from '../../runtime/reactor/backoff.js';

export type Param = number | string | null;

export interface IdleDeadlineOptions {
  idleMs: number;
  onExpire: () => void;
  scheduler?: Scheduler;
  /** Monotonic ms. */
  now?: () => number;
}

export class IdleDeadline {
  private lastActivity: number;
  private timer: unknown;
  private readonly scheduler: Scheduler;
  private readonly now: () => number;

  constructor(private readonly opts: IdleDeadlineOptions) {
    this.scheduler = opts.scheduler ?? realScheduler;
    this.now = opts.now ?? (() => performance.now());
    this.lastActivity = this.now();
    this.arm(opts.idleMs);
  }

  /** The server sent something: the deadline moves to idleMs from now. */
  touch(): void {
    if (this.timer !== undefined) this.lastActivity = this.now();
  }

  cancel(): void {
    if (this.timer === undefined) return;
    this.scheduler.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private arm(ms: number): void {
    this.timer = this.scheduler.setTimeout(() => {
      const left = this.lastActivity + this.opts.idleMs - this.now();
      if (left > 0) {
        this.arm(left);
        return;
      }
      this.timer = undefined;
      this.opts.onExpire();
    }, ms);
  }
}

/** The error a missed deadline raises (mysql2's own code for a timed-out command, so it maps to STORE_UNAVAILABLE). */
export const DEADLINE_CODE = 'PROTOCOL_SEQUENCE_TIMEOUT';

/** Whether a driver error says the server did not answer in time (a query deadline or mysql2's connect timeout). */
export function missedDeadline(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === DEADLINE_CODE || code === 'ETIMEDOUT';
}

/**
 * A query with our own idle deadline rather than mysql2's `timeout` option
 * (that one can outlive a failed query and hold the process open). At the
 * deadline the connection is closed hard: mysql2's destroy() only half-closes
 * the socket, which a stopped server never acknowledges.
 */
export async function timedQuery<R>(conn: PoolConnection, sql: string, params: readonly Param[], idleMs: number): Promise<R> {
  const socket = (conn.connection as { stream?: Socket }).stream;
  let reject: (err: Error) => void = () => undefined;
  const timeout = new Promise<never>((_, r) => (reject = r));
  const deadline = new IdleDeadline({
    idleMs,
    onExpire: () => {
      destroyHard(conn);
      reject(Object.assign(new Error(`no answer from the server for ${idleMs} ms`), { code: DEADLINE_CODE }));
    },
  });
  const onData = (): void => deadline.touch();
  // Closed under the query (destroyHard by a close of the store): mysql2 stays silent about a socket it closed itself.
  const onClose = (): void => {
    deadline.cancel();
    reject(Object.assign(new Error('connection closed during the query'), { code: 'PROTOCOL_CONNECTION_LOST' }));
  };
  socket?.on('data', onData);
  socket?.once('close', onClose);
  const pending = conn.query({ sql, values: [...params] });
  pending.catch(() => undefined);
  try {
    const [result] = await Promise.race([pending, timeout]);
    return result as R;
  } finally {
    deadline.cancel();
    socket?.off('data', onData);
    socket?.off('close', onClose);
  }
}

/** Out of the pool and the socket gone now, whatever the server does. */
export function destroyHard(conn: PoolConnection): void {
  conn.destroy();
  (conn.connection as { stream?: Socket }).stream?.destroy();
}
