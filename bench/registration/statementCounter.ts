/**
 * Statements each DNS replica sends to MariaDB, counted by the server: every
 * replica logs in as a MySQL user of its own and the server's user
 * statistics (information_schema.USER_STATISTICS, switched on with
 * `userstat` for the run and restored after) count its SELECT, data-changing
 * and other commands (BEGIN/COMMIT/SET). Server-side, so nothing the client
 * pipelines or retries is missed, and other databases' traffic on the same
 * server is not counted (Com_* status counters are server-wide).
 */
import type { Connection } from 'mysql2/promise';

export interface StatementCounts {
  select: number;
  update: number;
  other: number;
  commits: number;
  cpuS: number;
}

export async function enableUserStats(admin: Connection): Promise<() => Promise<void>> {
  const [rows] = (await admin.query('SELECT @@GLOBAL.userstat AS on_')) as unknown as [Array<{ on_: number }>];
  const was = Number(rows[0]?.on_ ?? 0);
  await admin.query('SET GLOBAL userstat = 1');
  return async () => void (await admin.query(`SET GLOBAL userstat = ${was}`));
}

export async function statementsOf(admin: Connection, user: string): Promise<StatementCounts> {
  const [rows] = (await admin.query('SELECT SELECT_COMMANDS s, UPDATE_COMMANDS u, OTHER_COMMANDS o, COMMIT_TRANSACTIONS c, CPU_TIME cpu FROM information_schema.USER_STATISTICS WHERE USER = ?', [user])) as unknown as [
    Array<{ s: number; u: number; o: number; c: number; cpu: number }>,
  ];
  const r = rows[0];
  return { select: Number(r?.s ?? 0), update: Number(r?.u ?? 0), other: Number(r?.o ?? 0), commits: Number(r?.c ?? 0), cpuS: Number(r?.cpu ?? 0) };
}
