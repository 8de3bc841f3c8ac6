/**
 * The site rules (runtime/admin/requestSite.ts) checked on a running HTTP
 * server, for every method on every path given: a foreign Host and another
 * site's requests get 403, whatever the path or method; the same request
 * from the server's own origin, or from a client that sends no Origin (curl,
 * Prometheus), gets what a plain request gets.
 */
import { request } from 'node:http';
import type { Test } from 'tap';

export const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'] as const;

export interface Reply {
  status: number;
  body: string;
}

/** One request with exactly these headers (Host included when given), on its own connection. */
export function send(port: number, method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers, agent: false }, (res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Requests naming another server in Host: the DNS-rebinding page, and the curl. */
export const FOREIGN_HOST: ReadonlyArray<readonly [string, Record<string, string>]> = [
  ['foreign Host', { host: 'evil.example' }],
  ['foreign Host with a port', { host: 'evil.example:9778' }],
  ['foreign Host, its Origin, cross-site', { host: 'evil.example', origin: 'http://evil.example', 'sec-fetch-site': 'cross-site' }],
];

/** Requests addressed to us but made by another site (the Host is ours). */
export function crossSite(port: number): ReadonlyArray<readonly [string, Record<string, string>]> {
  return [
    ['Origin of another site', { origin: 'http://evil.example' }],
    ['Origin of another port here', { origin: `http://127.0.0.1:${port === 1 ? 2 : 1}` }],
    ['opaque Origin null', { origin: 'null' }],
    ['Sec-Fetch-Site: cross-site', { 'sec-fetch-site': 'cross-site' }],
    ['Sec-Fetch-Site: same-site', { 'sec-fetch-site': 'same-site' }],
  ];
}

/** How our own pages (and a browser tab on our own origin) ask. */
export function sameOrigin(port: number): Record<string, string> {
  return { origin: `http://127.0.0.1:${port}`, 'sec-fetch-site': 'same-origin' };
}

export interface SiteCheck {
  port: number;
  paths: readonly string[];
  /** Headers every request carries (e.g. a token), besides those under test. */
  headers?: Record<string, string>;
  /** Methods left out on a path (a mutation that must not run again). */
  skip?: (method: string, path: string) => boolean;
}

export interface SiteCounts {
  badHost: number;
  crossSite: number;
}

/** Runs the matrix; returns how many requests of each kind were refused (to compare with the server's counters). */
export async function checkSiteRules(t: Test, c: SiteCheck): Promise<SiteCounts> {
  const counts = { badHost: 0, crossSite: 0 };
  const extra = c.headers ?? {};
  for (const path of c.paths) {
    for (const method of METHODS) {
      if (c.skip?.(method, path)) continue;
      const what = `${method} ${path}`;
      const plain = await send(c.port, method, path, extra);
      t.not(plain.status, 403, `${what}: a plain request (curl, Prometheus) is not refused (${plain.status})`);
      const own = await send(c.port, method, path, { ...extra, ...sameOrigin(c.port) });
      t.equal(own.status, plain.status, `${what}: from our own origin, as a plain request`);
      for (const [name, headers] of FOREIGN_HOST) {
        t.equal((await send(c.port, method, path, { ...extra, ...headers })).status, 403, `${what}: ${name}`);
        counts.badHost++;
      }
      for (const [name, headers] of crossSite(c.port)) {
        t.equal((await send(c.port, method, path, { ...extra, ...headers })).status, 403, `${what}: ${name}`);
        counts.crossSite++;
      }
    }
  }
  return counts;
}
