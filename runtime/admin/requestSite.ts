/**
 * Who may talk to a Lars HTTP server: one set of rules for every admin
 * server and the console, for every method and path.
 *
 * - Host must name this server: the address the connection arrived on (the
 *   bound address, or for 0.0.0.0 the one the client dialled), a loopback
 *   name (127.x, localhost, ::1) when it arrived on loopback, or a name in
 *   `allowed_hosts`. A page whose own name an attacker re-points at this
 *   machine (DNS rebinding) sends that name, and is refused; so is a
 *   request with no Host (every browser sends one). Prometheus and the
 *   Lars tools send the address they dial, which passes.
 * - A browser request made by another site is refused: `Sec-Fetch-Site:
 *   cross-site` or `same-site` (another port of this host is the same
 *   site), an Origin other than the Host, or the opaque Origin `null`.
 *   curl, Prometheus and the tools send neither header. A top-level page
 *   load the user asked for (a followed link: GET or HEAD, `Sec-Fetch-Mode:
 *   navigate`, `Sec-Fetch-Dest: document`) passes: the page that linked
 *   cannot read the answer, and no GET changes anything.
 * - A mutation (POST /-/reload, console edits) takes the token as
 *   `Authorization: Bearer TOKEN` whenever one is set, and is refused on a
 *   listener that is not loopback-only while none is set.
 *
 * Refusals are 403, not 421 (Misdirected Request): 421 asks a client to
 * retry on another connection, which would meet the same rule.
 */
import type { IncomingMessage } from 'node:http';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { NameListSpec } from '../config/configSchema.js';

export interface SiteRules {
  /** Names (or IPv4 addresses) served besides the connection's own address: `allowed_hosts`. */
  readonly allowedHosts: readonly string[];
}

export type SiteRefusalKind = 'badHost' | 'crossSite';

export interface SiteRefusal {
  kind: SiteRefusalKind;
  code: 'BAD_HOST' | 'CROSS_SITE';
  message: string;
}

export interface MutationRefusal {
  status: 401 | 403;
  code: 'TOKEN_NOT_SET' | 'TOKEN_REQUIRED' | 'BAD_TOKEN';
  message: string;
}

/** `allowed_hosts`, the same key for every admin server and the console. */
export const allowedHostsSpec: NameListSpec = {
  kind: 'names',
  default: '',
  doc: 'Host names (or IPv4 addresses) this server answers to besides the address a request arrives on (and localhost on loopback), comma-separated, no ports: the names Prometheus, a proxy or a browser use to reach it. A request whose Host header is anything else gets 403 (DNS rebinding).',
};

/** True for an address only this machine can reach (127.0.0.0/8, ::1), or the name localhost. */
export function isLoopback(host: string): boolean {
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host) || host === '::1' || host === 'localhost';
}

/** The host part of a Host header or an Origin's authority, lowercased, IPv6 brackets removed; undefined when unparsable. */
function hostnameOf(authority: string): string | undefined {
  try {
    return new URL(`http://${authority}`).hostname.replace(/^\[(.*)\]$/, '$1');
  } catch {
    return undefined;
  }
}

/** The local address as written in a Host header (an IPv4-mapped IPv6 address as plain IPv4). */
function localAddressOf(req: IncomingMessage): string {
  return (req.socket.localAddress ?? '').replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/, '$1');
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** A page load the user asked for: it cannot be read by the page that linked it, and GETs change nothing. */
function isTopLevelNavigation(req: IncomingMessage): boolean {
  return (req.method === 'GET' || req.method === 'HEAD') && header(req, 'sec-fetch-mode') === 'navigate' && header(req, 'sec-fetch-dest') === 'document';
}

/** Why this request may not be served at all, or undefined when it may. */
export function siteRefusal(req: IncomingMessage, rules: SiteRules): SiteRefusal | undefined {
  const hostHeader = header(req, 'host') ?? '';
  const host = hostnameOf(hostHeader);
  const local = localAddressOf(req);
  const named = host !== undefined && host !== '' && (host === local || (isLoopback(local) && isLoopback(host)) || rules.allowedHosts.includes(host));
  if (!named) {
    return {
      kind: 'badHost',
      code: 'BAD_HOST',
      message: `Host ${JSON.stringify(hostHeader.slice(0, 100))} does not name this server: use ${local}${isLoopback(local) ? ' or localhost' : ''}, or list the name in allowed_hosts`,
    };
  }
  const site = header(req, 'sec-fetch-site');
  if ((site === 'cross-site' || site === 'same-site') && !isTopLevelNavigation(req)) {
    return { kind: 'crossSite', code: 'CROSS_SITE', message: `requests from other sites are refused (Sec-Fetch-Site: ${site})` };
  }
  const origin = header(req, 'origin');
  if (origin !== undefined) {
    let originHost: string | undefined;
    try {
      originHost = origin === 'null' ? undefined : new URL(origin).host;
    } catch {
      originHost = undefined;
    }
    let ownHost: string | undefined;
    try {
      ownHost = new URL(`http://${hostHeader}`).host;
    } catch {
      ownHost = undefined;
    }
    if (originHost === undefined || originHost !== ownHost) {
      return { kind: 'crossSite', code: 'CROSS_SITE', message: `requests from other origins are refused (Origin: ${JSON.stringify(origin.slice(0, 100))})` };
    }
  }
  return undefined;
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

/**
 * Whether a mutation may run: `what` names it in the message ("reload",
 * "edits"), `tokenKey` the key that sets the token ("[admin] token").
 */
export function mutationRefusal(req: IncomingMessage, token: string, boundHost: string, what: string, tokenKey: string): MutationRefusal | undefined {
  if (token === '') {
    if (isLoopback(boundHost)) return undefined;
    return { status: 403, code: 'TOKEN_NOT_SET', message: `${what} refused: the server binds ${boundHost}; set ${tokenKey} and send it as "Authorization: Bearer TOKEN"` };
  }
  const given = /^Bearer (.+)$/.exec(header(req, 'authorization') ?? '')?.[1];
  if (given === undefined) return { status: 401, code: 'TOKEN_REQUIRED', message: `${what} refused: send ${tokenKey} as "Authorization: Bearer TOKEN"` };
  // Digests of equal length: the comparison reveals neither the token nor its length.
  if (!timingSafeEqual(digest(given), digest(token))) return { status: 401, code: 'BAD_TOKEN', message: `${what} refused: wrong token` };
  return undefined;
}
