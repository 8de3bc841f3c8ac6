/**
 * Registrations live through a Galera node kill, for galera.test.ts (which
 * owns the cluster, the replicas and the kill): four simulated agents
 * (bench/registration's SimAgent) hold 100 instances on replica A (first on
 * node 1), a subscriber on replica B records every push. After the kill of
 * node 1, hold() checks over more than two ttls that A's renewals moved to
 * the next node: no push frame at B dropped an instance, every lease is
 * fresh, and a registration taken by A after the kill reaches B.
 *
 * What it catches: renewal batches failed on the dead node and not retried
 * on the next one (leases lapse and any replica expires them, or they show
 * late below); a retry that registers afresh (an edit and a push each); a
 * replica that stops taking registrations after a store fail-over.
 */
import type { Test } from 'tap';
import type { GaleraCluster } from '../../bench/scaleout/galeraCluster.js';
import { SimAgent, type SimInstance } from '../../bench/registration/simAgent.js';
import { PushRecorder } from '../../bench/registration/pushRecorder.js';

const TTL_MS = 3000;
const KEY = { modid: 700, cmdid: 1 };

export interface LiveRegistrations {
  /** After the node kill: asserts from B's every push and from the store on `node`. */
  hold(t: Test, killedAt: number, node: number): Promise<void>;
}

export async function startRegistrations(t: Test, cluster: GaleraCluster, dnsA: number, dnsB: number): Promise<LiveRegistrations> {
  const view = await PushRecorder.open(dnsB);
  t.teardown(() => view.close());
  await view.subscribe([KEY]);
  const agents = Array.from({ length: 4 }, (_, n) => {
    const instances: SimInstance[] = Array.from({ length: 25 }, (_, j) => ({ ...KEY, ip: (10 << 24) | (70 << 16) | (n << 8) | (j + 1), port: 80, ttlMs: TTL_MS }));
    return new SimAgent({ owner: `agent gal-${n}`, dnsPorts: [dnsA], renewIntervalMs: 500, instances });
  });
  t.teardown(() => agents.forEach((g) => g.kill()));
  await Promise.all(agents.map((g) => g.start()));
  await view.until('100 registered on A served at B', () => view.total() === 100, 15_000);
  return {
    async hold(t, killedAt, node) {
      // Two ttls after the kill: a lease A failed to renew meanwhile would have lapsed and been expired.
      await new Promise((r) => setTimeout(r, Math.max(0, killedAt + 2 * TTL_MS - Date.now())));
      t.same(view.drops, [], 'no push frame at B dropped a registered instance');
      t.equal(view.total(), 100, 'all 100 still served');
      const conn = await cluster.connect(node, 'lars');
      try {
        const [rows] = (await conn.query('SELECT COUNT(*) AS n FROM RouteLease WHERE modid = ? AND lease_until_ms > UNIX_TIMESTAMP(NOW(3)) * 1000 + ?', [KEY.modid, TTL_MS / 3])) as unknown as [Array<{ n: number }>];
        t.equal(Number(rows[0]?.n), 100, 'every lease renewed through the next node (none late)');
      } finally {
        await conn.end();
      }
      const extra = { ...KEY, ip: (10 << 24) | (70 << 16) | (9 << 8) | 1, port: 80, ttlMs: TTL_MS };
      await agents[0]?.register([extra]);
      await view.until('a registration after the kill reaches B', () => view.has(KEY.modid, KEY.cmdid, extra.ip, extra.port), 10_000);
      t.equal(agents.reduce((s, g) => s + g.answersFailed, 0), 0, 'A refused nothing');
      agents.forEach((g) => g.kill());
      view.close();
    },
  };
}
