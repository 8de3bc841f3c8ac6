/**
 * Whether a server is a node we may use. A plain MySQL/MariaDB server always
 * is. A Galera node (`wsrep_on`) is only when it reports `wsrep_ready = ON`
 * and `wsrep_local_state_comment = Synced`: a node cut from the primary
 * component keeps accepting connections and answers stale reads for seconds
 * before it starts refusing, and a joiner or donor is behind.
 *
 * Whether a connection's server runs wsrep is asked once per connection; the
 * readiness itself on every borrow (the caller's cost: one short query).
 */
export type Query = (sql: string) => Promise<Record<string, unknown>[]>;

const wsrepByConnection = new WeakMap<object, boolean>();

/** undefined when the node may be used, otherwise why not (one line). */
export async function notReadyReason(connection: object, query: Query): Promise<string | undefined> {
  let wsrep = wsrepByConnection.get(connection);
  if (wsrep === undefined) {
    // SHOW VARIABLES rather than @@wsrep_on: MySQL has no such variable and would fail the SELECT.
    const rows = await query("SHOW GLOBAL VARIABLES LIKE 'wsrep_on'");
    wsrep = String(rows[0]?.['Value'] ?? 'OFF').toUpperCase() === 'ON';
    wsrepByConnection.set(connection, wsrep);
  }
  if (!wsrep) return undefined;
  const status = new Map<string, string>();
  for (const r of await query("SHOW GLOBAL STATUS WHERE Variable_name IN ('wsrep_ready', 'wsrep_local_state_comment')")) {
    status.set(String(r['Variable_name']).toLowerCase(), String(r['Value']));
  }
  const ready = status.get('wsrep_ready') ?? '?';
  const state = status.get('wsrep_local_state_comment') ?? '?';
  if (ready.toUpperCase() === 'ON' && state === 'Synced') return undefined;
  return `galera node not ready (wsrep_ready=${ready}, state ${state})`;
}
