/**
 * An HTTP server that a slow, greedy or hostile client cannot hold hostage:
 * bounded header size, bounded body (read before the handler runs, 413 past
 * the bound), a deadline for the headers and for the whole request, an idle
 * keep-alive bound and a connection cap; given site rules, a request not
 * addressed to this server or made by another site (requestSite.ts) is
 * refused before its body is read. Every refusal is counted. Shared by
 * every HTTP surface of the project (admin server, console).
 *
 * Node checks headersTimeout/requestTimeout only every
 * connectionsCheckingInterval (30 s by default), which is how partial-header
 * connections used to be held for 95 s: the interval is derived from the
 * deadlines here.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { siteRefusal, type SiteRules } from './requestSite.js';

export interface HttpLimits {
  /** Request line plus headers, bytes; past it: 431 and the connection closed. */
  maxHeaderBytes: number;
  /** Request body, bytes; past it: 413 and the connection closed. */
  maxBodyBytes: number;
  /** The headers must be complete this long after the request started, or 408. */
  headersTimeoutMs: number;
  /** The whole request (headers and body) must arrive within this, or 408. */
  requestTimeoutMs: number;
  /** An idle keep-alive connection is closed after this. */
  idleTimeoutMs: number;
  /** Open connections; more are accepted and closed at once. */
  maxConnections: number;
}

export const DEFAULT_HTTP_LIMITS: Readonly<HttpLimits> = {
  maxHeaderBytes: 8 * 1024,
  maxBodyBytes: 64 * 1024,
  headersTimeoutMs: 5_000,
  requestTimeoutMs: 10_000,
  idleTimeoutMs: 5_000,
  maxConnections: 256,
};

export const HTTP_LIMIT_COUNTERS = ['headerTooLarge', 'bodyTooLarge', 'timedOut', 'connRejected', 'badRequest', 'aborted', 'badHost', 'crossSite'] as const;
export type HttpLimitCounter = (typeof HTTP_LIMIT_COUNTERS)[number];
export type HttpLimitCounts = Record<HttpLimitCounter, number>;

/** Gets the request and its whole body (at most maxBodyBytes). */
export type LimitedHandler = (req: IncomingMessage, res: ServerResponse, body: Buffer) => void | Promise<void>;

export interface LimitedServer {
  readonly server: Server;
  readonly limits: Readonly<HttpLimits>;
  /** Refusals so far, by kind. */
  counts(): HttpLimitCounts;
}

/** How a refusal's body is written (default: one line of plain text); the console answers JSON. `code` names a site refusal. */
export type RefusalFormat = (status: number, message: string, code?: string) => { contentType: string; body: string };

const plainRefusal: RefusalFormat = (_status, message) => ({ contentType: 'text/plain; charset=utf-8', body: `${message}\n` });

export function createLimitedServer(handler: LimitedHandler, limits: Partial<HttpLimits> = {}, format: RefusalFormat = plainRefusal, site?: SiteRules): LimitedServer {
  const l: HttpLimits = { ...DEFAULT_HTTP_LIMITS, ...limits };
  // Sockets answered by a refusal: the unread rest of the request (a body) must not draw a second answer.
  const refusedSockets = new WeakSet<Socket>();
  const refuse = (res: ServerResponse, status: number, message: string, code?: string): void => {
    refusedSockets.add(res.req.socket);
    const { contentType, body } = format(status, message, code);
    res.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(body), connection: 'close' });
    res.end(body);
    res.once('finish', () => res.req.socket.destroy());
  };
  const counts = Object.fromEntries(HTTP_LIMIT_COUNTERS.map((n) => [n, 0])) as HttpLimitCounts;
  const server = createServer(
    {
      maxHeaderSize: l.maxHeaderBytes,
      headersTimeout: l.headersTimeoutMs,
      requestTimeout: l.requestTimeoutMs,
      // Deadlines are enforced only when this interval fires.
      connectionsCheckingInterval: Math.max(10, Math.min(1000, Math.floor(Math.min(l.headersTimeoutMs, l.requestTimeoutMs) / 4))),
      keepAliveTimeout: l.idleTimeoutMs,
    },
    (req, res) => {
      const foreign = site === undefined ? undefined : siteRefusal(req, site);
      if (foreign !== undefined) {
        counts[foreign.kind]++;
        refuse(res, 403, foreign.message, foreign.code);
        return;
      }
      readBody(req, l.maxBodyBytes).then(
        (body) => {
          if (body === 'tooLarge') {
            counts.bodyTooLarge++;
            refuse(res, 413, `request body over ${l.maxBodyBytes} bytes`);
            return;
          }
          if (body === 'aborted') {
            counts.aborted++;
            return;
          }
          return handler(req, res, body);
        },
        () => undefined,
      ).catch(() => {
        if (!res.headersSent) refuse(res, 500, 'internal error');
      });
    },
  );
  server.maxConnections = l.maxConnections;
  server.on('drop', () => counts.connRejected++);
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Socket) => {
    if (refusedSockets.has(socket)) {
      socket.destroy();
      return;
    }
    const code = err.code ?? '';
    let status: number;
    if (code === 'HPE_HEADER_OVERFLOW') {
      counts.headerTooLarge++;
      status = 431;
    } else if (code === 'ERR_HTTP_REQUEST_TIMEOUT') {
      counts.timedOut++;
      status = 408;
    } else if (code === 'ECONNRESET' || code === 'EPIPE') {
      counts.aborted++;
      socket.destroy();
      return;
    } else {
      counts.badRequest++;
      status = 400;
    }
    const { contentType, body } = format(status, STATUS_TEXT[status] ?? 'refused');
    if (socket.writable) socket.end(`HTTP/1.1 ${status} ${STATUS_TEXT[status]}\r\nconnection: close\r\ncontent-type: ${contentType}\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
    socket.destroy();
  });
  return { server, limits: l, counts: () => ({ ...counts }) };
}

const STATUS_TEXT: Record<number, string> = { 400: 'Bad Request', 408: 'Request Timeout', 431: 'Request Header Fields Too Large' };

function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer | 'tooLarge' | 'aborted'> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > maxBytes) return Promise.resolve('tooLarge');
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (v: Buffer | 'tooLarge' | 'aborted'): void => {
      if (done) return;
      done = true;
      resolve(v);
    };
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        req.pause();
        finish('tooLarge');
      } else if (!done) chunks.push(chunk);
    });
    req.on('end', () => finish(Buffer.concat(chunks, size)));
    req.on('aborted', () => finish('aborted'));
    req.on('error', () => finish('aborted'));
    req.on('close', () => finish('aborted'));
  });
}

/** Prometheus text for a server's refusals: `<name>{kind="..."} N`. */
export function renderRefusals(name: string, help: string, counts: Record<string, number>): string {
  const lines = [`# HELP ${name} ${help}`, `# TYPE ${name} counter`];
  for (const [kind, n] of Object.entries(counts)) lines.push(`${name}{kind="${kind}"} ${n}`);
  return `${lines.join('\n')}\n`;
}
