/**
 * Issue 23's DNS data figure: the RSS of `--role dns` holding `--keys` keys ×
 * `--hosts` hosts (SQLite, filled with multi-row INSERTs), read `--idle-ms`
 * after its started line, beside the same role on the demo routes alone.
 * No client connects: this is what the route table itself costs.
 *
 *   node dist/bench/dns/routeTableRss.js [--keys 10000] [--hosts 10] [--idle-ms 20000]
 */
import Database from 'better-sqlite3';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { machineLine } from '../benchResults.js';
import { cloneSystemDir, prepareSystemDir } from '../benchSystem.js';
import { measureRoleIn } from '../footprint/roleFootprint.js';
import { fillKeys } from './routeFill.js';

const { values } = parseArgs({ options: { keys: { type: 'string', default: '10000' }, hosts: { type: 'string', default: '10' }, 'idle-ms': { type: 'string', default: '20000' } } });
const keys = Number(values.keys);
const hosts = Number(values.hosts);
const idleMs = Number(values['idle-ms']);
const supervisorJs = fileURLToPath(new URL('../../supervisor.js', import.meta.url));

const demo = await prepareSystemDir();
const filled = await cloneSystemDir(demo);
const db = new Database(join(filled.dir, 'lars.db'));
await fillKeys(async (sql) => db.exec(sql), keys, hosts);
db.close();
const empty = await measureRoleIn(demo, 'dns', supervisorJs, idleMs);
const full = await measureRoleIn(filled, 'dns', supervisorJs, idleMs);
console.log(`${machineLine()}\n--role dns idle ${idleMs} ms after its started line: demo routes ${empty.rssMiB.toFixed(0)} MiB; with ${keys} keys × ${hosts} hosts ${full.rssMiB.toFixed(0)} MiB (+${(full.rssMiB - empty.rssMiB).toFixed(0)}), ${full.threads} threads`);
