/**
 * The agent admin server's `GET /lb`: `?modid=M&cmdid=C` answers one key's
 * LB state (from the udp-server that owns the key), no parameters every
 * key's (from all three). The state travels over the control plane; bad
 * queries get a 4xx with a one-line JSON error.
 */
import type { AdminReply, AdminRoute } from '../../runtime/admin/adminServer.js';
import { errorLine } from '../../runtime/errors.js';
import type { RoleSupervisor } from '../../runtime/actors/roleSupervisor.js';
import { ownerOf, UDP_SERVER_COUNT, type UdpServerControl } from './agentProtocol.js';
import type { LbKeyState, LbStateDump } from './lbStateDump.js';

/** Keys per udp-server in an all-keys answer: bounds the answer, not the agent. */
export const MAX_KEYS_PER_ACTOR = 10_000;

const INT32 = /^-?\d{1,10}$/;

function bad(status: number, error: string): AdminReply {
  return { status, body: { error } };
}

/** The key asked for, undefined for "every key", or the 400 to answer. */
export function parseLbQuery(query: URLSearchParams): { modid: number; cmdid: number } | undefined | AdminReply {
  const values: Record<'modid' | 'cmdid', string[]> = { modid: [], cmdid: [] };
  for (const [name, value] of query) {
    if (name !== 'modid' && name !== 'cmdid') return bad(400, `unknown parameter ${JSON.stringify(name.slice(0, 64))}: use modid and cmdid`);
    values[name].push(value);
  }
  const [modid, cmdid] = [values.modid, values.cmdid];
  if (modid.length > 1 || cmdid.length > 1) return bad(400, 'give modid and cmdid once each');
  if (modid.length === 0 && cmdid.length === 0) return undefined;
  if (modid.length === 0 || cmdid.length === 0) return bad(400, `${modid.length === 0 ? 'modid' : 'cmdid'} missing: give both modid and cmdid, or neither for every key`);
  const key = { modid: 0, cmdid: 0 };
  for (const name of ['modid', 'cmdid'] as const) {
    const text = values[name][0] ?? '';
    const n = INT32.test(text) ? Number(text) : NaN;
    if (!(n >= -0x80000000 && n <= 0x7fffffff)) return bad(400, `${name} ${JSON.stringify(text.slice(0, 64))}: expected a 32-bit integer`);
    key[name] = n;
  }
  return key;
}

function isReply(v: unknown): v is AdminReply {
  return typeof v === 'object' && v !== null && 'status' in v;
}

export function lbAdminRoute(supervisor: RoleSupervisor, timeoutMs: () => number): AdminRoute {
  const lbState = (index: number, key: { modid: number; cmdid: number } | undefined, maxKeys: number): Promise<LbStateDump> =>
    supervisor.call<UdpServerControl, 'lbState'>('udp-server', index, 'lbState', [key, maxKeys], timeoutMs());
  return async (query) => {
    const key = parseLbQuery(query);
    if (isReply(key)) return key;
    try {
      if (key !== undefined) {
        const found = (await lbState(ownerOf(key.modid, key.cmdid), key, 1)).keys[0];
        if (found === undefined) return bad(404, `the agent has no key ${key.modid}/${key.cmdid} (nobody asked it for that key yet)`);
        return { status: 200, body: found };
      }
      const parts = await Promise.all(Array.from({ length: UDP_SERVER_COUNT }, (_, i) => lbState(i, undefined, MAX_KEYS_PER_ACTOR)));
      const keys: LbKeyState[] = parts.flatMap((p) => p.keys).sort((a, b) => a.modid - b.modid || a.cmdid - b.cmdid);
      return { status: 200, body: { keys, truncated: parts.some((p) => p.truncated) } };
    } catch (err) {
      return bad(503, `load balancer state unavailable: ${errorLine(err)}`);
    }
  };
}
