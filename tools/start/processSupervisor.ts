/**
 * One supervisor process: loads the config of each role it runs, starts a
 * RoleSupervisor per role and one admin HTTP server, reloads on request,
 * and stops everything within the configured bound.
 */
import { errorLine } from '../../runtime/errors.js';
import { RoleSupervisor, type RoleFailure } from '../../runtime/actors/roleSupervisor.js';
import { ActorThreadPool, autoOwnThreads, autoWorkers } from '../../runtime/actors/actorThreadPool.js';
import { ActorMetricsRegistry } from '../../runtime/admin/actorMetrics.js';
import { runtimeHelp } from '../../runtime/admin/runtimeMetrics.js';
import { startAdminServer, type AdminRoute, type AdminServer, type HealthReport } from '../../runtime/admin/adminServer.js';
import { renderRefusals } from '../../runtime/admin/httpLimits.js';
import type { RoleEntry } from '../../actors/roles/roleEntry.js';
import { figureLookup } from '../../actors/roles/roleFigures.js';
import { loadRoleConfig, reloadRoleConfig, type RoleConfig } from './roleConfig.js';
import { fitConnections, type ConnectionFit } from './connectionFit.js';
import { openFileLimit } from '../../runtime/reactor/openFileLimit.js';
import { PROCESS_SOURCE, type LogLevel, type LogWriter } from '../../runtime/log/logLine.js';
import { LogCounts } from '../../runtime/log/logCounts.js';

export interface ProcessSupervisorOptions {
  entries: RoleEntry[];
  confDir: string;
  store: string | undefined;
  /** Overrides [admin] admin_port of the first role (0: any free port). */
  adminPort: number | undefined;
  log: LogWriter;
  /** Actors drop lines below it before sending them. */
  logLevel?: LogLevel | undefined;
  workerExecArgv?: string[] | undefined;
  /** The open-file limit to fit max_conn into (tests); default: read from the OS. */
  openFileLimit?: number | undefined;
}

interface RunningRole {
  entry: RoleEntry;
  config: RoleConfig;
  supervisor: RoleSupervisor;
}

export class ProcessSupervisor {
  private readonly opts: ProcessSupervisorOptions;
  private readonly roles: RunningRole[];
  private readonly metrics: ActorMetricsRegistry;
  private admin: AdminServer | undefined;
  private phase: 'starting' | 'running' | 'stopping' = 'starting';
  private failureListeners: Array<(err: RoleFailure) => void> = [];
  /** max_conn values cut to the open-file limit, applied again on every reload. */
  private readonly connFit: ConnectionFit;
  private readonly logCounts = new LogCounts();
  /** The process's shared actor threads ([supervisor] workers). */
  private readonly threads: ActorThreadPool;

  /** Reads and checks every role's config; throws ConfigError before anything starts. */
  constructor(opts: ProcessSupervisorOptions) {
    this.opts = opts;
    this.metrics = new ActorMetricsRegistry({ figures: figureLookup(opts.entries) });
    const log = this.logCounts.counting(opts.log);
    const configs = opts.entries.map((entry) => ({ entry, config: loadRoleConfig(entry, opts.confDir) }));
    this.connFit = fitConnections(configs.map((c) => ({ role: c.entry.role, sections: c.config.sections, setKeys: c.config.setKeys })), 'openFileLimit' in opts ? opts.openFileLimit : openFileLimit(), log);
    // One pool of shared actor threads for every role of the process (--role all): sized by the largest [supervisor] workers.
    const sizes = configs.map((c) => c.config.settings.workers ?? autoWorkers());
    const own = configs.map((c) => c.config.settings.ownThreads);
    const threads = (this.threads = new ActorThreadPool({
      size: Math.max(...sizes),
      ownThreads: own.includes(true) || (own.includes(undefined) && autoOwnThreads()),
      execArgv: opts.workerExecArgv,
      onLost: (actors, reason) => log(`shared actor thread lost with ${actors} actor(s) on it (${reason}); restarting them`, 'error', PROCESS_SOURCE),
    }));
    this.roles = configs.map(({ entry, config }) => {
      const supervisor = new RoleSupervisor({
        threads,
        spec: entry.spec,
        config: this.connFit.apply(entry.role, config.sections),
        store: opts.store,
        settings: config.settings,
        log,
        ...(opts.logLevel ? { logLevel: opts.logLevel } : {}),
        ...(opts.workerExecArgv ? { workerExecArgv: opts.workerExecArgv } : {}),
      });
      supervisor.on('failed', (err) => {
        for (const l of this.failureListeners) l(err);
      });
      return { entry, config, supervisor };
    });
  }

  get adminUrl(): string | undefined {
    return this.admin?.url;
  }

  /** Each role's ini file and parsed sections, in start order (the `--role all` banner, `--check`). */
  roleSections(): Array<{ role: string; file: string; sections: Record<string, Record<string, unknown>> }> {
    return this.roles.map((r) => ({ role: r.entry.role, file: r.config.file, sections: r.config.sections }));
  }

  /** The running supervisor of `role`, for control calls into its actors. */
  supervisorOf(role: string): RoleSupervisor | undefined {
    return this.roles.find((r) => r.entry.role === role)?.supervisor;
  }

  onFailure(listener: (err: RoleFailure) => void): void {
    this.failureListeners.push(listener);
  }

