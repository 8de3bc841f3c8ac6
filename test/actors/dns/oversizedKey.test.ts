/**
 * The reported failure, on real processes and sockets over MariaDB: a key
 * with 4,200 hosts written straight into RouteData made the DNS send a
 * 67,204-byte GetRouteResponse; the agent closed the connection (badLength),
 * reconnected, re-pulled, hit it again, and so learned no route change for
 * any key. Now the DNS serves that key cut to the first hosts by (ip, port)
 * that fit, logs it once per change of the key, and every other key keeps
 * working on the same connection. A data problem of one key does not fail
 * the replica's health (it did: /healthz 503 for good, and a load balancer
 * would take every replica out): /healthz stays 200 and names the key under
 * `warnings`, as do `lars route list` and the console's key API.
 */
import t from 'tap';
import { ipv4ToUint32, uint32ToInt32 } from '../../../runtime/net/ipv4.js';
import { MAX_UDP_BODY_LEN } from '../../../runtime/reactor/frame.js';
import { lars } from '../../../proto/generated/lars.js';
import { openStore } from '../../../store/openStore.js';
import { AgentCaller, eventually } from '../../helpers/agentCaller.js';
import { freeTcpPort, freeUdpPortTriple } from '../../helpers/freePorts.js';
import { withTestDatabase } from '../../helpers/mysqlTestDb.js';
import { RoleProcess } from '../../helpers/roleProcess.js';
import { runLars } from '../../helpers/runLars.js';

const BIG = { modid: 7, cmdid: 7 };
const HOSTS = 4200;

