/**
 * The GetRouteResponse body (DNS reply and push, agent API_GetRouteResponse),
 * always within the given limit. A key whose hosts do not all fit is served
 * deterministically: its hosts in ascending (unsigned ip, port) order, the
 * first that fit. Every replica and every agent then serves the same subset,
 * whatever order the store returned the rows in. A key that fits is encoded
 * as given, byte for byte what the original sends.
 */
import { lars } from './generated/lars.js';
import { fitRepeated } from './fitRepeated.js';
import { hostInfoToWire, type WeightedAddress } from './hostWeight.js';

type Host = WeightedAddress;

export interface RouteResponseBody {
  body: Uint8Array;
  /** Hosts in the body. */
  kept: number;
  /** Hosts asked for; kept < total when the limit cut the list. */
  total: number;
}

const HOST_FIELD = 3;

/** Ascending by the address as unsigned (wire ints are signed), then port. */
export function compareHosts(a: Host, b: Host): number {
  return (a.ip >>> 0) - (b.ip >>> 0) || a.port - b.port;
}

/**
 * `rules`: the key's routing rules as their one-line text (GetRouteResponse.rules
 * = 4, ours); written only when there are some, and always kept whole: a cut
 * leaves hosts out, never a rule (16 rules fit in well under 10 KB).
 */
export function encodeRouteResponseBody(modid: number, cmdid: number, hosts: readonly Host[], maxBody: number, rules: readonly string[] = NO_RULES): RouteResponseBody {
  const wire = hosts.map(hostInfoToWire);
  const ruled = rules.length === 0 ? {} : { rules: [...rules] };
  const body = lars.GetRouteResponse.encode({ modid, cmdid, host: wire, ...ruled }).finish();
  if (body.length <= maxBody) return { body, kept: hosts.length, total: hosts.length };
  const base = lars.GetRouteResponse.encode({ modid, cmdid, host: [], ...ruled }).finish().length;
  const sorted = wire.sort((a, b) => compareHosts(a as Host, b as Host));
  const first = fitRepeated(base, HOST_FIELD, sorted, (h) => lars.HostInfo.encode(h).finish().length, maxBody).runs[0] ?? [];
  return { body: lars.GetRouteResponse.encode({ modid, cmdid, host: first, ...ruled }).finish(), kept: first.length, total: hosts.length };
}

const NO_RULES: readonly string[] = [];

/** Same rule texts in the same order (absent and empty alike). */
export function sameRules(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  const x = a ?? NO_RULES;
  const y = b ?? NO_RULES;
  return x.length === y.length && x.every((r, i) => r === y[i]);
}
