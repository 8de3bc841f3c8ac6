/**
 * One agent UDP service in its own process with a fixed route and no DNS,
 * for bench/agent/agentCallers. Every key (modid, cmdid-from .. +count-1)
 * gets `--hosts` hosts; a pull re-applies the same route, standing in for DNS.
 *
 *   node dist/bench/agent/standaloneAgentUdp.js [--ip 127.0.0.1] [--port 0]
 *        [--modid 1] [--cmdid-from 1] [--cmdid-count 100] [--hosts 10]
 *
 * Prints "agent udp listening on IP:PORT"; on SIGTERM prints its stats to stderr and exits.
 */
import { parseArgs } from 'node:util';
import { AgentUdpService } from '../../actors/lb/agentUdpService.js';
import type { HostAddress } from '../../actors/lb/core/hostInfo.js';

const { values } = parseArgs({
  options: {
    ip: { type: 'string', default: '127.0.0.1' },
    port: { type: 'string', default: '0' },
    modid: { type: 'string', default: '1' },
    'cmdid-from': { type: 'string', default: '1' },
    'cmdid-count': { type: 'string', default: '100' },
    hosts: { type: 'string', default: '10' },
    'recv-buffer': { type: 'string', default: String(4 * 1024 * 1024) },
  },
});

const modid = Number(values.modid);
const cmdidFrom = Number(values['cmdid-from']);
const hosts: HostAddress[] = Array.from({ length: Number(values.hosts) }, (_, i) => ({ ip: (0x0a000001 + i) | 0, port: 9000 + i }));

const svc: AgentUdpService = new AgentUdpService({
  ip: values.ip,
  port: Number(values.port),
  recvBufferBytes: Number(values['recv-buffer']),
  onPull: (m, c) => {
    queueMicrotask(() => svc.applyRoute(m, c, hosts, true));
  },
  onHandlerError: (err) => process.stderr.write(`handler error: ${String(err)}\n`),
});
for (let i = 0; i < Number(values['cmdid-count']); i++) svc.applyRoute(modid, cmdidFrom + i, hosts, true);

const addr = await svc.bind();
process.stdout.write(`agent udp listening on ${addr.address}:${addr.port}\n`);

process.once('SIGTERM', () => {
  const s = svc.stats();
  process.stderr.write(`${JSON.stringify({ port: addr.port, getHost: s.getHost, reports: s.lb.reports, reactor: s.reactor })}\n`);
  void svc.close().then(() => process.exit(0));
});
