/**
 * A DNS and an agent as their own processes (`--role dns`, `--role agent`)
 * over a fresh SQLite store holding `hosts` for one key: the agent's state
 * is read through its admin server (GET /lb, /metrics, `lars status`). No
 * reporter (its address refuses): reports stay in the agent. Probes are
 * rare (probe_num 1000) so a failing host stays overloaded until
 * `overloadTimeoutS`.
 */
import type { Test } from 'tap';
import { join } from 'node:path';
import { ipv4ToUint32 } from '../../runtime/net/ipv4.js';
import { openStore } from '../../store/openStore.js';
import { freeTcpPort, freeUdpPortTriple } from './freePorts.js';
import { RoleProcess } from './roleProcess.js';

export interface DnsAndAgent {
  /** The SQLite store both run on. */
  storeUrl: string;
  dns: RoleProcess;
  agent: RoleProcess;
  basePort: number;
}

/** `probeNum`: the agent's probe_num, 1000 unless given (the shipped default is 10). */
export async function startDnsAndAgent(t: Test, key: { modid: number; cmdid: number; hosts: ReadonlyArray<readonly [string, number]> }, overloadTimeoutS: number, probeNum = 1000): Promise<DnsAndAgent> {
  const storeUrl = `sqlite:${join(t.testdir(), 'lars.db')}`;
  const store = await openStore(storeUrl);
  await store.init();
  for (const [ip, port] of key.hosts) await store.addHost(key.modid, key.cmdid, ipv4ToUint32(ip), port);
  await store.close();
  const [dnsPort, basePort] = [await freeTcpPort(), await freeUdpPortTriple()];
  const dns = RoleProcess.start(t, 'dns', { 'dns.ini': `[admin]\nadmin_port = 0\n[dns]\nport = ${dnsPort}\npoll_interval = 0.05\n` }, ['--store', storeUrl]);
  await dns.waitFor(/serving routes/);
  const agent = RoleProcess.start(t, 'agent', {
    'agent.ini':
      `[admin]\nadmin_port = 0\n[agent]\nbase_port = ${basePort}\npull_wait_ms = 3000\nsnapshot_path =\n` +
      `[dnsserver]\naddresses = 127.0.0.1:${dnsPort}\n[reporter]\naddresses = 127.0.0.1:1\n` +
      `[loadbalance]\ncontin_err_limit = 3\noverload_timeout = ${overloadTimeoutS}\nprobe_num = ${probeNum}\n`,
  });
  await agent.waitFor(/lars: started agent/);
  return { dns, agent, basePort, storeUrl };
}
