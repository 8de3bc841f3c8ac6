/** A RouteWatcher on a store with a hand-moved clock, collecting what it publishes. */
import { RouteWatcher } from '../../actors/dns/routeWatcher.js';
import type { DnsServerMessage } from '../../actors/dns/dnsProtocol.js';
import type { Store } from '../../store/store.js';

export function watcherOn(store: Store): { watcher: RouteWatcher; published: DnsServerMessage[]; clock: { now: number } } {
  const clock = { now: 0 };
  const published: DnsServerMessage[] = [];
  const watcher = new RouteWatcher({
    store,
    now: () => clock.now,
    wallNow: () => 1_700_000_000_000 + clock.now,
    pollIntervalMs: 1000,
    reloadIntervalMs: 60_000,
    changeRetentionMs: 3_600_000,
    publish: (m) => published.push(m),
    log: () => undefined,
  });
  return { watcher, published, clock };
}
