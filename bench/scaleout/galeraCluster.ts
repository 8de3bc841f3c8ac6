/**
 * A real 3-node MariaDB Galera cluster on free loopback ports in a temporary
 * directory, for the cluster test suite and bench/scaleout (recipe and
 * pitfalls: TOOLCHAIN.md).
 *
 * Start-up is kept lean: one `mariadb-install-db`, its datadir copied to every
 * node; node 1 bootstraps, and the joiners are given node 1's state (same
 * cluster UUID, same seqno, identical data) in grastate.dat, so they join at
 * once with nothing to transfer instead of a ~20 s rsync each. A killed node
 * rejoins by IST after `--wsrep-recover`.
 *
 * Eviction is tuned down (suspect 2 s instead of 5 s) so a killed node stops
 * stalling the survivors' writes sooner; the README shows the same settings.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { chownSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import mysql from 'mysql2/promise';
import { freeTcpPort } from '../freePorts.js';

const run = promisify(execFile);

export const GALERA_LIBRARY = '/usr/lib/galera/libgalera_smm.so';
const MARIADBD = '/usr/sbin/mariadbd';

/** Why a cluster cannot start here, or undefined when it can. */
export function galeraUnavailableReason(): string | undefined {
  if (!existsSync(MARIADBD)) return `${MARIADBD} missing (apt-get install mariadb-server)`;
  if (!existsSync(GALERA_LIBRARY)) return `${GALERA_LIBRARY} missing (apt-get install galera-4)`;
  if (userInfo().uid !== 0) return 'needs root (nodes run as user mysql)';
  return undefined;
}

export interface GaleraNode {
  /** 1-based, as in the logs. */
  readonly n: number;
  readonly port: number;
  readonly gcommPort: number;
  readonly istPort: number;
  readonly sstPort: number;
  readonly dir: string;
  proc: ChildProcess | undefined;
}

export interface NodeStatus {
  ready: string;
  state: string;
  clusterSize: number;
  clusterStatus: string;
}

export interface ClusterOptions {
  log?: (line: string) => void;
  /** evs.suspect_timeout in seconds (default 2). */
  suspectTimeoutS?: number;
}

export class GaleraCluster {
  readonly nodes: GaleraNode[];
  private readonly log: (line: string) => void;

  private constructor(readonly dir: string, nodes: GaleraNode[], private readonly opts: ClusterOptions) {
    this.nodes = nodes;
    this.log = opts.log ?? (() => undefined);
  }

  static async start(opts: ClusterOptions = {}): Promise<GaleraCluster> {
    const why = galeraUnavailableReason();
    if (why !== undefined) throw new Error(`cannot start a Galera cluster: ${why}`);
    // Short path: the socket path must fit in sun_path (108 bytes).
    const dir = mkdtempSync(join(tmpdir(), 'lars-gal-'));
    const nodes: GaleraNode[] = [];
    for (let n = 1; n <= 3; n++) {
      const [port, gcommPort, istPort, sstPort] = [await freeTcpPort(), await freeTcpPort(), await freeTcpPort(), await freeTcpPort()];
      nodes.push({ n, port, gcommPort, istPort, sstPort, dir: join(dir, `n${n}`), proc: undefined });
    }
    const cluster = new GaleraCluster(dir, nodes, opts);
    try {
      await cluster.prepare();
      // A first bootstrap and clean shutdown leave node 1's position in InnoDB and grastate.dat; copies of
      // that datadir join with the same position, so there is nothing to transfer.
      await cluster.launch(cluster.node(1), ['--wsrep-new-cluster']);
      await cluster.waitSynced(1);
      await cluster.shutdown(1);
      for (const n of [2, 3]) cluster.cloneFromFirst(cluster.node(n));
      await cluster.launch(cluster.node(1), ['--wsrep-new-cluster']);
      await cluster.waitSynced(1);
      await Promise.all([2, 3].map((n) => cluster.launch(cluster.node(n), [])));
      await Promise.all([2, 3].map((n) => cluster.waitSynced(n)));
      await cluster.waitSize(3);
    } catch (err) {
      const logs = cluster.logTails();
      await cluster.stop();
      throw new Error(`${err instanceof Error ? err.message : String(err)}\n${logs}`);
    }
    return cluster;
  }

  node(n: number): GaleraNode {
    const node = this.nodes[n - 1];
    if (node === undefined) throw new Error(`no node ${n}`);
    return node;
  }

  /** A store URL listing the nodes in the given order (e.g. [2, 3, 1]). */
  url(database: string, order: readonly number[] = [1, 2, 3]): string {
    return `mysql://root@${order.map((n) => `127.0.0.1:${this.node(n).port}`).join(',')}/${database}`;
  }

  /** A plain connection to one node (the caller ends it). */
  connect(n: number, database?: string): Promise<mysql.Connection> {
    return mysql.createConnection({ host: '127.0.0.1', port: this.node(n).port, user: 'root', connectTimeout: 2000, ...(database ? { database } : {}) });
  }

