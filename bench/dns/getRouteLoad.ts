/**
 * GetRoute load: N connections, one GetRouteRequest in flight on each, every
 * reply checked (msgid 2, same key; bytes compared with the first reply so
 * the check stays cheap). Works against any wire-compatible DNS service.
 */
import { connect, type Socket } from 'node:net';
import { lars } from '../../proto/generated/lars.js';
import { encodeFrame } from '../../runtime/reactor/frame.js';
import { FrameDecoder } from '../../runtime/reactor/frameDecoder.js';

export interface GetRouteLoadOptions {
  host: string;
  port: number;
  conns: number;
  seconds: number;
  modid: number;
  cmdid: number;
}

export interface GetRouteLoadResult {
  conns: number;
  qps: number;
  replies: number;
  hosts: number;
  errors: number;
}

function open(host: string, port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = connect({ host, port, noDelay: true });
    s.once('error', reject);
    s.once('connect', () => resolve(s));
  });
}

export async function runGetRouteLoad(opts: GetRouteLoadOptions): Promise<GetRouteLoadResult> {
  const request = encodeFrame(lars.MessageId.ID_GetRouteRequest, lars.GetRouteRequest.encode({ modid: opts.modid, cmdid: opts.cmdid }).finish());
  let expected: Buffer | undefined;
  let hosts = 0;
  let replies = 0;
  let errors = 0;
  let running = true;
  const sockets = await Promise.all(Array.from({ length: opts.conns }, () => open(opts.host, opts.port)));
  for (const s of sockets) {
    const decoder = new FrameDecoder();
    const sink = (msgid: number, body: Buffer): boolean => {
      if (!running) return false;
      if (expected === undefined && msgid === lars.MessageId.ID_GetRouteResponse) {
        const r = lars.GetRouteResponse.decode(body);
        if (r.modid === opts.modid && r.cmdid === opts.cmdid) {
          expected = Buffer.from(body);
          hosts = r.host.length;
        }
      }
      if (msgid === lars.MessageId.ID_GetRouteResponse && expected?.equals(body)) replies++;
      else errors++;
      s.write(request);
      return true;
    };
    s.on('data', (chunk: Buffer) => void decoder.push(chunk, sink));
    s.on('error', () => undefined);
    s.on('close', () => running && errors++);
  }
  const started = performance.now();
  for (const s of sockets) s.write(request);
  await new Promise((r) => setTimeout(r, opts.seconds * 1000));
  running = false;
  const elapsed = (performance.now() - started) / 1000;
  for (const s of sockets) s.destroy();
  return { conns: opts.conns, qps: replies / elapsed, replies, hosts, errors };
}
