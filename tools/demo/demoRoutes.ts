/**
 * The routes `npm start` puts in a fresh store, so a first `lars get-host`
 * has something to answer. Only an empty route table gets them: a table the
 * user has edited is never touched, even if the demo hosts were deleted.
 */
import { ipv4ToUint32 } from '../../runtime/net/ipv4.js';
import type { RouteStore } from '../../store/routeStore.js';

export interface DemoHost {
  modid: number;
  cmdid: number;
  ip: string;
  port: number;
}

/** Keys (1,1), (1,2) and (2,1): the three keys land on three different agent ports. */
export const DEMO_HOSTS: readonly DemoHost[] = [
  { modid: 1, cmdid: 1, ip: '10.0.0.1', port: 8001 },
  { modid: 1, cmdid: 1, ip: '10.0.0.2', port: 8002 },
  { modid: 1, cmdid: 1, ip: '10.0.0.3', port: 8003 },
  { modid: 1, cmdid: 2, ip: '10.0.1.1', port: 9001 },
  { modid: 1, cmdid: 2, ip: '10.0.1.2', port: 9002 },
  { modid: 2, cmdid: 1, ip: '10.0.2.1', port: 7001 },
  { modid: 2, cmdid: 1, ip: '10.0.2.2', port: 7002 },
  { modid: 2, cmdid: 1, ip: '10.0.2.3', port: 7003 },
];

/** A host the banner's simulator command makes fail half of the time. */
export const DEMO_FAILING_HOST = '10.0.0.2:8002';

export type DemoOutcome = { added: number } | { skipped: 'not-empty'; hosts: number };

/** Adds DEMO_HOSTS when the route table has no host at all; otherwise leaves it alone. */
export async function addDemoRoutes(store: RouteStore): Promise<DemoOutcome> {
  const existing = await store.listHosts();
  if (existing.length > 0) return { skipped: 'not-empty', hosts: existing.length };
  let added = 0;
  // One edit per host: each is its own transaction with its own RouteChange row, like `lars route add`.
  for (const h of DEMO_HOSTS) {
    if ((await store.addHost(h.modid, h.cmdid, ipv4ToUint32(h.ip), h.port, 1, 'demo-routes')).status === 'added') added++;
  }
  return { added };
}