  async status(n: number): Promise<NodeStatus> {
    const conn = await this.connect(n);
    try {
      const [rows] = await conn.query<mysql.RowDataPacket[]>(
        "SHOW GLOBAL STATUS WHERE Variable_name IN ('wsrep_ready', 'wsrep_local_state_comment', 'wsrep_cluster_size', 'wsrep_cluster_status')",
      );
      const v = new Map(rows.map((r) => [String(r['Variable_name']).toLowerCase(), String(r['Value'])]));
      return { ready: v.get('wsrep_ready') ?? '?', state: v.get('wsrep_local_state_comment') ?? '?', clusterSize: Number(v.get('wsrep_cluster_size') ?? 0), clusterStatus: v.get('wsrep_cluster_status') ?? '?' };
    } finally {
      await conn.end().catch(() => undefined);
    }
  }

  /** Resolves once node n answers, is ready and Synced (polls the node: its state is outside this process). */
  async waitSynced(n: number, timeoutMs = 90_000): Promise<void> {
    await this.waitFor(`node ${n} Synced`, timeoutMs, async () => {
      const s = await this.status(n).catch(() => undefined);
      return s !== undefined && s.ready === 'ON' && s.state === 'Synced';
    });
  }

  /** Resolves once every running node sees a primary component of `size`. */
  async waitSize(size: number, timeoutMs = 60_000): Promise<void> {
    await this.waitFor(`cluster size ${size}`, timeoutMs, async () => {
      for (const node of this.nodes) {
        if (node.proc === undefined) continue;
        const s = await this.status(node.n).catch(() => undefined);
        if (s === undefined || s.clusterSize !== size || s.clusterStatus !== 'Primary') return false;
      }
      return true;
    });
  }

