/**
 * The client package as an application meets it: `npm pack` of
 * packages/client, installed into a fresh app from the tarball (no
 * compiler, none of the server's packages), then the README's two examples
 * run unchanged but for the addresses, against a real system (`--role all`
 * on SQLite with the demo routes).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import t from 'tap';
import { freeTcpPort, freeUdpPortTriple } from '../helpers/freePorts.js';
import { RoleProcess } from '../helpers/roleProcess.js';
import { runLars } from '../helpers/runLars.js';

process.env['NODE_OPTIONS'] = ''; // see fixtures/cluster.ts

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const run = promisify(execFile);
const DEMO_1_1 = ['10.0.0.1:8001', '10.0.0.2:8002', '10.0.0.3:8003'];

/** The fenced block after `<!-- example: NAME -->` in README.md. */
function readmeExample(name: string): string {
  const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
  const m = new RegExp(`<!-- example: ${name} -->\\n\`\`\`js\\n([\\s\\S]*?)\\n\`\`\``).exec(readme);
  if (!m) throw new Error(`README.md has no "${name}" example`);
  return m[1] as string;
}

t.test('a fresh app installs the packed client and runs both README examples', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'lars-client-app-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const app = join(dir, 'app');
  const conf = join(dir, 'conf');
  await run('mkdir', ['-p', app, conf]);

  const packed = await run('npm', ['pack', '-w', 'lars-ts-client', '--pack-destination', dir, '--json'], { cwd: REPO });
  const tarball = join(dir, (JSON.parse(packed.stdout) as Array<{ filename: string }>)[0]!.filename);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', version: '1.0.0', type: 'module', private: true }));
  const install = await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', tarball], { cwd: app });
  const installed = readdirSync(join(app, 'node_modules')).filter((n) => !n.startsWith('.')).sort();
  t.same(installed, ['eventemitter3', 'lars-ts-client', 'long', 'protobufjs'], 'the client and its two dependencies, nothing of the server');
  t.notMatch(install.stderr, /install-scripts|gyp|prebuild/, 'no install scripts, no native build');

  const [dnsPort, reporterPort, consolePort, basePort] = [await freeTcpPort(), await freeTcpPort(), await freeTcpPort(), await freeUdpPortTriple()];
  const store = `sqlite:${join(dir, 'lars.db')}`;
  t.equal((await runLars(['db', 'init', '--store', store])).code, 0);
  t.equal((await runLars(['demo-routes', '--store', store])).code, 0);
  const system = RoleProcess.start(
    t,
    'all',
    {
      'dns.ini': `[admin]\nadmin_port = 0\n[dns]\nport = ${dnsPort}\n`,
      'reporter.ini': `[reporter]\nport = ${reporterPort}\n`,
      'console.ini': `[console]\nport = ${consolePort}\nhistory_writer = false\n`,
      'agent.ini': `[agent]\nbase_port = ${basePort}\nsnapshot_path =\n[dnsserver]\naddresses = 127.0.0.1:${dnsPort}\n[reporter]\naddresses = 127.0.0.1:${reporterPort}\n`,
    },
    ['--store', store],
  );
  await system.waitFor(/lars: started/);

  const examples = {
    agent: readmeExample('agent').replace('new LarsClient()', `new LarsClient({ basePort: ${basePort} })`),
    embedded: readmeExample('embedded').replace('127.0.0.1:7778', `127.0.0.1:${dnsPort}`).replace('127.0.0.1:7779', `127.0.0.1:${reporterPort}`),
  };
  for (const [mode, source] of Object.entries(examples)) {
    t.not(source, readmeExample(mode), `${mode}: the addresses were substituted`);
    writeFileSync(join(app, `${mode}.mjs`), source);
    const out = await run(process.execPath, [`${mode}.mjs`], { cwd: app, timeout: 30_000 });
    const m = /\{ ip: '([\d.]+)', port: (\d+) \}\s*$/.exec(out.stdout);
    t.ok(m !== null && DEMO_1_1.includes(`${m[1]}:${m[2]}`), `${mode}: a demo host of key 1/1 printed: ${out.stdout}${out.stderr}`);
    if (mode === 'embedded') t.match(out.stdout, /hosts now \[/, 'embedded: the watch listener got the hosts');
  }
  t.equal(await system.stop(), 0);
});
