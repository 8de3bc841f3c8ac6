/**
 * `lars get-route` with its default timeout on the largest route a datagram
 * holds (4,200 hosts from 200.0.0.1, cut to what fits), from an agent that is
 * slow to answer: the agent fixture process is stopped (SIGSTOP) with the
 * request in its socket buffer and resumed 500 ms later, so the reply is on
 * its way well past the client library's 100 ms. And a silence is reported
 * as a silence: no guessed cause.
 */
import { readFileSync } from 'node:fs';
import { createSocket } from 'node:dgram';
import t from 'tap';
import { portIndex } from '../../client/index.js';
import { encodeRouteResponseBody } from '../../proto/routeResponse.js';
import { MAX_UDP_BODY_LEN } from '../../runtime/reactor/frame.js';
import { ipv4ToInt32 } from '../../runtime/net/ipv4.js';
import { freePortTriple } from '../helpers/agentFixture.js';
import { startAgentFixtureProcess } from '../helpers/agentFixtureProcess.js';
import { runLars as runLarsWithEnv, type CliResult } from '../helpers/runLars.js';

const runLars = (args: string[]): Promise<CliResult> => runLarsWithEnv(args, { env: { NODE_OPTIONS: '' } });

const KEY = { modid: 7, cmdid: 7 };
const HOSTS = Array.from({ length: 4200 }, (_, i) => {
  const n = 0xc8000001 + i; // 200.0.0.1 on
  return { ip: `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`, port: 40_000 + i };
});
/** How long the stopped agent holds the request: well past the old 100 ms default. */
const STALL_MS = 500;

/** Bytes waiting in the receive queue of the UDP socket bound to 127.0.0.1:port (Linux /proc/net/udp). */
function udpQueued(port: number): number {
  const local = `0100007F:${port.toString(16).toUpperCase().padStart(4, '0')}`;
  for (const line of readFileSync('/proc/net/udp', 'utf8').split('\n').slice(1)) {
    const cols = line.trim().split(/\s+/);
    if (cols[1] === local) return parseInt((cols[4] ?? '0:0').split(':')[1] ?? '0', 16);
  }
  return 0;
}

async function until(what: string, ok: () => boolean, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

t.test('the default timeout fits the largest route from an agent that answers late', async (t) => {
  const agent = await startAgentFixtureProcess(t, { routes: [{ ...KEY, hosts: HOSTS }] });
  const pid = agent.process.child.pid as number;
  const port = agent.basePort + portIndex(KEY.modid, KEY.cmdid);
  const kept = encodeRouteResponseBody(KEY.modid, KEY.cmdid, HOSTS.map((h) => ({ ip: ipv4ToInt32(h.ip), port: h.port })), MAX_UDP_BODY_LEN).kept;
  t.ok(kept > 3800 && kept < HOSTS.length, `${kept} of ${HOSTS.length} hosts fit in one datagram`);

  process.kill(pid, 'SIGSTOP');
  t.teardown(() => process.kill(pid, 'SIGCONT'));
  const run = runLars(['get-route', '--modid', String(KEY.modid), '--cmdid', String(KEY.cmdid), '--json', '--base-port', String(agent.basePort)]);
  await until('the request waits in the stopped agent’s socket', () => udpQueued(port) > 0);
  await new Promise((r) => setTimeout(r, STALL_MS));
  process.kill(pid, 'SIGCONT');
  const r = await run;
  t.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout) as { hosts: Array<{ ip: string; port: number }> };
  t.equal(out.hosts.length, kept, 'every host that fits, in one answer');
  t.same(out.hosts[0], { ip: '200.0.0.1', port: 40_000, weight: 1 });
});

t.test('a silent port is a timeout that names no cause; a refusal names its own', async (t) => {
  const base = await freePortTriple();
  const silent = createSocket('udp4');
  const port = base + portIndex(1, 1);
  await new Promise<void>((r) => silent.bind(port, '127.0.0.1', r));
  let open = true;
  const close = (): void => {
    if (open) silent.close();
    open = false;
  };
  t.teardown(close);
  const key = ['--modid', '1', '--cmdid', '1', '--base-port', String(base)];
  const [route, host] = await Promise.all([runLars(['get-route', ...key, '--timeout-ms', '300']), runLars(['get-host', ...key, '--timeout-ms', '300'])]);
  for (const [tool, r] of [['get-route', route], ['get-host', host]] as const) {
    t.equal(r.code, 1, tool);
    t.equal(r.stderr, `lars ${tool}: no answer from 127.0.0.1:${port} (the port for key 1/1) within 300 ms, and no refusal either (--timeout-ms waits longer)\n`, `${tool}: what was seen, nothing more`);
    t.notMatch(r.stderr, /running|no agent/, `${tool}: no guess that the agent is down`);
  }
  close();
  const refused = await runLars(['get-route', ...key, '--timeout-ms', '3000']);
  t.equal(refused.code, 1);
  t.match(refused.stderr, new RegExp(`nothing listens on 127\\.0\\.0\\.1:${port} \\(the port for key 1/1\\): ECONNREFUSED`));
});
