/**
 * Every role's admin server, each role its own process (dns, reporter,
 * agent, console over one SQLite store), keeps the site rules for every
 * method and path (the agent's /lb included): a foreign Host and another
 * site's requests get 403 and are counted in
 * lars_admin_http_refused_total{kind}; Prometheus and same-origin requests
 * are served; the name listed in `[admin] allowed_hosts` is served.
 */
import t, { type Test } from 'tap';
import { join } from 'node:path';
import { openStore } from '../../store/openStore.js';
import { freeTcpPort, freeUdpPortTriple } from '../helpers/freePorts.js';
import { RoleProcess } from '../helpers/roleProcess.js';
import { checkSiteRules, send } from '../helpers/siteRules.js';

const admin = (role: string): string => `[admin]\nadmin_port = 0\nallowed_hosts = lars-${role}.internal, 10.20.30.40\n`;

const storeUrl = `sqlite:${join(t.testdir(), 'lars.db')}`;
const store = await openStore(storeUrl);
await store.init();
await store.close();
const [dnsPort, reporterPort, consolePort, basePort] = [await freeTcpPort(), await freeTcpPort(), await freeTcpPort(), await freeUdpPortTriple()];
// One role at a time: four starting at once crowd a loaded 2-core machine past the start deadline.
const roles: Array<[string, (t: Test) => RoleProcess]> = [
  ['dns', (t) => RoleProcess.start(t, 'dns', { 'dns.ini': `${admin('dns')}[dns]\nport = ${dnsPort}\n` }, ['--store', storeUrl])],
  ['reporter', (t) => RoleProcess.start(t, 'reporter', { 'reporter.ini': `${admin('reporter')}[reporter]\nport = ${reporterPort}\n` }, ['--store', storeUrl])],
  [
    'agent',
    (t) =>
      RoleProcess.start(t, 'agent', {
        'agent.ini': `${admin('agent')}[agent]\nbase_port = ${basePort}\nsnapshot_path =\n[dnsserver]\naddresses = 127.0.0.1:${dnsPort}\n[reporter]\naddresses = 127.0.0.1:${reporterPort}\n`,
      }),
  ],
  ['console', (t) => RoleProcess.start(t, 'console', { 'console.ini': `${admin('console')}[console]\nport = ${consolePort}\n` }, ['--store', storeUrl])],
];

/** The value of lars_admin_http_refused_total{kind="KIND"} in a /metrics text. */
function refusedOf(metrics: string, kind: string): number {
  const m = new RegExp(`^lars_admin_http_refused_total\\{kind="${kind}"\\} (\\d+)$`, 'm').exec(metrics);
  return m ? Number(m[1]) : NaN;
}

for (const [role, start] of roles) {
  t.test(`${role}: every method and path of the admin server`, async (t) => {
    const p = start(t);
    await p.waitFor(new RegExp(`lars: started ${role}`));
    const port = await p.adminPort();
    const paths = ['/metrics', '/healthz', '/-/reload', '/nope', ...(role === 'agent' ? ['/lb', '/lb?modid=1&cmdid=1'] : [])];
    const refused = await checkSiteRules(t, { port, paths });
    const metrics = (await send(port, 'GET', '/metrics', { host: `127.0.0.1:${port}`, 'user-agent': 'Prometheus/2.53.0' })).body;
    t.equal(refusedOf(metrics, 'badHost'), refused.badHost, `lars_admin_http_refused_total{kind="badHost"} ${refused.badHost}`);
    t.equal(refusedOf(metrics, 'crossSite'), refused.crossSite, `lars_admin_http_refused_total{kind="crossSite"} ${refused.crossSite}`);
    for (const host of [`lars-${role}.internal:${port}`, '10.20.30.40']) t.equal((await send(port, 'GET', '/metrics', { host })).status, 200, `allowed_hosts: ${host}`);
    t.equal((await send(port, 'GET', '/metrics', { host: `lars-other.internal:${port}` })).status, 403, 'a name not listed');
  });
}
