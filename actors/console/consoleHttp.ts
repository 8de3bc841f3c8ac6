/**
 * The console's HTTP server: pages, their assets (all served from here, no
 * CDN) and the JSON API. Every answer carries a strict Content-Security-
 * Policy and no CORS header; a request not addressed to the console or made
 * by another site is refused before it is read (runtime/admin/requestSite.ts,
 * the admin servers' rules); every refusal is a 4xx with a one-line JSON
 * error. An unexpected failure is logged and answered 500 without details,
 * and never takes the server down.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { errorLine } from '../../runtime/errors.js';
import type { ConsoleBackend } from './consoleBackend.js';
import { PreSerialized } from './preSerialized.js';
import { handleApi } from './consoleApi.js';
import { renderPage } from './consolePages.js';
import { createLimitedServer, type HttpLimitCounts } from '../../runtime/admin/httpLimits.js';
import { HttpError } from './httpError.js';

const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cache-control': 'no-store',
};

const MAX_URL_BYTES = 2048;

const ASSETS: Record<string, string> = {
  'console.js': 'text/javascript; charset=utf-8',
  'dom.js': 'text/javascript; charset=utf-8',
  'format.js': 'text/javascript; charset=utf-8',
  'charts.js': 'text/javascript; charset=utf-8',
  'console.css': 'text/css; charset=utf-8',
};

function loadAssets(): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  for (const name of Object.keys(ASSETS)) out.set(name, readFileSync(new URL(`./assets/${name}`, import.meta.url)));
  return out;
}

export async function startConsoleHttp(host: string, port: number, backend: ConsoleBackend): Promise<{ server: Server; address: AddressInfo; refusals: () => HttpLimitCounts }> {
  const assets = loadAssets();
  const limited = createLimitedServer(
    (req, res, body) =>
      serve(req, res, body, backend, assets).catch((err: unknown) => {
        backend.log?.(`console: unexpected error on ${req.method ?? '?'} ${(req.url ?? '').slice(0, 200)}: ${errorLine(err)}`);
        if (!res.headersSent) send(res, 500, { error: 'internal error (logged)', code: 'INTERNAL' });
        else res.destroy();
      }),
    { maxBodyBytes: backend.config.max_body_bytes },
    (status, message, code) => ({ contentType: 'application/json; charset=utf-8', body: `${JSON.stringify({ error: message, code: code ?? `HTTP_${status}` })}\n` }),
    { allowedHosts: backend.config.allowed_hosts },
  );
  const server = limited.server;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return { server, address: server.address() as AddressInfo, refusals: limited.counts };
}

async function serve(req: IncomingMessage, res: ServerResponse, body: Buffer, backend: ConsoleBackend, assets: Map<string, Buffer>): Promise<void> {
  backend.counters.requests++;
  const raw = req.url ?? '/';
  try {
    if (raw.length > MAX_URL_BYTES) throw new HttpError(414, 'URL_TOO_LONG', `URL over ${MAX_URL_BYTES} bytes`);
    if (!raw.startsWith('/')) throw new HttpError(400, 'BAD_PATH', 'request target must be a path');
    const url = new URL(raw, 'http://console.invalid');
    const path = url.pathname;
    if (path === '/api' || path.startsWith('/api/')) {
      const answer = await handleApi(req, body, path, url.searchParams, backend);
      send(res, answer.status, answer.body);
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') throw new HttpError(405, 'METHOD_NOT_ALLOWED', 'pages are GET only', { allow: 'GET, HEAD' });
    const asset = /^\/assets\/([a-z.]+)$/.exec(path)?.[1];
    if (asset !== undefined) {
      const body = assets.get(asset);
      const type = ASSETS[asset];
      if (!body || !type) throw new HttpError(404, 'NOT_FOUND', `no asset ${asset}`);
      reply(res, 200, type, body);
      return;
    }
    const pollMs = String(Math.round(backend.config.poll_interval * 1000));
    const key = keyPagePath(path);
    if (path === '/') reply(res, 200, HTML, renderPage('keys', { pollMs }));
    else if (path === '/roles') reply(res, 200, HTML, renderPage('roles', { pollMs }));
    else if (key) reply(res, 200, HTML, renderPage('key', { ...key, pollMs }));
    else throw new HttpError(404, 'NOT_FOUND', `no page at ${path.slice(0, 100)}`);
  } catch (err) {
    if (!(err instanceof HttpError)) throw err;
    backend.counters.badRequests++;
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    // A person who typed a bad URL gets a page with a way back, a script the one-line JSON.
    if (err.status === 404 && !path.startsWith('/api/') && wantsHtml(req)) reply(res, 404, HTML, renderPage('notFound', { path: path.slice(0, 100) }), err.headers);
    else send(res, err.status, { error: err.message, code: err.code }, err.headers);
  }
}

const HTML = 'text/html; charset=utf-8';
const MAX_KEY_PART = 2 ** 31 - 1;

/** /key/MODID/CMDID with both parts plain decimals from 0 to 2^31-1 (what a person types; `/key/-5/-7` is no page). */
function keyPagePath(path: string): { modid: string; cmdid: string } | undefined {
  const m = /^\/key\/(\d{1,10})\/(\d{1,10})$/.exec(path);
  if (!m || Number(m[1]) > MAX_KEY_PART || Number(m[2]) > MAX_KEY_PART) return undefined;
  return { modid: m[1] as string, cmdid: m[2] as string };
}

function wantsHtml(req: IncomingMessage): boolean {
  return /\btext\/html\b/.test(req.headers.accept ?? '');
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  reply(res, status, 'application/json; charset=utf-8', body instanceof PreSerialized ? body.text : `${JSON.stringify(body)}\n`, headers);
}

function reply(res: ServerResponse, status: number, contentType: string, body: string | Buffer, headers: Record<string, string> = {}): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'content-type': contentType, 'content-length': Buffer.byteLength(body), ...headers });
  res.end(res.req.method === 'HEAD' ? undefined : body);
}
