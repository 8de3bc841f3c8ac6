/**
 * A dns role and an agent role as their own processes over one store, set
 * up for registration tests: the same [register] token on both, short
 * renewal and sweep intervals, a fast reconnect. `startAgent` starts an
 * agent on the same UDP ports again (after the test killed one); `agentIni`
 * writes one with any token, for refusals.
 */
import type { Test } from 'tap';
import { freeUdpPortTriple } from './freePorts.js';
import { RoleProcess } from './roleProcess.js';
import { runLars } from './runLars.js';

export const REGISTER_TOKEN = 'registration-roles-token';

export interface RegistrationRoles {
  dns: RoleProcess;
  dnsPort: number;
  basePort: number;
  startAgent(): Promise<RoleProcess>;
}

export function agentIni(dnsPort: number, basePort: number, token: string): string {
  return (
    `[admin]\nadmin_port = 0\n[agent]\nbase_port = ${basePort}\nsnapshot_path =\n` +
    `[dnsserver]\naddresses = 127.0.0.1:${dnsPort}\n[reporter]\naddresses = 127.0.0.1:1\n` +
    `[link]\nbackoff_min_ms = 50\nbackoff_max_ms = 200\n` +
    `[register]\ntoken = ${token}\nrenew_interval_ms = 300\n`
  );
}

/** `lars db init` on `store`, then the dns role on it; no agent yet. */
export async function startRegistrationRoles(t: Test, store: string): Promise<RegistrationRoles> {
  t.equal((await runLars(['db', 'init', '--store', store])).code, 0, 'db init');
  const dnsIni = `[admin]\nadmin_port = 0\n[dns]\nport = 0\npoll_interval = 0.2\n[register]\ntoken = ${REGISTER_TOKEN}\nrenew_interval = 0.2\nsweep_interval = 0.1\n`;
  const dns = RoleProcess.start(t, 'dns', { 'dns.ini': dnsIni }, ['--store', store]);
  const dnsPort = Number((await dns.waitFor(/serving routes version -?\d+ on 127\.0\.0\.1:(\d+)/, 30_000))[1]);
  const basePort = await freeUdpPortTriple();
  return {
    dns,
    dnsPort,
    basePort,
    startAgent: async () => {
      const a = RoleProcess.start(t, 'agent', { 'agent.ini': agentIni(dnsPort, basePort, REGISTER_TOKEN) });
      await a.waitFor(/lars: started agent/);
      return a;
    },
  };
}
