/**
 * One health probe: a TCP connect, or an HTTP GET that passes on 2xx. Never
 * rejects; a failure comes back as one short line for the operator. The
 * timeout runs on the caller's Scheduler so tests can fire it.
 */
import { request, type IncomingMessage } from 'node:http';
import { connect } from 'node:net';
import type { Scheduler } from '../../../runtime/reactor/backoff.js';
import type { CheckTarget } from './healthCheckSpec.js';

export type ProbeOutcome = { ok: true } | { ok: false; error: string };

/** How much of a failing answer's body is read for the error text; the rest is never read. */
export const PROBE_BODY_BYTES = 512;
/** An error text stays one line of this many characters (it is stored and shown per host). */
export const PROBE_ERROR_CHARS = 200;

/** `signal` aborts a probe in flight (the check stopped): its socket is closed and its timer cleared. */
export type Probe = (target: CheckTarget, timeoutMs: number, scheduler: Scheduler, signal?: AbortSignal) => Promise<ProbeOutcome>;

export function oneLine(text: string, max = PROBE_ERROR_CHARS): string {
  const flat = text.replace(/[\p{Cc}\s]+/gu, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}

/** Settles once: the first of answer, error, timeout and abort wins; `cleanup` frees the socket. */
function settleOnce(
  timeoutMs: number,
  scheduler: Scheduler,
  signal: AbortSignal | undefined,
  cleanup: () => void,
): { promise: Promise<ProbeOutcome>; settle: (o: ProbeOutcome) => void } {
  let resolve!: (o: ProbeOutcome) => void;
  const promise = new Promise<ProbeOutcome>((r) => (resolve = r));
  let done = false;
  const settle = (o: ProbeOutcome): void => {
    if (done) return;
    done = true;
    scheduler.clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
    cleanup();
    resolve(o.ok ? o : { ok: false, error: oneLine(o.error) });
  };
  const onAbort = (): void => settle({ ok: false, error: 'probe stopped' });
  const timer = scheduler.setTimeout(() => settle({ ok: false, error: `no answer within ${timeoutMs} ms` }), timeoutMs);
  if (signal?.aborted) onAbort();
  else signal?.addEventListener('abort', onAbort);
  return { promise, settle };
}

function probeTcp(host: string, port: number, timeoutMs: number, scheduler: Scheduler, signal?: AbortSignal): Promise<ProbeOutcome> {
  const socket = connect({ host, port });
  const { promise, settle } = settleOnce(timeoutMs, scheduler, signal, () => socket.destroy());
  socket.on('connect', () => settle({ ok: true }));
  socket.on('error', (err) => settle({ ok: false, error: err.message }));
  return promise;
}

function statusText(res: IncomingMessage): string {
  return `HTTP ${res.statusCode ?? 0}${res.statusMessage ? ` ${res.statusMessage}` : ''}`;
}

function probeHttp(
  target: { host: string; port: number; path: string },
  timeoutMs: number,
  scheduler: Scheduler,
  signal?: AbortSignal,
): Promise<ProbeOutcome> {
  const { host, port, path } = target;
  const req = request({
    host,
    port,
    path,
    method: 'GET',
    agent: false,
    headers: { 'user-agent': 'lars-health-check', accept: '*/*', connection: 'close' },
  });
  const { promise, settle } = settleOnce(timeoutMs, scheduler, signal, () => req.destroy());
  req.on('error', (err) => settle({ ok: false, error: err.message }));
  req.on('response', (res) => {
    res.on('error', () => {});
    const code = res.statusCode ?? 0;
    if (code >= 200 && code < 300) {
      settle({ ok: true });
      return;
    }
    if (code >= 300 && code < 400) {
      const to = res.headers.location;
      settle({ ok: false, error: `${statusText(res)} (redirects are not followed${to ? `: to ${to}` : ''})` });
      return;
    }
    const chunks: Buffer[] = [];
    let bytes = 0;
    const fail = (): void => {
      const body = oneLine(Buffer.concat(chunks).subarray(0, PROBE_BODY_BYTES).toString('utf8'));
      settle({ ok: false, error: body === '' ? statusText(res) : `${statusText(res)}: ${body}` });
    };
    res.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      bytes += chunk.length;
      if (bytes >= PROBE_BODY_BYTES) fail();
    });
    res.on('end', fail);
    res.on('close', fail);
  });
  req.end();
  return promise;
}

export const runProbe: Probe = (target, timeoutMs, scheduler, signal) => {
  try {
    return target.kind === 'tcp'
      ? probeTcp(target.host, target.port, timeoutMs, scheduler, signal)
      : probeHttp(target, timeoutMs, scheduler, signal);
  } catch (err) {
    return Promise.resolve({ ok: false, error: oneLine(err instanceof Error ? err.message : String(err)) });
  }
};
