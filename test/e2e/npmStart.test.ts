/**
 * `npm start` as a newcomer meets it, minus the build: the steps of the
 * package.json "start" script after the build step (tools/build-if-stale.mjs,
 * tested in test/tools/buildIfStale.test.ts; run here it would rewrite dist/
 * under the other suites), run as written in a
 * temporary working directory (its own lars.db and conf/, dist/ linked in),
 * so nothing is written in the repository. Demo routes on a fresh store,
 * one banner once everything is up, `lars get-host` answered, the admin
 * /metrics clean under `promtool check metrics`, Ctrl-C
 * (SIGINT) stops cleanly with status 0; a second start leaves the routes be.
 */
import t from 'tap';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freeTcpPort, freeUdpPortTriple } from '../helpers/freePorts.js';
import { runLars } from '../helpers/runLars.js';
import { unstamped } from '../helpers/logLines.js';
import { checkWithPromtool } from '../helpers/promtool.js';

process.env['NODE_OPTIONS'] = ''; // see fixtures/cluster.ts

const REPO = fileURLToPath(new URL('../../', import.meta.url));

/** The script after the build, as the shell npm runs it gets it, and its commands each as [node script, ...args]. */
function startScript(): { after: string; steps: string[][] } {
  const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  const [build, ...steps] = (pkg.scripts['start'] ?? '').split(' && ');
  if (build !== 'node tools/build-if-stale.mjs') throw new Error(`npm start should build first, got ${JSON.stringify(build)}`);
  return {
    after: steps.join(' && '),
    steps: steps.map((s) => {
      const [node, ...args] = s.trim().replace(/^exec /, '').split(/\s+/);
      if (node !== 'node') throw new Error(`unexpected start step ${JSON.stringify(s)}`);
      return args;
    }),
  };
}

interface Run {
  code: number | null;
  out: string;
}

function runStep(args: string[], cwd: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out }));
  });
}

t.test('npm start: demo routes, one banner, get-host answered, Ctrl-C exits 0', async (t) => {
  const cwd = mkdtempSync(join(tmpdir(), 'lars-npm-start-'));
  t.teardown(() => rmSync(cwd, { recursive: true, force: true }));
  symlinkSync(join(REPO, 'dist'), join(cwd, 'dist'), 'dir');
  const [dnsPort, reporterPort, consolePort, basePort] = [await freeTcpPort(), await freeTcpPort(), await freeTcpPort(), await freeUdpPortTriple()];
  // Default ports may be taken on a test machine: a conf/ of our own, as a user would edit it.
  mkdirSync(join(cwd, 'conf'));
  writeFileSync(join(cwd, 'conf', 'dns.ini'), `[admin]\nadmin_port = 0\n[dns]\nport = ${dnsPort}\n`);
  writeFileSync(join(cwd, 'conf', 'reporter.ini'), `[reporter]\nport = ${reporterPort}\n`);
  writeFileSync(join(cwd, 'conf', 'console.ini'), `[console]\nport = ${consolePort}\ndns = 127.0.0.1:${dnsPort}\nreporters = 127.0.0.1:${reporterPort}\n`);
  writeFileSync(join(cwd, 'conf', 'agent.ini'), `[agent]\nbase_port = ${basePort}\n[dnsserver]\naddresses = 127.0.0.1:${dnsPort}\n[reporter]\naddresses = 127.0.0.1:${reporterPort}\n`);

  const { after, steps } = startScript();
  // The script as npm's shell runs it, in a process group of its own: Ctrl-C in a terminal signals the whole
  // group, the shell included, and a shell still waiting for its last command then dies of the SIGINT (130).
  const child = spawn('sh', ['-c', after.replaceAll(' node ', ` "${process.execPath}" `).replace(/^node /, `"${process.execPath}" `)], { cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const group = child.pid;
  if (group === undefined) throw new Error('sh did not start');
  t.teardown(() => {
    if (child.exitCode === null && child.signalCode === null) process.kill(-group, 'SIGKILL');
  });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | string | null>((r) => child.on('exit', (code, signal) => r(code ?? signal)));
  const banner = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no banner after 30 s:\n${stdout}\n${stderr}`)), 30_000);
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      if (stdout.includes('Ctrl-C stops.')) {
        clearTimeout(timer);
        // What the steps before the supervisor printed (db init, demo-routes), then the banner.
        resolve(stdout.slice(stdout.search(/^.*lars: started/m)));
      }
    });
  });
  t.match(stdout, /added 8 hosts for keys 1\/1, 1\/2, 2\/1/, 'demo routes added to the fresh store');
  t.match(unstamped(banner), new RegExp(`^lars: started dns, reporter, agent, console; admin http://127\\.0\\.0\\.1:\\d+\\n`), 'first line: roles and the admin URL');
  t.match(banner, new RegExp(`dns +tcp 127\\.0\\.0\\.1:${dnsPort}\\n`), 'dns port');
  t.match(banner, new RegExp(`reporter +tcp 127\\.0\\.0\\.1:${reporterPort}\\n`), 'reporter port');
  t.match(banner, new RegExp(`agent +udp 127\\.0\\.0\\.1:${basePort}-${basePort + 2}\\n`), 'agent ports');
  t.match(banner, new RegExp(`console +http://127\\.0\\.0\\.1:${consolePort}/\\n`), 'console URL');
  const metricsUrl = /admin +(http:\/\/127\.0\.0\.1:\d+\/metrics) +http:\/\/127\.0\.0\.1:\d+\/healthz\n/.exec(banner)?.[1];
  t.ok(metricsUrl, 'admin URLs');
  t.match(banner, `npx lars get-host --modid 1 --cmdid 1 --base-port ${basePort}\n`, 'a get-host to try, with the non-default port');
  t.match(banner, /npx lars simulator --modid 1 --cmdid 1 --fail 10\.0\.0\.2:8002=0\.5/, 'a simulator run to try');
  t.equal(banner.trim().split('\n').length, 11, 'one short banner, nothing else on stdout');

  const got = await runLars(['get-host', '--modid', '1', '--cmdid', '1', '--base-port', String(basePort), '--timeout-ms', '3000']);
  t.equal(got.code, 0, 'the suggested get-host gets a host');
  t.match(got.stdout, /10\.0\.0\.[123]:800[123]/, 'one of the demo hosts of 1/1');
  // The live /metrics of every role in one process, after a call: Prometheus's linter has nothing to say of it.
  if (metricsUrl) await checkWithPromtool(t, await (await fetch(metricsUrl)).text(), `the /metrics of --role all (${metricsUrl})`);

  const keys = (await (await fetch(`http://127.0.0.1:${consolePort}/api/keys`)).json()) as { keys: Array<{ modid: number; cmdid: number }> };
  t.same(keys.keys.map((k) => `${k.modid}/${k.cmdid}`), ['1/1', '1/2', '2/1'], 'the console at the banner URL lists the demo keys');

  process.kill(-group, 'SIGINT');
  t.equal(await exited, 0, 'Ctrl-C (SIGINT to the whole process group): exit 0');
  t.match(stderr, /lars: stopped/, 'stopped cleanly');

  const again = await runStep(steps.find((s) => s.includes('demo-routes')) ?? [], cwd);
  t.match(again.out, /already has 8 hosts; left as it is/, 'a second start leaves the route table alone');
});
