/**
 * The admin HTTP endpoint of a process: GET /metrics (Prometheus text) and
 * GET /healthz (200 healthy, 503 with a short JSON reason), POST /-/reload
 * when a reload handler is given, and the GET routes roles add (the agent's
 * /lb). Knows nothing of actors: it calls what it is given. Runs under the
 * shared HTTP limits and site rules (requestSite.ts): every method and path
 * answers only requests addressed to this server and not made by another
 * site.
 *
 * Reload changes what the process does, so it takes `[admin] token` as
 * `Authorization: Bearer TOKEN` (a header: URLs end up in logs). Without a
 * token configured, reload is allowed only while the server binds a
 * loopback address.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CodedError, errorLine } from '../errors.js';
import { createLimitedServer, type HttpLimitCounts, type HttpLimits } from './httpLimits.js';
import { mutationRefusal } from './requestSite.js';

export interface HealthReport {
  healthy: boolean;
  /** Serialized as the response body. */
  body: Record<string, unknown>;
}

/** A JSON answer of a role's admin route; errors are `{ "error": "one line" }` with a 4xx/5xx status. */
export interface AdminReply {
  status: number;
  body: unknown;
}

/** A GET route a role adds to the admin server: the query string in, JSON out. */
export type AdminRoute = (query: URLSearchParams) => Promise<AdminReply>;

export interface AdminHandlers {
  metrics(): Promise<{ contentType: string; text: string }>;
  health(): HealthReport | Promise<HealthReport>;
  /** POST /-/reload: the control-plane twin of SIGHUP. */
  reload?(): Promise<HealthReport>;
  /** Extra GET routes by path (e.g. `/lb`). */
  routes?: ReadonlyMap<string, AdminRoute>;
}

export interface AdminServer {
  readonly url: string;
  readonly port: number;
  /** Requests refused by the HTTP limits, and reloads refused for want of the token. */
  counts(): HttpLimitCounts & { reloadRefused: number };
  close(): Promise<void>;
}

export interface AdminServerOptions {
  /** `[admin] token`; empty: none. */
  token?: string;
  /** `[admin] allowed_hosts`: names served besides the address a connection arrives on. */
  allowedHosts?: readonly string[];
  limits?: Partial<HttpLimits>;
}

export class AdminListenError extends CodedError {
  constructor(host: string, port: number, cause: unknown) {
    const code = (cause as NodeJS.ErrnoException).code ?? 'error';
    super('ADMIN_LISTEN', `admin: cannot listen on ${host}:${port} (${code})`, { cause });
  }
}

export async function startAdminServer(host: string, port: number, handlers: AdminHandlers, options: AdminServerOptions = {}): Promise<AdminServer> {
  const token = options.token ?? '';
  let reloadRefused = 0;
  const limited = createLimitedServer(
    async (req, res) => {
      const refusal = isReload(req) && handlers.reload ? mutationRefusal(req, token, host, 'reload', '[admin] token') : undefined;
      if (refusal !== undefined) {
        reloadRefused++;
        reply(res, refusal.status, 'application/json', `${JSON.stringify({ error: refusal.message })}\n`, refusal.status === 401 ? { 'www-authenticate': 'Bearer' } : {});
        return;
      }
      await serve(req, res, handlers);
    },
    options.limits,
    undefined,
    { allowedHosts: options.allowedHosts ?? [] },
  );
  const server = limited.server;
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err) => reject(new AdminListenError(host, port, err)));
    server.listen(port, host, () => resolve());
  });
  const bound = (server.address() as AddressInfo).port;
  return { url: `http://${host}:${bound}`, port: bound, counts: () => ({ ...limited.counts(), reloadRefused }), close: () => closeServer(server) };
}

function isReload(req: IncomingMessage): boolean {
  return req.method === 'POST' && (req.url ?? '/').split('?')[0] === '/-/reload';
}

async function serve(req: IncomingMessage, res: ServerResponse, handlers: AdminHandlers): Promise<void> {
  const path = (req.url ?? '/').split('?')[0];
  if (isReload(req) && handlers.reload) {
    try {
      const report = await handlers.reload();
      reply(res, report.healthy ? 200 : 500, 'application/json', `${JSON.stringify(report.body)}\n`);
    } catch (err) {
      reply(res, 500, 'application/json', `${JSON.stringify({ error: errorLine(err) })}\n`);
    }
    return;
  }
  if (req.method !== 'GET' && req.method !== 'HEAD' && path !== undefined && handlers.routes?.has(path)) {
    reply(res, 405, 'application/json', `${JSON.stringify({ error: `method ${req.method ?? '?'} not allowed on ${path}: use GET` })}\n`, { allow: 'GET, HEAD' });
    return;
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    reply(res, 405, 'text/plain; charset=utf-8', 'method not allowed\n', { allow: 'GET, HEAD' });
    return;
  }
  try {
    if (path === '/metrics') {
      const { contentType, text } = await handlers.metrics();
      reply(res, 200, contentType, text);
    } else if (path === '/healthz') {
      const report = await handlers.health();
      reply(res, report.healthy ? 200 : 503, 'application/json', `${JSON.stringify(report.body)}\n`);
    } else if (path !== undefined && handlers.routes?.has(path)) {
      const url = req.url ?? '';
      const answer = await (handlers.routes.get(path) as AdminRoute)(new URLSearchParams(url.includes('?') ? url.slice(url.indexOf('?') + 1) : ''));
      reply(res, answer.status, 'application/json', `${JSON.stringify(answer.body)}\n`);
    } else {
      reply(res, 404, 'text/plain; charset=utf-8', 'not found: try /metrics or /healthz\n');
    }
  } catch (err) {
    reply(res, 500, 'text/plain; charset=utf-8', `${errorLine(err)}\n`);
  }
}

function reply(res: ServerResponse, status: number, contentType: string, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': contentType, 'cache-control': 'no-store', ...headers });
  res.end(res.req.method === 'HEAD' ? undefined : body);
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
