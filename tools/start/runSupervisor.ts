/**
 * The supervisor CLI: `--role dns|reporter|agent|console|all [--conf DIR] [--store
 * URL] [--admin-port N]`. Returns the exit status:
 *   0 stopped cleanly on SIGINT/SIGTERM
 *   1 an actor could not start (port taken, store path missing: one line,
 *     before `started`, no restarts), a role crash-looped after starting,
 *     the admin port could not be bound, or the stop bound passed
 *   2 bad flag or config (thrown as a UserError: one line, no stack)
 *   128+signal when a second SIGINT/SIGTERM cut the graceful stop short
 * SIGHUP reloads the reloadable config keys and tells the actors.
 */
import { constants } from 'node:os';
import { statSync } from 'node:fs';
import { ConfigError, UsageError, errorLine } from '../../runtime/errors.js';
import { CrashLoopError, StartFailedError, type RoleFailure } from '../../runtime/actors/roleSupervisor.js';
import { AdminListenError } from '../../runtime/admin/adminServer.js';
import { roles as defaultRegistry } from '../../actors/roles/index.js';
import type { RoleEntry } from '../../actors/roles/roleEntry.js';
import { boolFlag, optionalString, parseFlags, intFlag, stringFlag, wantsHelp, type ParsedFlags } from '../cli/args.js';
import { checkStores, checkSummary } from './configCheck.js';
import { parseStoreUrl } from '../../store/storeUrl.js';
import { DEFAULT_LOG_OPTIONS, formatLogLine, logWriter, parseLogFormat, parseLogLevel, PROCESS_SOURCE, type LogFormat, type LogOptions } from '../../runtime/log/logLine.js';
import { ProcessSupervisor } from './processSupervisor.js';
import { startBanner } from './startBanner.js';

export const SUPERVISOR_HELP = `Usage: lars start --role dns|reporter|agent|console|all [--conf DIR] [--store URL] [--admin-port N]
                  [--log-format text|json] [--log-level debug|info|warn|error] [--check]
       (same as: node dist/supervisor.js --role ...)

Runs the actors of a role on worker threads, restarts crashed ones, serves
GET /metrics and /healthz (and POST /-/reload) on the role's admin port.

  --role ROLE        dns, reporter, agent, console, or all (all four in one process)
  --conf DIR         directory of dns.ini, reporter.ini, agent.ini (default: conf)
  --store URL        sqlite:PATH or mysql://user:pass@host:port/db (default: the role's own)
  --admin-port N     admin HTTP port, overriding [admin] admin_port (0: any free port)
  --log-format F     text (default: time, level, source, message) or json (one object per line)
  --log-level L      debug, info (default), warn or error: lines below it are dropped
  --check            read and check flags, config files and store URLs, say so in
                     one line and exit (0 ok, 2 not): nothing starts

Logs go to stderr; the start line (and with --role all, where everything
listens) goes to stdout, as one JSON object under --log-format json.

Signals: SIGINT/SIGTERM stop gracefully within [supervisor] stop_timeout_ms
(a second one exits at once); SIGHUP reloads reloadable config keys.
Exit: 0 clean stop, 1 could not start (port taken, store missing) / crash
loop / admin port taken / stop timed out,
2 bad flag or config, 128+signal on a second signal.
`;

export interface SignalSource {
  on(signal: NodeJS.Signals, listener: () => void): unknown;
  off(signal: NodeJS.Signals, listener: () => void): unknown;
}

export interface SupervisorDeps {
  registry?: Readonly<Record<string, RoleEntry>>;
  signals?: SignalSource;
  out?: (line: string) => void;
  err?: (line: string) => void;
  workerExecArgv?: string[];
  /** Called once every actor is up, with the admin URL (tests use it instead of parsing stdout). */
  onStarted?: (adminUrl: string) => void;
}

const FLAGS = {
  role: { type: 'string' },
  conf: { type: 'string' },
  store: { type: 'string' },
  'admin-port': { type: 'string' },
  'log-format': { type: 'string' },
  'log-level': { type: 'string' },
  check: { type: 'boolean' },
} as const;

type Outcome = { kind: 'signal'; signal: NodeJS.Signals } | { kind: 'failed'; error: RoleFailure };

