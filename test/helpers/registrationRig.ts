/**
 * The DNS side of registration in one process, on a real store and real
 * sockets, with both clocks moved by hand: a DnsService with its
 * RegistrationDesk, a LeaseWriter and a RouteWatcher wired as the dns role
 * wires them (dns-server / route-watcher), minus the threads. The watcher
 * polls only when a lease edit asks for it (never on a timer), so anything a
 * subscriber receives was published right after its edit.
 */
import type { Test } from 'tap';
import { DnsService } from '../../actors/dns/dnsService.js';
import { RegistrationDesk } from '../../actors/dns/registrationDesk.js';
import { LeaseWriter } from '../../actors/dns/leaseWriter.js';
import { RouteWatcher } from '../../actors/dns/routeWatcher.js';
import { ManualClock } from '../../runtime/mailbox/manualClock.js';
import type { Store } from '../../store/store.js';
import type { LogLevel } from '../../runtime/log/logLine.js';

export interface RigOptions {
  token?: string;
  isLoopback?: (address: string) => boolean;
  protectShare?: number;
  renewIntervalMs?: number;
  sweepIntervalMs?: number;
}

export interface Rig {
  port: number;
  dns: DnsService;
  desk: RegistrationDesk;
  writer: LeaseWriter;
  watcher: RouteWatcher;
  logs: Array<{ line: string; level: LogLevel }>;
  /** Moves the lease clock and the writer's timers by `ms`, then waits for the store work they started and the polls that asked for. */
  tick(ms: number): Promise<void>;
  /** Waits for store work and polls under way. */
  settle(): Promise<void>;
}

/** `leaseNow` must be the store's leaseClock source (open the store with `leaseClock: () => leaseNow.now`). */
export async function registrationRig(t: Test, store: Store, leaseNow: { now: number }, opts: RigOptions = {}): Promise<Rig> {
  const clock = new ManualClock(0);
  const logs: Rig['logs'] = [];
  const log = (line: string, level: LogLevel = 'info'): void => void logs.push({ line, level });
  let polling: Promise<unknown> = Promise.resolve();
  const pollNow = (): void => {
    polling = polling.then(() => watcher.poll());
  };
  const writer = new LeaseWriter({
    store,
    replica: 'dns rig',
    clock,
    renewIntervalMs: opts.renewIntervalMs ?? 1000,
    sweepIntervalMs: opts.sweepIntervalMs ?? 1000,
    protectShare: opts.protectShare ?? 0.5,
    onRouteEdit: pollNow,
    log,
  });
  const desk = new RegistrationDesk({
    sink: { apply: (ops) => writer.apply(ops), renew: (r) => writer.renew(r) },
    token: () => opts.token ?? '',
    ...(opts.isLoopback ? { isLoopback: opts.isLoopback } : {}),
    log,
  });
  const dns = new DnsService({ ip: '127.0.0.1', port: 0, maxConn: 100, maxOutBytes: 1 << 20, registrations: desk, log });
  const watcher = new RouteWatcher({
    store,
    now: () => clock.now(),
    pollIntervalMs: 3_600_000,
    reloadIntervalMs: 3_600_000,
    changeRetentionMs: 3_600_000,
    publish: (m) => {
      if (m.type === 'routesReset' || m.type === 'routesChanged') dns.apply(m);
    },
    log,
  });
  await watcher.poll();
  writer.start();
  const port = await dns.listen();
  t.teardown(async () => {
    await dns.close();
    await writer.stop();
    await polling;
  });
  const settle = async (): Promise<void> => {
    for (;;) {
      const before = polling;
      await writer.idle();
      await polling;
      if (before === polling) return;
    }
  };
  return {
    port,
    dns,
    desk,
    writer,
    watcher,
    logs,
    settle,
    async tick(ms) {
      leaseNow.now += ms;
      clock.advance(ms);
      await settle();
    },
  };
}
