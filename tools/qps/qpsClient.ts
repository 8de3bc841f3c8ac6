/**
 * Echo load generator (the original's qps_test client): N connections, one
 * request in flight on each, every reply checked against its request. Works
 * against any wire-compatible echo server. Built on raw sockets and the frame
 * decoder only, since it shares the CPU with the server it measures.
 */
import { connect, type Socket } from 'node:net';
import { FrameDecoder } from '../../runtime/reactor/frameDecoder.js';
import { HEADER_LEN } from '../../runtime/reactor/frame.js';
import { ECHO_MSGID, EchoMessage, encodeEchoFrame } from './echoCodec.js';

export interface QpsClientOptions {
  host: string;
  port: number;
  conns: number;
  seconds: number;
  content?: string;
  connectTimeoutMs?: number;
  /** Called once a second with that second's replies. */
  onProgress?: (second: number, replies: number) => void;
}

export interface QpsResult {
  conns: number;
  seconds: number;
  replies: number;
  qps: number;
  errors: { mismatch: number; badLength: number; closed: number };
}

interface Lane {
  socket: Socket;
  decoder: FrameDecoder;
  id: number;
  expected: Buffer;
}

function sameEcho(reply: Buffer, expected: Buffer, msgid: number): boolean {
  if (msgid !== ECHO_MSGID) return false;
  if (reply.equals(expected.subarray(HEADER_LEN))) return true;
  // Another encoder may lay out the same message differently: compare fields.
  try {
    const got = EchoMessage.decode(reply);
    const want = EchoMessage.decode(expected.subarray(HEADER_LEN));
    return got.id === want.id && got.content === want.content;
  } catch {
    return false;
  }
}

function openSocket(host: string, port: number, timeoutMs: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port, noDelay: true });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`connect to ${host}:${port} timed out`));
    }, timeoutMs);
    socket.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve(socket);
    });
  });
}

export async function runQpsClient(opts: QpsClientOptions): Promise<QpsResult> {
  const content = Buffer.from(opts.content ?? 'Hello Lars!');
  const errors = { mismatch: 0, badLength: 0, closed: 0 };
  let replies = 0;
  let running = true;

  const sockets = await Promise.all(
    Array.from({ length: opts.conns }, () => openSocket(opts.host, opts.port, opts.connectTimeoutMs ?? 3000)),
  ).catch((err: unknown) => {
    throw new Error(`cannot reach echo server at ${opts.host}:${opts.port}: ${(err as Error).message}`);
  });

  const lanes: Lane[] = sockets.map((socket, i) => ({ socket, decoder: new FrameDecoder(), id: i * 1_000_000, expected: Buffer.alloc(0) }));
  const sendNext = (lane: Lane): void => {
    lane.id = (lane.id + 1) & 0x7fffffff;
    lane.expected = encodeEchoFrame(content, lane.id);
    lane.socket.write(lane.expected);
  };

  for (const lane of lanes) {
    const sink = (msgid: number, body: Buffer): boolean => {
      if (!running) return false;
      if (sameEcho(body, lane.expected, msgid)) replies++;
      else errors.mismatch++;
      sendNext(lane);
      return true;
    };
    lane.socket.on('data', (chunk: Buffer) => {
      if (lane.decoder.push(chunk, sink) === 'badLength') {
        errors.badLength++;
        lane.socket.destroy();
      }
    });
    lane.socket.on('error', () => undefined);
    lane.socket.on('close', () => {
      if (running) errors.closed++;
    });
  }

  const started = performance.now();
  let lastReported = 0;
  let second = 0;
  const progress = opts.onProgress
    ? setInterval(() => {
        second++;
        opts.onProgress?.(second, replies - lastReported);
        lastReported = replies;
      }, 1000)
    : undefined;
  for (const lane of lanes) sendNext(lane);

  await new Promise((resolve) => setTimeout(resolve, opts.seconds * 1000));
  running = false;
  const elapsed = (performance.now() - started) / 1000;
  if (progress) clearInterval(progress);
  for (const lane of lanes) lane.socket.destroy();

  return { conns: opts.conns, seconds: elapsed, replies, qps: replies / elapsed, errors };
}
