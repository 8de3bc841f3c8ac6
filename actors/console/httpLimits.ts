/**
 * HTTP limits of the console's server: header and request timeouts, a cap
 * on connections, URL and body sizes. (Kept small and local; the admin
 * server's limits piece replaces it once both use one.)
 */
import type { IncomingMessage, Server } from 'node:http';
import { CodedError } from '../../runtime/errors.js';

export interface HttpLimits {
  maxBodyBytes: number;
  maxUrlBytes: number;
  maxConnections: number;
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  keepAliveTimeoutMs: number;
}

export const DEFAULT_LIMITS: Omit<HttpLimits, 'maxBodyBytes'> = {
  maxUrlBytes: 2048,
  maxConnections: 256,
  headersTimeoutMs: 5_000,
  requestTimeoutMs: 10_000,
  keepAliveTimeoutMs: 5_000,
};

/** An answer that is the client's fault (or a refused method): 4xx with a one-line JSON error. */
export class HttpError extends CodedError {
  constructor(
    readonly status: number,
    code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(code, message);
  }
}

export function applyServerLimits(server: Server, limits: HttpLimits): void {
  server.headersTimeout = limits.headersTimeoutMs;
  server.requestTimeout = limits.requestTimeoutMs;
  server.keepAliveTimeout = limits.keepAliveTimeoutMs;
  server.maxConnections = limits.maxConnections;
}

/** The body as text, refused with 413 past `maxBytes` (by Content-Length up front, or while it streams). */
export function readBody(req: IncomingMessage, maxBytes: number): Promise<string> {
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (Number.isFinite(declared) && declared > maxBytes) return Promise.reject(tooLarge(maxBytes));
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > maxBytes) {
        failed = true;
        reject(tooLarge(maxBytes));
        return;
      }
      parts.push(chunk);
    });
    req.on('end', () => {
      if (!failed) resolve(Buffer.concat(parts).toString('utf8'));
    });
    req.on('error', (err) => {
      if (!failed) reject(new HttpError(400, 'BODY_ABORTED', `request body: ${err.message}`));
      failed = true;
    });
    req.on('aborted', () => {
      if (!failed) reject(new HttpError(400, 'BODY_ABORTED', 'request body: connection closed before its end'));
      failed = true;
    });
  });
}

function tooLarge(maxBytes: number): HttpError {
  return new HttpError(413, 'BODY_TOO_LARGE', `request body over ${maxBytes} bytes`, { connection: 'close' });
}
