/**
 * A Registrar's requests to DNS and who waits for their answers: frames out
 * (numbered, split to fit), the requests still unanswered (by seq, with the
 * instance keys each carried), and the askers waiting, each with a deadline:
 * a register's asker by instance key (any request carrying the instance
 * answers it, a re-send after a reconnect too), a deregister's with its request.
 */
import { lars } from '../../../proto/generated/lars.js';
import { instanceKey, requestBodies } from '../../../proto/registration.js';
import type { RegistrarCounters } from './registrarCounters.js';

export interface RegistrationAnswer {
  retcode: number;
  reason: string;
  /** Connected, but DNS gave no answer within the wait (RET_UNAVAILABLE on the wire; an embedded client's TIMEOUT). */
  timedOut?: boolean;
}

export type AnswerFn = (a: RegistrationAnswer) => void;

export interface Waiter {
  answer: AnswerFn;
  deadline: number;
  /** How long it waits (for the timeout's message). */
  waitMs: number;
}

interface Inflight {
  keys: string[];
  sentAt: number;
  /** A deregister's asker; register askers wait by instance key. */
  deregister?: Waiter;
}

/** Requests DNS never answered are forgotten after this (the connection died, or the answer was lost). */
const INFLIGHT_KEEP_MS = 30_000;

export interface RequestLink {
  owner: string;
  token: string;
  send: (msgid: number, body: Uint8Array) => boolean;
  connected: () => boolean;
  maxBody?: number;
}

export class RegistrarRequests {
  private readonly inflight = new Map<number, Inflight>();
  private readonly waiters = new Map<string, Waiter[]>();
  private seq = 0;

  constructor(private readonly counters: RegistrarCounters) {}

  /** Frames for `instances`; false (counted) when one could not leave. */
  send(link: RequestLink, deregister: boolean, instances: Array<lars.Instance.$Properties>, now: number, asker?: Waiter): boolean {
    if (!link.connected()) {
      this.counters.notSent++;
      return false;
    }
    const [msgid, type] = deregister ? [lars.MessageId.ID_DeregisterRequest, lars.DeregisterRequest] : [lars.MessageId.ID_RegisterRequest, lars.RegisterRequest];
    for (const frame of requestBodies(type, { token: link.token, owner: link.owner }, instances, () => this.nextSeq(), link.maxBody)) {
      if (!link.send(msgid, frame.body)) {
        this.counters.notSent++;
        return false;
      }
      this.counters.framesSent++;
      this.inflight.set(frame.seq, { keys: frame.instances.map(instanceKey), sentAt: now, ...(asker === undefined ? {} : { deregister: asker }) });
    }
    return true;
  }

  /** The request a DNS answer is for, no longer awaited; undefined (counted) when none is. */
  take(seq: number): Inflight | undefined {
    const f = this.inflight.get(seq);
    if (f === undefined) this.counters.lateAnswers++;
    else this.inflight.delete(seq);
    return f;
  }

  /** An asker waits for the DNS's word on an instance. */
  park(key: string, w: Waiter): void {
    const list = this.waiters.get(key);
    if (list === undefined) this.waiters.set(key, [w]);
    else list.push(w);
  }

  /** Everyone waiting on `key` hears `a`. */
  answer(key: string, a: RegistrationAnswer): void {
    const list = this.waiters.get(key);
    if (list === undefined) return;
    this.waiters.delete(key);
    for (const w of list) w.answer(a);
  }

  /** Askers whose deadline passed go to `timedOut`; requests unanswered for long are forgotten. */
  expire(now: number, timedOut: (w: Waiter) => void): void {
    for (const [key, list] of this.waiters) {
      const due = list.filter((w) => w.deadline <= now);
      if (due.length === 0) continue;
      const left = list.filter((w) => w.deadline > now);
      if (left.length === 0) this.waiters.delete(key);
      else this.waiters.set(key, left);
      for (const w of due) timedOut(w);
    }
    for (const [seq, f] of this.inflight) {
      if (f.deregister !== undefined && f.deregister.deadline <= now) {
        this.inflight.delete(seq);
        timedOut(f.deregister);
      } else if (now - f.sentAt >= INFLIGHT_KEEP_MS) this.inflight.delete(seq);
    }
  }

  /** The connection went: its requests are never answered; a deregister's asker hears `a` now. */
  lost(a: RegistrationAnswer): void {
    const lost = [...this.inflight.values()];
    this.inflight.clear();
    for (const f of lost) f.deregister?.answer(a);
  }

  private nextSeq(): number {
    this.seq = (this.seq + 1) >>> 0;
    if (this.seq === 0) this.seq = 1;
    return this.seq;
  }
}
