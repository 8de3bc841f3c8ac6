/**
 * What the roles page shows: each configured DNS replica and reporter by TCP
 * reachability, each admin server by its /healthz answer, and the agents
 * seen as callers in the call stats with the age of their last report.
 */
import { connect } from 'node:net';
import { request } from 'node:http';
import type { HostPort } from '../../runtime/config/configSchema.js';
import { int32ToIpv4 } from '../../runtime/net/ipv4.js';
import type { StatusRow } from '../../store/statusStore.js';

export interface EndpointHealth {
  address: string;
  ok: boolean;
  /** Connect (or /healthz round trip) time; null when it failed. */
  ms: number | null;
  /** Why not ok, or the /healthz status word. */
  detail: string;
  /** Admin servers of a DNS role: the route version its dns-server actors all serve (from /metrics). */
  routeVersion?: number;
  /** Admin servers of a DNS role: lease expiry is paused there (renewals collapsed; nothing expires until they recover). */
  expiryPaused?: boolean;
}

export interface CallerHealth {
  caller: string;
  keys: number;
  hosts: number;
  /** Seconds since its newest report. */
  lastReportAgeS: number;
}

export interface RolesView {
  checkedAtMs: number;
  dns: EndpointHealth[];
  reporters: EndpointHealth[];
  admin: EndpointHealth[];
  callers: CallerHealth[];
}

const PROBE_TIMEOUT_MS = 1500;

function label(a: HostPort): string {
  return `${a.host}:${a.port}`;
}

export function probeTcp(a: HostPort): Promise<EndpointHealth> {
  const started = performance.now();
  return new Promise((resolve) => {
    const socket = connect({ host: a.host, port: a.port });
    const done = (ok: boolean, detail: string): void => {
      socket.destroy();
      resolve({ address: label(a), ok, ms: ok ? Math.round(performance.now() - started) : null, detail });
    };
    socket.setTimeout(PROBE_TIMEOUT_MS, () => done(false, 'connect timed out'));
    socket.once('connect', () => done(true, 'accepting connections'));
    socket.once('error', (err: NodeJS.ErrnoException) => done(false, err.code ?? err.message));
  });
}

function httpGet(a: HostPort, path: string, maxBytes: number): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: a.host, port: a.port, path, method: 'GET', timeout: PROBE_TIMEOUT_MS }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        if (body.length < maxBytes) body += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('no answer in time')));
    req.on('error', reject);
    req.end();
  });
}

/** The lowest lars_dns_route_version of the dns-server actors in a /metrics text: what every agent connected there has been pushed. */
export function servedRouteVersion(metrics: string): number | undefined {
  let lowest: number | undefined;
  for (const m of metrics.matchAll(/^lars_dns_route_version\{role="dns",actor="dns-server[^"]*"\} (-?\d+)$/gm)) {
    const v = Number(m[1]);
    lowest = lowest === undefined ? v : Math.min(lowest, v);
  }
  return lowest;
}

/**
 * Whether a DNS role's route-watcher holds lease expiry back (its
 * lars_dns_lease_expiry_paused); undefined for a role without one (no DNS, or one
 * older than registration).
 */
export function expiryPaused(metrics: string): boolean | undefined {
  let paused: boolean | undefined;
  for (const m of metrics.matchAll(/^lars_dns_lease_expiry_paused\{role="dns",actor="route-watcher[^"]*"\} (-?\d+)$/gm)) {
    paused = (paused ?? false) || Number(m[1]) !== 0;
  }
  return paused;
}

export async function probeHealthz(a: HostPort): Promise<EndpointHealth> {
  const started = performance.now();
  try {
    const health = await httpGet(a, '/healthz', 4096);
    const ms = Math.round(performance.now() - started);
    let detail = `HTTP ${health.status}`;
    try {
      const parsed = JSON.parse(health.body) as { status?: unknown };
      if (typeof parsed.status === 'string') detail = parsed.status;
    } catch {
      // Not JSON: the status code says enough.
    }
    const metrics = await httpGet(a, '/metrics', 4 << 20).catch(() => undefined);
    const routeVersion = metrics?.status === 200 ? servedRouteVersion(metrics.body) : undefined;
    const paused = metrics?.status === 200 ? expiryPaused(metrics.body) : undefined;
    return { address: label(a), ok: health.status === 200, ms, detail, ...(routeVersion === undefined ? {} : { routeVersion }), ...(paused === undefined ? {} : { expiryPaused: paused }) };
  } catch (err) {
    return { address: label(a), ok: false, ms: null, detail: (err as NodeJS.ErrnoException).code ?? (err as Error).message };
  }
}

/** Agents by caller id (the agent's [agent] caller), from the latest call stats. */
export function callersOf(status: readonly StatusRow[], nowMs: number): CallerHealth[] {
  const by = new Map<number, { keys: Set<string>; hosts: number; newest: number }>();
  for (const r of status) {
    let c = by.get(r.caller);
    if (!c) {
      c = { keys: new Set(), hosts: 0, newest: 0 };
      by.set(r.caller, c);
    }
    c.keys.add(`${r.modid}/${r.cmdid}`);
    c.hosts++;
    c.newest = Math.max(c.newest, r.ts);
  }
  return [...by.entries()]
    .map(([caller, c]) => ({ caller: int32ToIpv4(caller), keys: c.keys.size, hosts: c.hosts, lastReportAgeS: Math.max(0, Math.round(nowMs / 1000 - c.newest)) }))
    .sort((a, b) => a.lastReportAgeS - b.lastReportAgeS || a.caller.localeCompare(b.caller));
}

export async function probeRoles(dns: readonly HostPort[], reporters: readonly HostPort[], admin: readonly HostPort[], status: readonly StatusRow[], nowMs: number): Promise<RolesView> {
  const [d, r, a] = await Promise.all([Promise.all(dns.map(probeTcp)), Promise.all(reporters.map(probeTcp)), Promise.all(admin.map(probeHealthz))]);
  return { checkedAtMs: nowMs, dns: d, reporters: r, admin: a, callers: callersOf(status, nowMs) };
}