  /** kill -9; resolves when the process is gone. */
  async kill(n: number): Promise<void> {
    const node = this.node(n);
    const proc = node.proc;
    if (proc === undefined) return;
    node.proc = undefined;
    if (proc.exitCode !== null || proc.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
    proc.kill('SIGKILL');
    await exited;
  }

  /** SIGSTOP: node n hangs, answering nothing and resetting nothing (a host that lost power); resume() ends it. */
  hang(n: number): void {
    this.node(n).proc?.kill('SIGSTOP');
  }

  /** SIGCONT after hang(): the node carries on, finds itself evicted and rejoins (IST). */
  resume(n: number): void {
    this.node(n).proc?.kill('SIGCONT');
  }

  /** After kill(): recover the position, restart with it, rejoin by IST; resolves when Synced. */
  async rejoin(n: number): Promise<void> {
    const node = this.node(n);
    const { stderr } = await run(MARIADBD, [`--defaults-file=${join(node.dir, 'my.cnf')}`, '--user=mysql', '--wsrep-recover', `--log-error=${join(node.dir, 'recover.log')}`]).catch((e: { stderr?: string }) => ({ stderr: e.stderr ?? '' }));
    const text = `${stderr}\n${readFileSync(join(node.dir, 'recover.log'), 'utf8')}`;
    const position = /WSREP: Recovered position: ?([0-9a-f-]+:-?\d+)/.exec(text)?.[1];
    await this.launch(node, position ? [`--wsrep_start_position=${position}`] : []);
    await this.waitSynced(n);
  }

  /** Cut node n from the others (gmcast.isolate) or let it back. */
  async isolate(n: number, on: boolean): Promise<void> {
    const conn = await this.connect(n);
    try {
      await conn.query(`SET GLOBAL wsrep_provider_options = 'gmcast.isolate=${on ? 1 : 0}'`);
    } finally {
      await conn.end().catch(() => undefined);
    }
  }

  /** The last lines of each node's error log, for a failure message. */
  logTails(lines = 15): string {
    return this.nodes
      .map((node) => {
        const file = join(node.dir, 'error.log');
        const text = existsSync(file) ? readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n') : '(no log)';
        return `--- node ${node.n} error.log ---\n${text}`;
      })
      .join('\n');
  }

  async stop(): Promise<void> {
    await Promise.all(this.nodes.map((node) => this.kill(node.n)));
    if (process.env['LARS_KEEP_GALERA'] !== '1') rmSync(this.dir, { recursive: true, force: true });
  }

  private async prepare(): Promise<void> {
    const first = this.node(1);
    mkdirSync(join(first.dir, 'data'), { recursive: true });
    chownTree(this.dir);
    await run('mariadb-install-db', ['--no-defaults', '--user=mysql', `--datadir=${join(first.dir, 'data')}`, '--auth-root-authentication-method=normal', '--skip-test-db'], { timeout: 120_000 });
    for (const node of this.nodes) {
      mkdirSync(node.dir, { recursive: true });
      writeFileSync(join(node.dir, 'my.cnf'), this.config(node));
    }
    chownTree(this.dir);
  }

  private config(node: GaleraNode): string {
    const peers = this.nodes.map((p) => `127.0.0.1:${p.gcommPort}`).join(',');
    const suspect = this.opts.suspectTimeoutS ?? 2;
    const provider = [
      `gmcast.listen_addr=tcp://127.0.0.1:${node.gcommPort}`,
      `ist.recv_addr=127.0.0.1:${node.istPort}`,
      'gcache.size=64M',
      `evs.suspect_timeout=PT${suspect}S`,
      `evs.inactive_timeout=PT${suspect + 1}S`,
      'evs.inactive_check_period=PT0.5S',
      'evs.keepalive_period=PT0.5S',
    ].join(';');
    return `[mysqld]
datadir=${join(node.dir, 'data')}
socket=${join(node.dir, 's.sock')}
pid-file=${join(node.dir, 'm.pid')}
log-error=${join(node.dir, 'error.log')}
bind-address=127.0.0.1
port=${node.port}
skip-name-resolve
binlog_format=ROW
default_storage_engine=InnoDB
innodb_autoinc_lock_mode=2
innodb_buffer_pool_size=64M
innodb_log_file_size=16M
innodb_flush_log_at_trx_commit=2
performance_schema=OFF
wsrep_on=ON
wsrep_provider=${GALERA_LIBRARY}
wsrep_cluster_name=lars_test
wsrep_cluster_address=gcomm://${peers}
wsrep_node_address=127.0.0.1:${node.gcommPort}
wsrep_node_name=n${node.n}
wsrep_provider_options="${provider}"
wsrep_sst_method=rsync
wsrep_sst_receive_address=127.0.0.1:${node.sstPort}
`;
  }

  /** Node 1's datadir (after a clean shutdown) as node's, minus what is node 1's own. */
  private cloneFromFirst(node: GaleraNode): void {
    const from = join(this.node(1).dir, 'data');
    const to = join(node.dir, 'data');
    cpSync(from, to, { recursive: true, filter: (src) => !/(galera\.cache|gvwstate\.dat|\.pid|\.sock)$/.test(src) });
    const grastate = join(to, 'grastate.dat');
    writeFileSync(grastate, readFileSync(grastate, 'utf8').replace(/safe_to_bootstrap:\s*1/, 'safe_to_bootstrap: 0'));
    chownTree(to);
  }

  /** SIGTERM: a clean shutdown that records the node's position. */
  private async shutdown(n: number): Promise<void> {
    const node = this.node(n);
    const proc = node.proc;
    if (proc === undefined) return;
    node.proc = undefined;
    const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
    proc.kill('SIGTERM');
    await exited;
  }

  private async launch(node: GaleraNode, extra: string[]): Promise<void> {
    const proc = spawn(MARIADBD, [`--defaults-file=${join(node.dir, 'my.cnf')}`, '--user=mysql', ...extra], { stdio: 'ignore' });
    node.proc = proc;
    reapOnExit(proc, this.dir);
    proc.on('exit', (code, signal) => {
      if (node.proc === proc) {
        node.proc = undefined;
        this.log(`galera node ${node.n} exited (${signal ?? code}); see ${join(node.dir, 'error.log')}`);
      }
    });
  }

  private async waitFor(what: string, timeoutMs: number, check: () => Promise<boolean>): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`galera: timed out waiting for ${what}; logs in ${this.dir}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

// A test runner that times out a suite kills its process: never leave mariadbd servers or their files behind.
const live = new Map<ChildProcess, string>();
let reaperInstalled = false;

function reapOnExit(proc: ChildProcess, dir: string): void {
  live.set(proc, dir);
  proc.once('exit', () => live.delete(proc));
  if (reaperInstalled) return;
  reaperInstalled = true;
  const reap = (): void => {
    for (const [p, d] of live) {
      p.kill('SIGKILL');
      if (process.env['LARS_KEEP_GALERA'] !== '1') rmSync(d, { recursive: true, force: true });
    }
    live.clear();
  };
  process.once('exit', reap);
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      reap();
      process.exit(128 + (signal === 'SIGTERM' ? 15 : 2));
    });
  }
}

function chownTree(path: string): void {
  const { uid, gid } = mysqlIds();
  chownSync(path, uid, gid);
  if (statSync(path).isDirectory()) for (const entry of readdirSync(path)) chownTree(join(path, entry));
}

let ids: { uid: number; gid: number } | undefined;
function mysqlIds(): { uid: number; gid: number } {
  if (ids === undefined) {
    const line = readFileSync('/etc/passwd', 'utf8').split('\n').find((l) => l.startsWith('mysql:'));
    const [, , uid, gid] = line?.split(':') ?? [];
    if (uid === undefined || gid === undefined) throw new Error('no mysql user in /etc/passwd');
    ids = { uid: Number(uid), gid: Number(gid) };
  }
  return ids;
}
