/**
 * DNS apply bench (issue 20.2): one transaction adds a host to 1, 100, 1,000
 * and 10,000 keys of a RouteData holding 10,000 keys × 10 hosts; timed from
 * its commit to the first and the last of those keys pushed to subscribers
 * (the watcher publishes a big change in parts of 1,000 keys as it reads
 * them: the last push marks it applied and pushed). Beside it, a one-host
 * edit committed right after the 10,000-key one: commit → its push. Run on freshly analysed statistics and on
 * statistics that lag the data (two 4,200-host keys analysed, then the
 * 100,000 rows added). Beside it, the store's share: loadKeys of the 10,000
 * keys in-process, and the plan MariaDB gives the statement it issues.
 *
 *   node dist/bench/dns/applyBench.js [--poll 0.1] [--record] [--json]
 *
 * Goal: the 10,000-key change applied and pushed in ≤ 3 s.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import mysql from 'mysql2/promise';
import { openStore } from '../../store/openStore.js';
import { KEYS_PER_STATEMENT, keyParams } from '../../store/keyReload.js';
import { MYSQL_INDEX_COLUMNS_SQL, mysqlKeyIndex, mysqlLoadKeysSql } from '../../store/mysql/mysqlKeyReload.js';
import { startChildServer } from '../watchedProcess.js';
import { machineLine, markdownTable, recordResults } from '../benchResults.js';
import { freeTcpPort } from '../freePorts.js';
import { fillKeys, fillWithStaleStatistics, filledKey } from './routeFill.js';
import { KeySubscribers, addHostToKeys } from './bigChange.js';

const { values } = parseArgs({
  options: {
    poll: { type: 'string', default: '0.1' },
    record: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  },
});
const pollS = Number(values.poll);
const KEYS = 10_000;
const HOSTS = 10;
const SIZES = [1, 100, 1000, 10_000];
const GOAL_MS = 3000;
const SUBSCRIBER_CONNS = 10;

type Row = Record<string, unknown>;
const supervisor = fileURLToPath(new URL('../../supervisor.js', import.meta.url));
const keys = Array.from({ length: KEYS }, (_, k) => filledKey(k));

interface ScenarioResult {
  scenario: string;
  plan: string;
  loadKeysMs: number;
  applies: Array<{ keys: number; firstMs: number; lastMs: number }>;
  /** A one-host edit committed right after a 10,000-key change: commit → its push. */
  behindMs: number;
}

const OTHER = { modid: 7, cmdid: 7 };

