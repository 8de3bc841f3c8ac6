/**
 * The client package as an application meets it, from the exact README
 * text: the install block's commands (`npm run pack:client` in the
 * checkout, `npm install <tarball>` in the app) run into a fresh app (no
 * compiler, none of the server's packages), then the README's two examples
 * run unchanged but for the addresses: first with nothing running (each
 * must end cleanly with one line naming what it could not reach, no
 * stack), then against a real system (`--role all` on SQLite with the demo
 * routes).
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import t, { type Test } from 'tap';
import { freeTcpPort, freeUdpPortTriple } from '../helpers/freePorts.js';
import { RoleProcess } from '../helpers/roleProcess.js';
import { runLars } from '../helpers/runLars.js';

process.env['NODE_OPTIONS'] = ''; // see fixtures/cluster.ts

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const run = promisify(execFile);
const DEMO_1_1 = ['10.0.0.1:8001', '10.0.0.2:8002', '10.0.0.3:8003'];

/** The fenced block after `<!-- KIND: NAME -->` in README.md. */
function readmeBlock(kind: string, name: string, lang: string): string {
  const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
  const m = new RegExp(`<!-- ${kind}: ${name} -->\\n\`\`\`${lang}\\n([\\s\\S]*?)\\n\`\`\``).exec(readme);
  if (!m) throw new Error(`README.md has no "${name}" ${kind} block`);
  return m[1] as string;
}

const readmeExample = (name: string): string => readmeBlock('example', name, 'js');

/** A README shell line without its comment, as the commands `&&` joins. */
const commands = (line: string): string[] => line.replace(/\s+#.*$/, '').split(' && ').map((c) => c.trim());

/**
 * The README's install block run as written: the checkout's `npm install`
 * is what this suite already runs from; `npm run pack:client` runs its
 * package.json steps after the build step (run here the build would rewrite
 * dist/ under the other suites; npmStart.test.ts does the same), packing
 * into `dir` instead of the checkout; the app's `npm install` gets the
 * tarball's path in `dir` and prefers npm's cache over the network.
 */
async function installAsReadmeSays(t: Test, dir: string, app: string): Promise<string> {
  const [checkout, inApp, ...rest] = readmeBlock('install', 'client', 'sh').split('\n');
  t.same(rest, [], 'two lines: one in the checkout, one in the app');
  t.same(commands(checkout ?? ''), ['npm install', 'npm run pack:client'], 'the checkout line');
  const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  const [build, pack, ...more] = (pkg.scripts['pack:client'] ?? '').split(' && ');
  t.equal(build, 'node tools/build-if-stale.mjs', 'pack:client builds first when a source changed');
  t.same(more, []);
  const packArgs = (pack ?? '').split(' ');
  t.same(packArgs.slice(0, 2), ['npm', 'pack']);
  t.same(packArgs.slice(-2), ['--pack-destination', '.'], 'the tarball lands in the checkout');
  await run('npm', [...packArgs.slice(1, -1), dir], { cwd: REPO });

  const [cd, install, ...others] = commands(inApp ?? '');
  t.equal(cd, 'cd /path/to/your/app');
  t.same(others, []);
  const m = /^npm install \/path\/to\/lars-ts\/(lars-ts-client-[\d.]+\.tgz)$/.exec(install ?? '');
  if (m === null) throw new Error(`README's app install line is not "npm install /path/to/lars-ts/TARBALL": ${install}`);
  const tarball = join(dir, m[1] as string);
  t.ok(existsSync(tarball), `pack:client wrote the tarball README names (${m[1]})`);
  t.match(readFileSync(join(REPO, '.gitignore'), 'utf8'), /^\/lars-ts-client-\*\.tgz$/m, 'the packed tarball is git-ignored');
  return (await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', tarball], { cwd: app })).stderr;
}

/** What Node prints for a process warning: the warning's line and, on the first, its --trace-warnings hint. */
const NODE_WARNING = /^\(node:\d+\) |^\(Use `node --trace-warnings/;

t.test('a fresh app installs the client as README says and runs both README examples, system down and up', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'lars-client-app-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const app = join(dir, 'app');
  const conf = join(dir, 'conf');
  await run('mkdir', ['-p', app, conf]);

  const installStderr = await installAsReadmeSays(t, dir, app);
  const installed = readdirSync(join(app, 'node_modules')).filter((n) => !n.startsWith('.')).sort();
  t.same(installed, ['eventemitter3', 'lars-ts-client', 'long', 'protobufjs'], 'the client and its two dependencies, nothing of the server');
  t.notMatch(installStderr, /install-scripts|gyp|prebuild/, 'no install scripts, no native build');

  const [dnsPort, reporterPort, consolePort, basePort] = [await freeTcpPort(), await freeTcpPort(), await freeTcpPort(), await freeUdpPortTriple()];
  const examples = {
    agent: readmeExample('agent').replace('new LarsClient()', `new LarsClient({ basePort: ${basePort} })`),
    embedded: readmeExample('embedded').replace('127.0.0.1:7778', `127.0.0.1:${dnsPort}`).replace('127.0.0.1:7779', `127.0.0.1:${reporterPort}`),
  };
  const unreachable = {
    agent: `no agent is listening on 127\\.0\\.0\\.1:${basePort + 2} \\(ECONNREFUSED\\)`,
    embedded: `no route, and no DNS at 127\\.0\\.0\\.1:${dnsPort} \\(ECONNREFUSED\\)`,
  };
  for (const [mode, source] of Object.entries(examples)) {
    t.not(source, readmeExample(mode), `${mode}: the addresses were substituted`);
    writeFileSync(join(app, `${mode}.mjs`), source);
    // Nothing runs yet: a clean exit (run rejects on any other status), one line, no stack.
    const down = await run(process.execPath, [`${mode}.mjs`], { cwd: app, timeout: 30_000 });
    t.equal(down.stdout, '', `${mode} with the system down: nothing on stdout`);
    const lines = down.stderr.trimEnd().split('\n');
    const own = lines.filter((l) => !NODE_WARNING.test(l));
    t.same(own.length, 1, `${mode} with the system down: one line of its own: ${down.stderr}`);
    t.match(own[0], new RegExp(`^lars: UNREACHABLE: getRoute\\(1, 1\\): ${unreachable[mode as keyof typeof unreachable]}$`));
    t.notMatch(down.stderr, /^\s+at /m, 'no stack trace');
    const warnings = lines.filter((l) => / LarsDnsWarning: /.test(l));
    if (mode === 'embedded') {
      t.equal(warnings.length, 1, 'embedded: the client warned once that it reached no DNS');
      t.match(warnings[0], `reached no DNS at 127.0.0.1:${dnsPort} (ECONNREFUSED)`);
    } else {
      t.same(warnings, []);
    }
  }

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

  for (const mode of Object.keys(examples)) {
    const out = await run(process.execPath, [`${mode}.mjs`], { cwd: app, timeout: 30_000 });
    const m = /\{ ip: '([\d.]+)', port: (\d+) \}\s*$/.exec(out.stdout);
    t.ok(m !== null && DEMO_1_1.includes(`${m[1]}:${m[2]}`), `${mode}: a demo host of key 1/1 printed: ${out.stdout}${out.stderr}`);
    if (mode === 'embedded') t.match(out.stdout, /hosts now \[/, 'embedded: the watch listener got the hosts');
    t.equal(out.stderr, '', `${mode}: nothing on stderr with the system up`);
  }
  t.equal(await system.stop(), 0);
});
