/**
 * A local agent for client and tool tests: three real AgentUdpService
 * instances on three consecutive UDP ports (base, base+1, base+2), wired as
 * the agent role wires them (a request on a port that does not own its key
 * is answered from the owner's table), with routes applied directly instead
 * of from DNS. Keys without a route answer RET_NOEXIST after pull_wait_ms.
 *
 * Kept behind this small interface so it can later be swapped for the full
 * `--role agent` process with DNS and a store.
 */
import { rulesFromWire } from '../../proto/routeRule.js';
import { AgentUdpService, type AgentUdpServiceOptions } from '../../actors/lb/agentUdpService.js';
import { ownerOf } from '../../actors/lb/agentProtocol.js';
import { ipv4ToInt32 } from '../../runtime/net/ipv4.js';
import { AgentPortLinks } from './agentPortLinks.js';

export interface FixtureHost {
  ip: string;
  port: number;
  /** As DNS sends it: absent means 1. */
  weight?: number;
  /** As DNS sends it: absent means no zone. */
  zone?: string;
  tags?: string[];
}

export interface FixtureRoute {
  modid: number;
  cmdid: number;
  hosts: FixtureHost[];
}

export type AgentFixtureOptions = Partial<Omit<AgentUdpServiceOptions, 'ip' | 'port' | 'onPull' | 'wrongPort'>> & {
  routes?: FixtureRoute[];
};

const HOST = '127.0.0.1';
const ATTEMPTS = 50;

export class AgentFixture {
  readonly host = HOST;

  private constructor(
    readonly basePort: number,
    readonly services: readonly AgentUdpService[],
    /** Keys the services asked "DNS" for (never answered), as "modid:cmdid". */
    readonly pulls: readonly string[],
  ) {}

  static async start(options: AgentFixtureOptions = {}): Promise<AgentFixture> {
    const { routes = [], ...over } = options;
    const pulls: string[] = [];
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const services: AgentUdpService[] = [];
      const links = new AgentPortLinks(services);
      const make = (port: number, index: number): AgentUdpService =>
        new AgentUdpService({ ...over, ip: HOST, port, onPull: (m, c) => void pulls.push(`${m}:${c}`), wrongPort: links.wrongPortFor(index) });
      const first = make(0, 0);
      const base = (await first.bind()).port;
      services.push(first);
      if (base + 2 <= 65535) {
        for (const index of [1, 2]) {
          const svc = make(base + index, index);
          try {
            await svc.bind();
            services.push(svc);
          } catch {
            await closeQuietly(svc);
            break;
          }
        }
      }
      if (services.length === 3) {
        const fixture = new AgentFixture(base, services, pulls);
        for (const r of routes) fixture.setRoute(r.modid, r.cmdid, r.hosts);
        return fixture;
      }
      await Promise.all(services.map(closeQuietly));
    }
    throw new Error(`no three consecutive free UDP ports on ${HOST} after ${ATTEMPTS} tries`);
  }

  /** The service that owns (modid, cmdid), as the agent's port rule says. */
  serviceFor(modid: number, cmdid: number): AgentUdpService {
    return this.services[ownerOf(modid, cmdid)] as AgentUdpService;
  }

  /** Set the key's hosts as a DNS reply would (explicit: an empty list removes them). */
  /** As the dns-client hands a GetRouteResponse to the udp-server: hosts and the key's rules (their text, read as DnsLink reads them). */
  setRoute(modid: number, cmdid: number, hosts: readonly FixtureHost[], rules: readonly string[] = []): void {
    const wire = hosts.map((h) => ({ ip: ipv4ToInt32(h.ip), port: h.port, ...(h.weight === undefined ? {} : { weight: h.weight }), ...(h.zone === undefined ? {} : { zone: h.zone }), ...(h.tags === undefined ? {} : { tags: h.tags }) }));
    this.serviceFor(modid, cmdid).applyRoute(modid, cmdid, wire, true, rulesFromWire(rules));
  }

  close(): Promise<void> {
    return Promise.all(this.services.map(closeQuietly)).then(() => undefined);
  }
}

async function closeQuietly(svc: AgentUdpService): Promise<void> {
  try {
    await svc.close();
  } catch {
    // A socket whose bind failed may already be closed.
  }
}

/**
 * A base port with nothing listening on base..base+2 right now: bound, then
 * released. Another process could take it meanwhile; tests only rely on it
 * for "no agent running" within a few milliseconds.
 */
export async function freePortTriple(): Promise<number> {
  const fixture = await AgentFixture.start();
  const base = fixture.basePort;
  await fixture.close();
  return base;
}
