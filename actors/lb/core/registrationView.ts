/**
 * One registration as the agent's admin route (`GET /registrations`), `lars
 * status` and the embedded client's stats show it: plain JSON, addresses as
 * dotted text, times as ages.
 */
import { int32ToIpv4 } from '../../../runtime/net/ipv4.js';
import type { Registration, RegistrationSource } from './registrar.js';

export interface RegistrationView {
  key: string;
  modid: number;
  cmdid: number;
  ip: string;
  port: number;
  weight: number;
  ttlMs: number;
  source: RegistrationSource;
  /** Who holds it: the application (and its address), the declaration, the client. */
  holder: string;
  /** Since the last heartbeat (applications) or the registration itself (others). */
  lastHeartbeatMsAgo: number;
  /** registering: DNS has not answered yet; registered: DNS took it; refused: its last answer was not success. */
  state: 'registering' | 'registered' | 'refused';
  /** The DNS's last answer when it was not success. */
  lastError?: { retcode: number; reason: string };
  /** The check the agent runs, when it runs one. */
  checkUrl?: string;
  /** The check's last state as sent to DNS (absent: no result yet, or no check). */
  check?: { passing: boolean; detail: string };
}

export function registrationView(e: Registration, now: number): RegistrationView {
  const i = e.instance;
  const refused = e.lastAnswer !== undefined && e.lastAnswer.retcode !== 0;
  const v: RegistrationView = {
    key: e.key,
    modid: i.modid,
    cmdid: i.cmdid,
    ip: int32ToIpv4(i.ip | 0),
    port: i.port,
    weight: i.weight,
    ttlMs: i.ttlMs,
    source: e.source,
    holder: e.holder,
    lastHeartbeatMsAgo: Math.max(0, Math.round(now - e.lastHeartbeat)),
    state: refused ? 'refused' : e.taken ? 'registered' : 'registering',
  };
  if (refused && e.lastAnswer !== undefined) v.lastError = { ...e.lastAnswer };
  if (i.checkSpec !== undefined) v.checkUrl = i.checkSpec.url;
  if (i.check !== undefined) v.check = { ...i.check };
  return v;
}
