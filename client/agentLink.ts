/**
 * One UDP socket to one agent port, shared by every call for keys that port
 * owns. Opened on first use; getHost replies are matched by seq (uint32,
 * wrapping), API getRoute replies (which carry no seq) by key, oldest call
 * first. A refused datagram means no agent listens on the port: every call
 * waiting on it fails at once with UNREACHABLE instead of at its timeout.
 */
import { createSocket, type Socket } from 'node:dgram';
import { lars } from '../proto/generated/lars.js';
import { parseDatagram } from '../runtime/reactor/datagram.js';
import { int32ToIpv4 } from '../runtime/net/ipv4.js';
import { CALL_HOST, type ClientCounters } from './clientStats.js';
import { LarsError, RetCode, retcodeError } from './larsError.js';
import { callName, type PendingCall } from './pendingCall.js';
import type { Host, RouteHost } from './types.js';
import { normalizeWeight } from '../proto/hostWeight.js';
import { getHostFrame } from './wire.js';
import { isUnreachable } from './unreachable.js';

const ID = lars.MessageId;
/** Room for a burst of replies to many concurrent calls; the kernel caps it at rmem_max. */
const RECV_BUFFER_BYTES = 1 << 20;

export interface LinkOwner {
  readonly counters: ClientCounters;
  succeed(p: PendingCall, value: unknown): void;
  fail(p: PendingCall, err: LarsError): void;
}

type LinkState = 'idle' | 'connecting' | 'open' | 'closed';

export class AgentLink {
  private socket: Socket | undefined;
  private state: LinkState = 'idle';
  /** Frames sent while the socket connects. */
  private queued: Buffer[] = [];
  private readonly hostCalls = new Map<number, PendingCall>();
  private readonly routeCalls = new Map<string, PendingCall[]>();
  private seq: number;

  constructor(
    readonly host: string,
    readonly port: number,
    private readonly owner: LinkOwner,
    firstSeq = 1,
  ) {
    this.seq = firstSeq >>> 0;
  }

  get isOpen(): boolean {
    return this.state === 'open' || this.state === 'connecting';
  }

  get address(): string {
    return `${this.host}:${this.port}`;
  }

  sendGetHost(p: PendingCall): void {
    let seq = this.seq;
    // Only reachable with 2^32 calls in flight or a caller-chosen start; never reuse a live seq.
    while (this.hostCalls.has(seq)) seq = (seq + 1) >>> 0;
    this.seq = (seq + 1) >>> 0;
    p.seq = seq;
    this.hostCalls.set(seq, p);
    this.send(getHostFrame(seq, p.modid, p.cmdid, p.tags));
  }

  sendGetRoute(p: PendingCall, frame: Buffer): void {
    const key = routeKey(p.modid, p.cmdid);
    const waiting = this.routeCalls.get(key);
    if (waiting === undefined) this.routeCalls.set(key, [p]);
    else waiting.push(p);
    this.send(frame);
  }

  send(frame: Buffer): void {
    if (this.state === 'open') {
      (this.socket as Socket).send(frame, this.afterSend);
      return;
    }
    this.queued.push(frame);
    if (this.state === 'idle') this.open();
  }

  /** The call timed out or was abandoned: forget it so a late reply counts as late. */
  forget(p: PendingCall): void {
    if (p.kind === CALL_HOST) {
      if (this.hostCalls.get(p.seq) === p) this.hostCalls.delete(p.seq);
      return;
    }
    const key = routeKey(p.modid, p.cmdid);
    const waiting = this.routeCalls.get(key);
    if (waiting === undefined) return;
    const i = waiting.indexOf(p);
    if (i >= 0) waiting.splice(i, 1);
    if (waiting.length === 0) this.routeCalls.delete(key);
  }

  /** Close the socket; the owner fails the calls still waiting. */
  close(): Promise<void> {
    const socket = this.socket;
    this.state = 'closed';
    this.socket = undefined;
    this.queued = [];
    this.hostCalls.clear();
    this.routeCalls.clear();
    if (socket === undefined) return Promise.resolve();
    return new Promise((resolve) => socket.close(() => resolve()));
  }