export async function runSupervisor(argv: string[], deps: SupervisorDeps = {}): Promise<number> {
  const out = deps.out ?? ((l: string) => process.stdout.write(`${l}\n`));
  const err = deps.err ?? ((l: string) => process.stderr.write(`${l}\n`));
  const flags = parseFlags(argv, { ...FLAGS });
  if (wantsHelp(flags)) {
    out(SUPERVISOR_HELP.trimEnd());
    return 0;
  }
  const logOptions = logOptionsFrom(flags);
  const log = logWriter(logOptions, err);
  const registry = deps.registry ?? defaultRegistry;
  const entries = selectRoles(stringFlag(flags, 'role'), registry);
  const store = optionalString(flags, 'store');
  if (store !== undefined) parseStoreUrl(store);
  const adminPort = flags.values['admin-port'] === undefined ? undefined : intFlag(flags, 'admin-port', undefined, 0, 65535);
  const confDir = stringFlag(flags, 'conf', 'conf');
  // Without --conf a missing ./conf means defaults; a directory named on purpose must exist.
  if (flags.values['conf'] !== undefined && !isDirectory(confDir)) throw new ConfigError(`--conf ${JSON.stringify(confDir)}: no such directory`);
  const sup = new ProcessSupervisor({ entries, confDir, store, adminPort, log, logLevel: logOptions.level, workerExecArgv: deps.workerExecArgv });
  const stores = checkStores(sup.roleSections(), store);
  if (boolFlag(flags, 'check')) {
    out(formatLogLine(Date.now(), 'info', PROCESS_SOURCE, checkSummary(sup.roleSections(), stores), logOptions.format));
    return 0;
  }

  const signals = deps.signals ?? process;
  let settle: (o: Outcome) => void = () => undefined;
  const outcome = new Promise<Outcome>((resolve) => (settle = resolve));
  let cutShort: (signal: NodeJS.Signals) => void = () => undefined;
  const secondSignal = new Promise<NodeJS.Signals>((resolve) => (cutShort = resolve));
  let stopRequested = false;
  const onStop = (signal: NodeJS.Signals) => () => {
    if (!stopRequested) {
      stopRequested = true;
      settle({ kind: 'signal', signal });
    } else {
      cutShort(signal);
    }
  };
  const onInt = onStop('SIGINT');
  const onTerm = onStop('SIGTERM');
  const onHup = (): void => {
    void sup.reload().then((problems) => {
      if (problems.length === 0) log('config reloaded');
      for (const p of problems) log(`reload: ${p}`, 'warn');
    });
  };
  signals.on('SIGINT', onInt);
  signals.on('SIGTERM', onTerm);
  signals.on('SIGHUP', onHup);
  sup.onFailure((error) => settle({ kind: 'failed', error }));

  try {
    const started = await Promise.race([sup.start().then(() => 'started' as const), outcome]);
    if (started === 'started') {
      out(startedOutput(sup, entries.length, store, logOptions.format));
      deps.onStarted?.(sup.adminUrl ?? '');
    }
    const result = await outcome;
    if (result.kind === 'failed') {
      log(result.error.message, 'error');
      await sup.stop();
      return 1;
    }
    log(`${result.signal}: stopping (again to exit at once)`);
    const stopped = await Promise.race([sup.stop(), secondSignal]);
    if (typeof stopped === 'string') {
      log(`${stopped} again: exiting now`, 'warn');
      await sup.kill();
      return 128 + constants.signals[stopped];
    }
    if (stopped) log('stopped');
    else log('stop timed out; remaining actors were terminated', 'error');
    return stopped ? 0 : 1;
  } catch (e) {
    if (e instanceof AdminListenError || e instanceof CrashLoopError || e instanceof StartFailedError) {
      log(errorLine(e), 'error');
      await sup.kill();
      return 1;
    }
    await sup.kill();
    throw e;
  } finally {
    signals.off('SIGINT', onInt);
    signals.off('SIGTERM', onTerm);
    signals.off('SIGHUP', onHup);
  }
}

function logOptionsFrom(flags: ParsedFlags): LogOptions {
  const format = optionalString(flags, 'log-format');
  const level = optionalString(flags, 'log-level');
  return {
    format: format === undefined ? DEFAULT_LOG_OPTIONS.format : parseLogFormat(format, '--log-format'),
    level: level === undefined ? DEFAULT_LOG_OPTIONS.level : parseLogLevel(level, '--log-level'),
  };
}

/** The start line on stdout: one line per role set, the banner for several roles (npm start), one JSON object under json. */
function startedOutput(sup: ProcessSupervisor, roleCount: number, store: string | undefined, format: LogFormat): string {
  const admin = sup.adminUrl ?? '?';
  // Several roles in one process is the npm start path: a short first line, then where everything is.
  const several = roleCount > 1;
  const roles = several ? sup.roleSections().map((r) => r.role).join(', ') : sup.describe();
  const line = formatLogLine(Date.now(), 'info', PROCESS_SOURCE, `started ${roles}; admin ${admin}`, format);
  return several && format === 'text' ? `${line}\n${startBanner(sup.roleSections(), admin, store)}` : line;
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function selectRoles(role: string, registry: Readonly<Record<string, RoleEntry>>): RoleEntry[] {
  if (role === 'all') return Object.values(registry);
  const entry = registry[role];
  if (!entry) throw new UsageError(`--role ${JSON.stringify(role)}: expected one of ${[...Object.keys(registry), 'all'].join(', ')}`);
  return [entry];
}