async function scenario(name: string, stale: boolean): Promise<ScenarioResult> {
  const db = `lars_bench_apply_${process.pid}_${stale ? 'stale' : 'fresh'}`;
  const admin = await mysql.createConnection({ host: '127.0.0.1', user: 'root' });
  await admin.query(`DROP DATABASE IF EXISTS \`${db}\``);
  await admin.query(`CREATE DATABASE \`${db}\``);
  const url = `mysql://root@127.0.0.1:3306/${db}`;
  const conn = await mysql.createConnection({ host: '127.0.0.1', user: 'root', database: db });
  const store = await openStore(url);
  try {
    await store.init();
    const exec = (sql: string): Promise<unknown> => conn.query(sql);
    if (stale) await fillWithStaleStatistics(exec, 'mysql', KEYS, HOSTS);
    else {
      await fillKeys(exec, KEYS, HOSTS);
      await conn.query('ANALYZE TABLE RouteData');
    }
    const index = mysqlKeyIndex((await conn.query(MYSQL_INDEX_COLUMNS_SQL))[0] as Row[]);
    const [explained] = await conn.query(`EXPLAIN ${mysqlLoadKeysSql(KEYS_PER_STATEMENT, { weight: true, meta: true }, index)}`, keyParams(keys.slice(0, KEYS_PER_STATEMENT)));
    const plan = (explained as Row[]).filter((r) => r['table'] === 'd').map((r) => `${String(r['type'])} ${String(r['key'])}, ${String(r['rows'])} rows`).join('; ');
    const loadStart = performance.now();
    const loaded = await store.loadKeys(keys);
    const loadKeysMs = performance.now() - loadStart;
    if (loaded.length !== KEYS) throw new Error(`loadKeys gave ${loaded.length} keys`);
    process.stderr.write(`  ${name}: EXPLAIN RouteData ${plan}; loadKeys(${KEYS}) ${loadKeysMs.toFixed(0)} ms\n`);

    await conn.query('INSERT INTO RouteData (modid, cmdid, serverip, serverport) VALUES (?, ?, ?, ?)', [OTHER.modid, OTHER.cmdid, 0x0a000001, 80]);
    const conf = mkdtempSync(join(tmpdir(), 'lars-applybench-'));
    const port = await freeTcpPort();
    writeFileSync(join(conf, 'dns.ini'), `[admin]\nadmin_port = 0\n[dns]\nport = ${port}\npoll_interval = ${pollS}\nreload_interval = 3600\n`);
    const dns = await startChildServer([supervisor, '--role', 'dns', '--conf', conf, '--store', url], /serving routes version \d+ on [\d.]+:(\d+)/, { timeoutMs: 60_000 });
    const subscribers = await KeySubscribers.open('127.0.0.1', dns.port, keys, SUBSCRIBER_CONNS);
    const other = await KeySubscribers.open('127.0.0.1', dns.port, [OTHER], 1);
    const applies: ScenarioResult['applies'] = [];
    let behindMs = NaN;
    try {
      for (const [round, size] of SIZES.entries()) {
        const changed = keys.slice(0, size);
        const ip = 0x0b000001 + round;
        const pushed = subscribers.pushed(changed, ip, 9000);
        await addHostToKeys(conn, changed, ip, 9000);
        const committed = performance.now();
        const { firstMs, lastMs } = await pushed;
        applies.push({ keys: size, firstMs: firstMs - committed, lastMs: lastMs - committed });
        process.stderr.write(`  ${name}: ${size} keys: first push ${(firstMs - committed).toFixed(0)} ms, last ${(lastMs - committed).toFixed(0)} ms after commit\n`);
      }
      const bigPushed = subscribers.pushed(keys, 0x0b0000ff, 9000);
      const otherPushed = other.pushed([OTHER], 0x0a000002, 81);
      await addHostToKeys(conn, keys, 0x0b0000ff, 9000);
      await addHostToKeys(conn, [OTHER], 0x0a000002, 81);
      const committed = performance.now();
      behindMs = (await otherPushed).firstMs - committed;
      await bigPushed;
      process.stderr.write(`  ${name}: one-host edit right behind a ${KEYS}-key change: pushed ${behindMs.toFixed(0)} ms after its commit\n`);
    } finally {
      other.close();
      subscribers.close();
      await dns.process.stop();
    }
    return { scenario: name, plan, loadKeysMs, applies, behindMs };
  } finally {
    await store.close();
    await conn.end();
    await admin.query(`DROP DATABASE IF EXISTS \`${db}\``);
    await admin.end();
  }
}

process.stderr.write(`dns apply bench on ${machineLine()}; poll_interval ${pollS} s, ${KEYS} keys × ${HOSTS} hosts, ${SUBSCRIBER_CONNS} subscriber connections over all keys\n`);
const results = [await scenario('analysed', false), await scenario('stale statistics', true)];

const rows = results.flatMap((r) => r.applies.map((a) => [r.scenario, a.keys, a.firstMs.toFixed(0), a.lastMs.toFixed(0), a.keys === KEYS ? `≤ ${GOAL_MS}` : '—']));
const table = markdownTable(['statistics', 'changed keys', 'commit → first push ms', 'commit → last push (applied and pushed) ms', 'goal ms'], rows);
const storeTable = markdownTable(
  ['statistics', `EXPLAIN RouteData (${KEYS_PER_STATEMENT} keys a statement)`, `loadKeys(${KEYS}) ms`, `one-host edit behind a ${KEYS}-key change: commit → push ms (goal ≤ poll_interval + 1 s)`],
  results.map((r) => [r.scenario, r.plan, r.loadKeysMs.toFixed(0), r.behindMs.toFixed(0)]),
);
if (values.json) {
  process.stdout.write(`${JSON.stringify({ bench: 'dnsApply', pollMs: pollS * 1000, goalMs: GOAL_MS, results })}\n`);
} else {
  process.stdout.write(`\n${table}\n\n${storeTable}\n`);
}
if (values.record) {
  recordResults(
    'DNS: applying one change that touches many keys (issue 20.2)',
    `MariaDB, RouteData ${KEYS} keys × ${HOSTS} hosts; one transaction adds a host to the first N keys (one RouteChange row each); ` +
      `the dns role as its own process, poll_interval ${pollS} s (the wait for the next poll is inside the figures), ` +
      `${SUBSCRIBER_CONNS} TCP subscribers holding all ${KEYS} keys. Stale statistics: two 4,200-host keys analysed, ` +
      `then the 100,000 rows added with STATS_AUTO_RECALC off. Goal: the ${KEYS}-key change applied and pushed in ≤ ${GOAL_MS} ms.\n\n${table}\n\n${storeTable}`,
  );
}