  /** Admin server first (a taken port fails fast), then every role; resolves when all actors are up. */
  async start(): Promise<void> {
    const first = this.roles[0];
    if (!first) throw new Error('no role to run');
    const { admin_host, admin_port, token, allowed_hosts } = first.config.admin;
    this.admin = await startAdminServer(admin_host, this.opts.adminPort ?? admin_port, {
      metrics: async () => ({ contentType: this.metrics.contentType, text: (await this.renderMetrics()) + this.adminRefusals() + this.threadLines() + this.logCounts.render() }),
      health: async () => {
        // Fresh stats first: an actor's own "degraded" travels in them.
        await Promise.all(this.roles.map((r) => r.supervisor.sample(r.config.supervisor.stats_timeout_ms)));
        return this.health();
      },
      reload: async () => {
        const problems = await this.reload();
        return { healthy: problems.length === 0, body: { reloaded: problems.length === 0, problems } };
      },
      routes: this.adminRoutes(),
    }, { token, allowedHosts: allowed_hosts });
    await this.startRoles();
    this.phase = 'running';
  }

  /** Every role once the roles it starts after (those this process runs) are up; independent roles in parallel. */
  private async startRoles(): Promise<void> {
    const started = new Map<string, Promise<void>>();
    const startOf = (r: RunningRole): Promise<void> => {
      let p = started.get(r.entry.role);
      if (!p) {
        const before = this.roles.filter((o) => r.entry.startsAfter?.includes(o.entry.role));
        p = Promise.all(before.map(startOf)).then(() => r.supervisor.start());
        started.set(r.entry.role, p);
      }
      return p;
    };
    await Promise.all(this.roles.map(startOf));
  }

  /** The roles' own admin routes (the agent's /lb). */
  private adminRoutes(): Map<string, AdminRoute> {
    const routes = new Map<string, AdminRoute>();
    for (const r of this.roles) {
      const own = r.entry.adminRoutes?.({ supervisor: r.supervisor, timeoutMs: () => r.config.supervisor.stats_timeout_ms }) ?? {};
      for (const [path, route] of Object.entries(own)) routes.set(path, route);
    }
    return routes;
  }

  health(): HealthReport {
    if (this.phase === 'stopping') return { healthy: false, body: { status: 'stopping' } };
    const down = this.roles.flatMap((r) => r.supervisor.unhealthy().map((u) => ({ role: r.entry.role, ...u })));
    const found = this.roles.flatMap((r) => r.supervisor.warnings().map((w) => ({ role: r.entry.role, ...w })));
    const warnings = found.length === 0 ? {} : { warnings: found };
    if (down.length === 0 && this.phase === 'running') return { healthy: true, body: { status: 'ok', ...warnings } };
    return { healthy: false, body: { status: this.phase === 'starting' ? 'starting' : 'degraded', down, ...warnings } };
  }

  private adminRefusals(): string {
    const counts = this.admin?.counts();
    return counts ? renderRefusals('lars_admin_http_refused_total', runtimeHelp('lars_admin_http_refused_total'), counts) : '';
  }

  private threadLines(): string {
    const t = this.threads;
    return [
      `# HELP lars_shared_threads ${runtimeHelp('lars_shared_threads')}`,
      '# TYPE lars_shared_threads gauge',
      `lars_shared_threads ${t.running}`,
      `# HELP lars_shared_threads_lost_total ${runtimeHelp('lars_shared_threads_lost_total')}`,
      '# TYPE lars_shared_threads_lost_total counter',
      `lars_shared_threads_lost_total ${t.lost}`,
      '',
    ].join('\n');
  }

  async renderMetrics(): Promise<string> {
    const samples = await Promise.all(this.roles.map((r) => r.supervisor.sample(r.config.supervisor.stats_timeout_ms)));
    return this.metrics.render(samples.flat());
  }

  /**
   * Re-reads every role's file and hands reloadable changes to the actors.
   * Returns one line per problem: keys that need a restart, bad files (the
   * running config is kept), actors that failed to reload.
   */
  async reload(): Promise<string[]> {
    const problems: string[] = [];
    for (const role of this.roles) {
      try {
        const { config, kept } = reloadRoleConfig(role.entry, this.opts.confDir, role.config);
        for (const key of kept) problems.push(`${config.file}: ${key} changed; needs a restart (running value kept)`);
        role.config = config;
        for (const failure of await role.supervisor.reload(this.connFit.apply(role.entry.role, config.sections), config.settings)) problems.push(`${role.entry.role}: reload failed in ${failure}`);
      } catch (err) {
        problems.push(`${errorLine(err)} (running config kept)`);
      }
    }
    return problems;
  }

  /** Graceful stop of every role (in parallel, each within its stop_timeout_ms); true when all were clean. */
  async stop(): Promise<boolean> {
    this.phase = 'stopping';
    // Roles stop one after another, last listed first (agent, reporter, dns):
    // the agent's final reports then reach a reporter that still writes them.
    // One deadline for all keeps the whole stop within the largest bound.
    const deadline = Date.now() + Math.max(...this.roles.map((r) => r.config.supervisor.stop_timeout_ms));
    const results: boolean[] = [];
    for (const r of [...this.roles].reverse()) {
      results.push(await r.supervisor.stop(Math.max(100, Math.min(r.config.supervisor.stop_timeout_ms, deadline - Date.now()))));
    }
    await this.admin?.close();
    return results.every(Boolean);
  }

  /** Ends everything at once. */
  async kill(): Promise<void> {
    this.phase = 'stopping';
    await Promise.all(this.roles.map((r) => r.supervisor.kill()));
    await this.admin?.close();
  }

  describe(): string {
    return this.roles.map((r) => `${r.entry.role} (${r.entry.spec.actors.map((a) => (a.count ?? 1) > 1 ? `${a.kind}×${a.count}` : a.kind).join(', ')})`).join(', ');
  }
}
