/**
 * The admin HTTP endpoint of a process: GET /metrics (Prometheus text) and
 * GET /healthz (200 healthy, 503 with a short JSON reason), and POST
 * /-/reload when a reload handler is given. Knows nothing of
 * actors: it calls what it is given.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CodedError, errorLine } from '../errors.js';

export interface HealthReport {
  healthy: boolean;
  /** Serialized as the response body. */
  body: Record<string, unknown>;
}

export interface AdminHandlers {
  metrics(): Promise<{ contentType: string; text: string }>;
  health(): HealthReport | Promise<HealthReport>;
  /** POST /-/reload: the control-plane twin of SIGHUP. */
  reload?(): Promise<HealthReport>;
}

export interface AdminServer {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

export class AdminListenError extends CodedError {
  constructor(host: string, port: number, cause: unknown) {
    const code = (cause as NodeJS.ErrnoException).code ?? 'error';
    super('ADMIN_LISTEN', `admin: cannot listen on ${host}:${port} (${code})`, { cause });
  }
}

export async function startAdminServer(host: string, port: number, handlers: AdminHandlers): Promise<AdminServer> {
  const server = createServer((req, res) => void serve(req, res, handlers));
  // A scraper that keeps its connection open must not hold up shutdown.
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err) => reject(new AdminListenError(host, port, err)));
    server.listen(port, host, () => resolve());
  });
  const bound = (server.address() as AddressInfo).port;
  return { url: `http://${host}:${bound}`, port: bound, close: () => closeServer(server) };
}

async function serve(req: IncomingMessage, res: ServerResponse, handlers: AdminHandlers): Promise<void> {
  const path = (req.url ?? '/').split('?')[0];
  if (req.method === 'POST' && path === '/-/reload' && handlers.reload) {
    try {
      const report = await handlers.reload();
      reply(res, report.healthy ? 200 : 500, 'application/json', `${JSON.stringify(report.body)}\n`);
    } catch (err) {
      reply(res, 500, 'application/json', `${JSON.stringify({ error: errorLine(err) })}\n`);
    }
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
