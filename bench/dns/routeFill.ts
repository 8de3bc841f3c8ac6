/**
 * RouteData filled the fast way (multi-row INSERTs) for benches and tests,
 * optionally with planner statistics that lag the data (/work/shared
 * TOOLCHAIN.md): a skewed sample of two keys with 4,200 hosts each is
 * analysed first, automatic recalculation is off on MySQL, and the bulk goes
 * in afterwards, so the planner believes every key holds 4,200 rows.
 */
export type Exec = (sql: string) => Promise<unknown>;
export type Backend = 'mysql' | 'sqlite';

/** The k-th filled key; the skewed sample uses modid 1 and 2, below these. */
export const filledKey = (k: number): { modid: number; cmdid: number } => ({ modid: 100 + (k % 1000) * 1000 + Math.floor(k / 1000), cmdid: 1 + Math.floor(k / 1000) });

export const FILLED_IP = 0x0a000001;
export const FILLED_PORT = 8000;
const ROWS_PER_INSERT = 5000;
const SKEWED_HOSTS = 4200;

async function insertRows(exec: Exec, rows: readonly string[]): Promise<void> {
  for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
    await exec(`INSERT INTO RouteData (modid, cmdid, serverip, serverport) VALUES ${rows.slice(i, i + ROWS_PER_INSERT).join(', ')}`);
  }
}

/** `keys` keys (filledKey) with `hosts` hosts each: FILLED_IP + h, FILLED_PORT. */
export async function fillKeys(exec: Exec, keys: number, hosts: number): Promise<void> {
  const rows: string[] = [];
  for (let k = 0; k < keys; k++) {
    const { modid, cmdid } = filledKey(k);
    for (let h = 0; h < hosts; h++) rows.push(`(${modid}, ${cmdid}, ${FILLED_IP + h}, ${FILLED_PORT})`);
  }
  await insertRows(exec, rows);
}

/** Analyse a skewed sample, then add the bulk: statistics that lag the data. On an empty RouteData of our schema. */
export async function fillWithStaleStatistics(exec: Exec, backend: Backend, keys: number, hosts: number): Promise<void> {
  if (backend === 'mysql') await exec('ALTER TABLE RouteData STATS_PERSISTENT = 1, STATS_AUTO_RECALC = 0');
  const skewed: string[] = [];
  for (const modid of [1, 2]) for (let h = 0; h < SKEWED_HOSTS; h++) skewed.push(`(${modid}, 1, ${0x0c000001 + h}, 80)`);
  await insertRows(exec, skewed);
  await exec(backend === 'mysql' ? 'ANALYZE TABLE RouteData' : 'ANALYZE');
  await fillKeys(exec, keys, hosts);
}