t.test('a 4,200-host key does not cut the agent off: other keys keep getting pushes', async (t) => {
  const db = await withTestDatabase(t);
  if (!db) return;
  const store = await openStore(db.url);
  t.teardown(() => store.close());
  await store.init();
  // Rows written by SQL, as an operator would: addHost would refuse the last ones.
  // Addresses from 200.0.0.0 up encode as 10-byte varints, as in the report; inserted in reverse.
  const rows: Array<[number, number, number, number]> = [];
  for (let i = HOSTS - 1; i >= 0; i--) rows.push([BIG.modid, BIG.cmdid, ipv4ToUint32(`200.0.${i >> 8}.${i & 255}`), 9000 + (i % 7)]);
  await db.pool.query('INSERT INTO RouteData (modid, cmdid, serverip, serverport) VALUES ?', [rows]);
  await store.addHost(1, 1, ipv4ToUint32('10.0.0.1'), 80);

  const dnsPort = await freeTcpPort();
  const basePort = await freeUdpPortTriple();
  const dns = RoleProcess.start(t, 'dns', { 'dns.ini': `[admin]\nadmin_port = 0\n[dns]\nport = ${dnsPort}\npoll_interval = 0.05\n` }, ['--store', db.url]);
  await dns.waitFor(/serving routes/);
  const agentIni =
    `[admin]\nadmin_port = 0\n[agent]\nbase_port = ${basePort}\npull_wait_ms = 3000\nsnapshot_path =\n` +
    `[dnsserver]\naddresses = 127.0.0.1:${dnsPort}\n[reporter]\naddresses = 127.0.0.1:1\n[link]\nbackoff_min_ms = 20\nbackoff_max_ms = 200\n`;
  const agent = RoleProcess.start(t, 'agent', { 'agent.ini': agentIni });
  await agent.waitFor(/lars: started agent/);
  await agent.waitFor(/connected to DNS/);
  const c = await AgentCaller.open(basePort);
  t.teardown(() => c.close());

  // The big key first: before the fix its reply killed the connection before 1/1's arrived.
  const big = await c.getRoute(BIG.modid, BIG.cmdid);
  t.ok(big.length > 3000 && big.length < HOSTS, `the big key is served cut (${big.length} of ${HOSTS} hosts)`);
  const sorted = [...big].sort((a, b) => (a[0] >>> 0) - (b[0] >>> 0) || a[1] - b[1]);
  const expected: Array<[number, number]> = [];
  for (let i = 0; i < HOSTS; i++) expected.push([uint32ToInt32(ipv4ToUint32(`200.0.${i >> 8}.${i & 255}`)), 9000 + (i % 7)]);
  t.same(sorted, expected.slice(0, big.length), 'the hosts kept are the first by (ip, port), whatever order the rows were written in');
  const apiBody = lars.GetRouteResponse.encode({ modid: BIG.modid, cmdid: BIG.cmdid, host: big.map(([ip, port]) => ({ ip, port })) }).finish();
  t.ok(apiBody.length <= MAX_UDP_BODY_LEN, `the agent's API reply fits one datagram (${apiBody.length} bytes)`);

  t.equal((await c.getRoute(1, 1)).length, 1);
  await store.addHost(1, 1, ipv4ToUint32('10.0.0.2'), 81);
  const pushed = await eventually(() => c.getRoute(1, 1), (h) => h.length === 2);
  t.equal(pushed.length, 2, 'a change to another key arrives by push');
  t.notMatch(agent.output, /DNS connection lost/, 'the agent never lost its DNS connection');

  const dnsAdmin = await dns.adminPort();
  const healthz = async (): Promise<{ status: number; body: { status?: string; warnings?: Array<{ actor: string; warning: string }> } }> => {
    const res = await fetch(`http://127.0.0.1:${dnsAdmin}/healthz`);
    return { status: res.status, body: (await res.json()) as { status?: string; warnings?: Array<{ actor: string; warning: string }> } };
  };
  const health = await healthz();
  t.equal(health.status, 200, 'one oversized key does not fail the replica');
  t.equal(health.body.status, 'ok');
  t.match(health.body.warnings, [{ role: 'dns', actor: 'dns-server', warning: /7\/7 \(\d+ of 4200 hosts\)/ }], '/healthz names the key and what is served');
  // What the DNS sends (the agent's API reply, cut to one datagram, can carry fewer).
  const served = Number(/7\/7 \((\d+) of/.exec(health.body.warnings?.[0]?.warning ?? '')?.[1]);
  t.ok(served >= big.length && served < HOSTS, `the DNS serves ${served} hosts`);
  const metrics = await (await fetch(`http://127.0.0.1:${dnsAdmin}/metrics`)).text();
  t.match(metrics, /lars_dns_oversized_keys\{role="dns",actor="dns-server"\} 1/);
  t.match(metrics, /lars_dns_oversized_routes_sent_total\{role="dns",actor="dns-server"\} [1-9]/);
  t.match(metrics, /^lars_net_frames_too_large_total\{role="dns",actor="dns-server"\} 0$/m, 'no frame was ever refused at the socket: the encoder fitted it');
  t.equal(dns.output.match(/route 7\/7 has 4200 hosts/g)?.length, 1, 'logged once');

  // A change of the key logs once more; changes of other keys log nothing; health stays 200 throughout.
  const last = HOSTS - 1;
  t.equal((await store.delHost(BIG.modid, BIG.cmdid, ipv4ToUint32(`200.0.${last >> 8}.${last & 255}`), 9000 + (last % 7))).status, 'deleted');
  await dns.waitFor(/route 7\/7 has 4199 hosts, too many .*: serving the \d+ first/);
  await store.addHost(1, 1, ipv4ToUint32('10.0.0.3'), 82);
  t.equal((await eventually(() => c.getRoute(1, 1), (h) => h.length === 3)).length, 3);
  t.equal(dns.output.match(/route 7\/7 has \d+ hosts/g)?.length, 2, 'one warning line per change of the key, none for other keys');
  const later = await healthz();
  t.equal(later.status, 200, '/healthz stays 200 after further changes');
  t.match(later.body.warnings, [{ warning: /7\/7 \(\d+ of 4199 hosts\)/ }]);

  // The operator's tools say it too: the served count, from the rows themselves.
  const listed = await runLars(['route', 'list', '--modid', '7', '--cmdid', '7', '--store', db.url]);
  t.match(listed.stdout, new RegExp(`route 7/7: 4199 hosts, over the 65527-byte wire limit: the DNS serves the first ${served} by \\(ip, port\\)`));
  const listedJson = JSON.parse((await runLars(['route', 'list', '--json', '--store', db.url])).stdout) as { oversized?: unknown };
  t.same(listedJson.oversized, [{ modid: 7, cmdid: 7, hosts: 4199, served }], 'route list --json: only the oversized key');
  const consolePort = await freeTcpPort();
  const consoleRole = RoleProcess.start(t, 'console', { 'console.ini': `[admin]\nadmin_port = 0\n[console]\nport = ${consolePort}\npoll_interval = 0.2\n` }, ['--store', db.url]);
  await consoleRole.waitFor(/lars: started console/);
  const keyView = (await (await fetch(`http://127.0.0.1:${consolePort}/api/keys/7/7`)).json()) as { hostCount: number; servedHosts: number };
  t.match(keyView, { hostCount: 4199, servedHosts: served }, "the console's key view says how many hosts are served");
  const small = (await (await fetch(`http://127.0.0.1:${consolePort}/api/keys/1/1`)).json()) as { hostCount: number; servedHosts: number };
  t.match(small, { hostCount: 3, servedHosts: 3 });

  // The store's edit path refuses to make it worse, naming the key and the limit.
  await t.rejects(store.addHost(BIG.modid, BIG.cmdid, ipv4ToUint32('10.9.9.9'), 1), { code: 'STORE_BAD_DATA', message: /route 7\/7: .*65527-byte wire limit/ });
});
