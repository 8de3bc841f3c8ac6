/**
 * Store logic written once for both backends: a program is a generator that
 * yields the statements it needs and receives their results, so the same
 * code runs inside a mysql2 transaction (awaiting each statement) and inside
 * a synchronous better-sqlite3 transaction (which cannot await).
 *
 *   function* count(): Program<number> {
 *     const rows = yield* query('SELECT COUNT(*) AS n FROM RouteLease');
 *     return Number(rows[0]?.['n']);
 *   }
 */
export type Row = Record<string, unknown>;
export type Param = number | string;

export type Statement =
  | { kind: 'rows'; sql: string; params: readonly Param[] }
  | { kind: 'run'; sql: string; params: readonly Param[] };

/** What a statement gave back: its rows, or how many rows it matched (UPDATE / DELETE / INSERT). */
export type StatementResult = Row[] | number;

export type Program<T> = Generator<Statement, T, StatementResult>;

export function* query(sql: string, params: readonly Param[] = []): Program<Row[]> {
  const result = yield { kind: 'rows', sql, params };
  return result as Row[];
}

/** Resolves to the rows the statement matched (mysql2 connects with FOUND_ROWS; SQLite counts matched rows). */
export function* execute(sql: string, params: readonly Param[] = []): Program<number> {
  const result = yield { kind: 'run', sql, params };
  return result as number;
}

export async function runProgramAsync<T>(program: Program<T>, exec: (s: Statement) => Promise<StatementResult>): Promise<T> {
  let step = program.next();
  while (!step.done) step = program.next(await exec(step.value));
  return step.value;
}

export function runProgramSync<T>(program: Program<T>, exec: (s: Statement) => StatementResult): T {
  let step = program.next();
  while (!step.done) step = program.next(exec(step.value));
  return step.value;
}