  private open(): void {
    const socket = createSocket('udp4');
    this.socket = socket;
    this.state = 'connecting';
    // Replies are awaited through the call timers, which hold the process
    // open while calls are live; an idle socket must not.
    socket.unref();
    socket.on('message', this.onMessage);
    socket.on('error', this.onError);
    // Node hands a failed connect (a name that does not resolve) to this
    // callback, not to the 'error' event.
    socket.connect(this.port, this.host, (err?: Error) => {
      if (this.socket !== socket) return;
      if (err) {
        this.connectFailed(err);
        return;
      }
      try {
        socket.setRecvBufferSize(RECV_BUFFER_BYTES);
      } catch {
        // Keep the kernel default when the limit is lower.
      }
      this.state = 'open';
      const frames = this.queued;
      this.queued = [];
      for (const f of frames) socket.send(f, this.afterSend);
    });
  }

  // Without a callback Node drops a send's synchronous error: a refusal
  // already pending on the socket would then go unnoticed.
  private readonly afterSend = (err: Error | null): void => {
    if (err !== null) this.onError(err);
  };

  private readonly onError = (err: NodeJS.ErrnoException): void => {
    const counters = this.owner.counters;
    if (this.state === 'connecting') {
      this.connectFailed(err);
      return;
    }
    if (isUnreachable(err)) {
      counters.refused++;
      this.failAll(new LarsError('UNREACHABLE', `no agent is listening on ${this.address} (${err.code})`, { cause: err }));
      return;
    }
    counters.socketErrors++;
  };

  /** Fail what waits and start over on the next call. */
  private connectFailed(err: Error): void {
    this.owner.counters.socketErrors++;
    const socket = this.socket;
    this.socket = undefined;
    this.state = 'idle';
    this.queued = [];
    socket?.close();
    this.failAll(new LarsError('SYSTEM', `cannot open a socket to the agent at ${this.address}: ${err.message}`, { cause: err }));
  }

  private failAll(template: LarsError): void {
    const calls = [...this.hostCalls.values()];
    for (const list of this.routeCalls.values()) calls.push(...list);
    this.hostCalls.clear();
    this.routeCalls.clear();
    for (const p of calls) {
      this.owner.fail(p, new LarsError(template.code, `${callName(p)}: ${template.message}`, { cause: template.cause }));
    }
  }

  private readonly onMessage = (msg: Buffer): void => {
    const counters = this.owner.counters;
    const frame = parseDatagram(msg);
    if (frame === undefined) {
      counters.badReplies++;
      return;
    }
    try {
      if (frame.msgid === ID.ID_GetHostResponse) this.onGetHost(lars.GetHostResponse.decode(frame.body));
      else if (frame.msgid === ID.ID_API_GetRouteResponse) this.onGetRoute(lars.GetRouteResponse.decode(frame.body));
      else counters.badReplies++;
    } catch {
      counters.badReplies++;
    }
  };

  private onGetHost(r: lars.GetHostResponse): void {
    const p = this.hostCalls.get(r.seq);
    if (p === undefined) {
      this.owner.counters.lateReplies++;
      return;
    }
    if (p.modid !== r.modid || p.cmdid !== r.cmdid) {
      // Not an answer to this call; leave it to its own reply or timeout.
      this.owner.counters.badReplies++;
      return;
    }
    this.hostCalls.delete(r.seq);
    if (r.retcode !== RetCode.SUCC) {
      this.owner.fail(p, retcodeError(callName(p), r.retcode));
    } else if (r.host === null || r.host === undefined) {
      this.owner.fail(p, new LarsError('SYSTEM', `${callName(p)}: the agent answered success without a host`, { retcode: r.retcode }));
    } else {
      const host: Host = { ip: int32ToIpv4(r.host.ip ?? 0), port: r.host.port ?? 0 };
      this.owner.succeed(p, host);
    }
  }

  private onGetRoute(r: lars.GetRouteResponse): void {
    const key = routeKey(r.modid, r.cmdid);
    const waiting = this.routeCalls.get(key);
    const p = waiting?.shift();
    if (p === undefined) {
      this.owner.counters.lateReplies++;
      return;
    }
    if (waiting?.length === 0) this.routeCalls.delete(key);
    const hosts: RouteHost[] = r.host.map((h) => ({ ip: int32ToIpv4(h.ip ?? 0), port: h.port ?? 0, weight: normalizeWeight(h.weight) }));
    this.owner.succeed(p, hosts);
  }
}

const routeKey = (modid: number, cmdid: number): string => `${modid}:${cmdid}`;
