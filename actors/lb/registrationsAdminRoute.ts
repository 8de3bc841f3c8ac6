/**
 * The agent admin server's `GET /registrations`: every instance the agent
 * holds for its applications and its own declarations, from the dns-client's
 * table over the control plane (key, address, holder, last heartbeat, the
 * DNS's last word, check state).
 */
import type { AdminRoute } from '../../runtime/admin/adminServer.js';
import { errorLine } from '../../runtime/errors.js';
import type { RoleSupervisor } from '../../runtime/actors/roleSupervisor.js';
import type { DnsClientControl } from './agentProtocol.js';

export function registrationsAdminRoute(supervisor: RoleSupervisor, timeoutMs: () => number): AdminRoute {
  return async (query) => {
    for (const [name] of query) return { status: 400, body: { error: `unknown parameter ${JSON.stringify(name.slice(0, 64))}: /registrations takes none` } };
    try {
      const registrations = await supervisor.call<DnsClientControl, 'registrations'>('dns-client', 0, 'registrations', [], timeoutMs());
      return { status: 200, body: { registrations } };
    } catch (err) {
      return { status: 503, body: { error: `registration table unavailable: ${errorLine(err)}` } };
    }
  };
}
