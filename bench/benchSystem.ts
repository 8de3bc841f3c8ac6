/**
 * The whole system as `npm start` runs it (`--role all` on a fresh SQLite
 * store with the demo routes), in a temporary directory on free ports, for
 * benchmarks that need a real agent with DNS and reporter behind it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freeTcpPort, freeUdpPortTriple } from './freePorts.js';

/** The built tools, also when this module runs from source (a test imports it): dist/ is what production runs. */
const DIST = import.meta.url.endsWith('.ts') ? '../dist/' : '../';
export const LARS_JS = fileURLToPath(new URL(`${DIST}tools/lars.js`, import.meta.url));
const SUPERVISOR_JS = fileURLToPath(new URL(`${DIST}supervisor.js`, import.meta.url));

export interface RunningSystem {
  pid: number;
  basePort: number;
  dnsPort: number;
  reporterPort: number;
  stop(): Promise<number | null>;
}


function run(args: string[], cwd: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd, stdio: ['ignore', 'ignore', 'inherit'] });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${args.join(' ')} exited ${code}`))));
  });
}

export interface SystemDir {
  dir: string;
  store: string;
  basePort: number;
  dnsPort: number;
  reporterPort: number;
}

/** Role files of a system on `ports`, written into `dir`. */
function writeSystemConf(dir: string, ports: Pick<SystemDir, 'dnsPort' | 'reporterPort' | 'basePort'>): void {
  writeFileSync(join(dir, 'dns.ini'), `[admin]\nadmin_port = 0\n[dns]\nport = ${ports.dnsPort}\n`);
  writeFileSync(join(dir, 'reporter.ini'), `[reporter]\nport = ${ports.reporterPort}\n`);
  writeFileSync(join(dir, 'console.ini'), `[console]\nport = 0\nhistory_writer = false\n`);
  writeFileSync(
    join(dir, 'agent.ini'),
    `[agent]\nbase_port = ${ports.basePort}\nsnapshot_path =\n[dnsserver]\naddresses = 127.0.0.1:${ports.dnsPort}\n[reporter]\naddresses = 127.0.0.1:${ports.reporterPort}\n`,
  );
}

async function freeSystemPorts(): Promise<Pick<SystemDir, 'dnsPort' | 'reporterPort' | 'basePort'>> {
  return { dnsPort: await freeTcpPort(), reporterPort: await freeTcpPort(), basePort: await freeUdpPortTriple() };
}

/** A temporary conf directory on free ports with an initialised SQLite store holding the demo routes. */
export async function prepareSystemDir(): Promise<SystemDir> {
  const dir = mkdtempSync(join(tmpdir(), 'lars-bench-system-'));
  const ports = await freeSystemPorts();
  writeSystemConf(dir, ports);
  const store = `sqlite:${join(dir, 'lars.db')}`;
  await run([LARS_JS, 'db', 'init', '--store', store], dir);
  await run([LARS_JS, 'demo-routes', '--store', store], dir);
  return { dir, store, ...ports };
}

/** Another system directory like `sys` (a copy of its store) on ports of its own: several systems from one `lars db init`. */
export async function cloneSystemDir(sys: SystemDir): Promise<SystemDir> {
  const dir = mkdtempSync(join(tmpdir(), 'lars-bench-system-'));
  const ports = await freeSystemPorts();
  writeSystemConf(dir, ports);
  copyFileSync(join(sys.dir, 'lars.db'), join(dir, 'lars.db'));
  return { dir, store: `sqlite:${join(dir, 'lars.db')}`, ...ports };
}

export interface SystemOptions {
  /** Another build's dist/supervisor.js (side-by-side runs); default this build's. */
  supervisorJs?: string;
  /** Lines appended to every role's ini file (e.g. a `[supervisor]` section). */
  iniLines?: string;
}

/** `seed(storeUrl)` runs after the demo routes, before the roles start (e.g. to add many keys). */
export async function startSystem(seed?: (storeUrl: string) => Promise<void>, opts: SystemOptions = {}): Promise<RunningSystem> {
  const { dir, store, basePort, dnsPort, reporterPort } = await prepareSystemDir();
  await seed?.(store);
  if (opts.iniLines) for (const f of ['dns.ini', 'reporter.ini', 'agent.ini', 'console.ini']) appendFileSync(join(dir, f), `\n${opts.iniLines}\n`);
  const child: ChildProcess = spawn(process.execPath, [opts.supervisorJs ?? SUPERVISOR_JS, '--role', 'all', '--conf', dir, '--store', store], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`--role all not up after 30 s:\n${out}`)), 30_000);
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('Ctrl-C stops.')) {
        clearTimeout(timer);
        resolve();
      }
    });
    void exited.then((code) => reject(new Error(`--role all exited ${code}:\n${out}`)));
  });
  return {
    pid: child.pid ?? 0,
    basePort,
    dnsPort,
    reporterPort,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGINT');
      const code = await exited;
      rmSync(dir, { recursive: true, force: true });
      return code;
    },
  };
}
