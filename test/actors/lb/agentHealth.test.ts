/**
 * The agent's /healthz tells the truth about its links: 503 with the reason
 * once DNS or the reporter has been unreachable for [agent] link_grace_ms,
 * 200 again once both are connected, one log line per change. Real agent
 * process; DNS and reporter are real TCP listeners that accept and stay quiet.
 */
import t from 'tap';
import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { eventually } from '../../helpers/agentCaller.js';
import { freeTcpPort, freeUdpPortTriple } from '../../helpers/freePorts.js';
import { RoleProcess } from '../../helpers/roleProcess.js';

interface Health {
  status: number;
  body: string;
}

async function health(port: number): Promise<Health> {
  const res = await fetch(`http://127.0.0.1:${port}/healthz`);
  return { status: res.status, body: await res.text() };
}

/** A listener on `port` that keeps its connections so the test can cut them. */
async function quietPeer(port: number): Promise<{ server: Server; cut: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = createServer((s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    server,
    cut: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const s of sockets) s.destroy();
      await closed;
    },
  };
}

const count = (text: string, re: RegExp): number => text.match(new RegExp(re.source, 'g'))?.length ?? 0;

t.test('no DNS and no reporter: 503 naming both after the grace; 200 once connected; a lost link is reported again', async (t) => {
  const [dnsPort, reporterPort, basePort] = [await freeTcpPort(), await freeTcpPort(), await freeUdpPortTriple()];
  const ini =
    `[admin]\nadmin_port = 0\n[agent]\nbase_port = ${basePort}\nlink_grace_ms = 300\nsnapshot_path = ${join(t.testdir(), 'routes.json')}\n` +
    `[dnsserver]\naddresses = 127.0.0.1:${dnsPort}\n[reporter]\naddresses = 127.0.0.1:${reporterPort}\n[link]\nbackoff_min_ms = 20\nbackoff_max_ms = 100\n`;
  const agent = RoleProcess.start(t, 'agent', { 'agent.ini': ini });
  await agent.waitFor(/lars: started agent/);
  const admin = await agent.adminPort();

  await agent.waitFor(/no DNS connection for \d+ ms.*503/);
  await agent.waitFor(/no reporter connection for \d+ ms.*503/);
  const down = await health(admin);
  t.equal(down.status, 503, 'both links down past the grace');
  t.match(down.body, /no DNS connection for \d+ ms/);
  t.match(down.body, /no reporter connection for \d+ ms/);

  const dns = await quietPeer(dnsPort);
  const reporter = await quietPeer(reporterPort);
  t.teardown(() => Promise.all([dns.cut(), reporter.cut()]));
  await agent.waitFor(/connected to DNS/);
  await agent.waitFor(/connected to reporter/);
  const up = await eventually(() => health(admin), (h) => h.status === 200, 1000);
  t.equal(up.status, 200, 'both connected: healthy');

  await dns.cut();
  await agent.waitFor(/DNS connection lost/);
  await eventually(async () => count(agent.output, /no DNS connection for/), (n) => n === 2, 1000);
  const again = await health(admin);
  t.equal(again.status, 503, 'DNS gone past the grace');
  t.match(again.body, /no DNS connection/);
  t.notMatch(again.body, /reporter/, 'the reporter link is fine');

  t.equal(count(agent.output, /no DNS connection for/), 2, 'one line per outage');
  t.equal(count(agent.output, /connected to DNS/), 1);
  t.equal(count(agent.output, /DNS connection lost/), 1);
  await agent.stop();
});
