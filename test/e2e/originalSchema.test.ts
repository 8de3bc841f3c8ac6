/**
 * Our DNS and reporter on a database made with the original Lars's own
 * schema and never touched by `lars db init` (RouteVersion as unix time, no
 * created_at_ms, unsigned status columns): GetRoute answers, an edit made
 * the original's way (insert + RouteChange + RouteVersion = unix time) is
 * pushed to the subscribed connection, and a report lands with the
 * unsigned address. On MariaDB, and on SQLite with the same columns.
 */
import t, { type Test } from 'tap';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { lars } from '../../proto/generated/lars.js';
import { ipv4ToInt32, ipv4ToUint32 } from '../../runtime/net/ipv4.js';
import { FramedSocket } from '../helpers/framedSocket.js';
import { freeTcpPort } from '../helpers/freePorts.js';
import { withTestDatabase } from '../helpers/mysqlTestDb.js';
import { ORIGINAL_MYSQL, ORIGINAL_SQLITE, originalAddHost } from '../helpers/originalSchema.js';
import { RoleProcess } from '../helpers/roleProcess.js';
import { eventually } from '../helpers/agentCaller.js';

interface OriginalDb {
  url: string;
  exec(sql: string, params?: number[]): Promise<void>;
  rows(sql: string): Promise<Array<Record<string, unknown>>>;
}

async function onMysql(t: Test): Promise<OriginalDb | undefined> {
  const db = await withTestDatabase(t);
  if (!db) return undefined;
  const exec = async (sql: string, params: number[] = []): Promise<void> => void (await db.pool.query(sql, params));
  for (const sql of ORIGINAL_MYSQL) await exec(sql);
  return { url: db.url, exec, rows: async (sql) => (await db.pool.query(sql))[0] as Array<Record<string, unknown>> };
}

async function onSqlite(t: Test): Promise<OriginalDb> {
  const path = join(t.testdir(), 'original.db');
  const db = new Database(path);
  t.teardown(() => db.close());
  const exec = async (sql: string, params: number[] = []): Promise<void> => void db.prepare(sql).run(...params);
  for (const sql of ORIGINAL_SQLITE) await exec(sql);
  return { url: `sqlite:${path}`, exec, rows: async (sql) => db.prepare(sql).all() as Array<Record<string, unknown>> };
}

function hostsOf(body: Buffer): string[] {
  return lars.GetRouteResponse.decode(body).host.map((h) => `${h.ip ?? 0}:${h.port ?? 0}`).sort();
}

for (const [name, open] of [['mysql', onMysql], ['sqlite', onSqlite]] as const) {
  t.test(`${name}: DNS and reporter on the original's schema`, async (t) => {
    const db = await open(t);
    if (!db) return;
    const version = Number((await db.rows('SELECT version FROM RouteVersion WHERE id = 1'))[0]?.['version']);
    for (const [sql, params] of originalAddHost(3, 4, ipv4ToUint32('200.1.2.3'), 9000, version)) await db.exec(sql, params);

    const [dnsPort, reporterPort] = [await freeTcpPort(), await freeTcpPort()];
    const dns = RoleProcess.start(t, 'dns', { 'dns.ini': `[admin]\nadmin_port = 0\n[dns]\nport = ${dnsPort}\npoll_interval = 0.05\n` }, ['--store', db.url]);
    const reporter = RoleProcess.start(t, 'reporter', { 'reporter.ini': `[admin]\nadmin_port = 0\n[reporter]\nport = ${reporterPort}\nflush_interval = 0.05\n` }, ['--store', db.url]);
    await dns.waitFor(/lars: started dns/);
    await reporter.waitFor(/lars: started reporter/);

    const conn = await FramedSocket.open(dnsPort);
    t.teardown(() => conn.destroy());
    conn.send(lars.MessageId.ID_GetRouteRequest, lars.GetRouteRequest.encode({ modid: 3, cmdid: 4 }).finish());
    const reply = await conn.next();
    t.equal(reply?.msgid, lars.MessageId.ID_GetRouteResponse);
    t.same(hostsOf(reply?.body ?? Buffer.alloc(0)), [`${ipv4ToInt32('200.1.2.3')}:9000`], 'GetRoute answers from RouteData');

    // The original's tools: a row, a RouteChange row, RouteVersion = unix time (later than the current one).
    for (const [sql, params] of originalAddHost(3, 4, ipv4ToUint32('10.0.0.7'), 9001, version + 60)) await db.exec(sql, params);
    const push = await conn.next();
    t.equal(push?.msgid, lars.MessageId.ID_GetRouteResponse, 'pushed to the subscriber');
    t.same(hostsOf(push?.body ?? Buffer.alloc(0)), [`${ipv4ToInt32('10.0.0.7')}:9001`, `${ipv4ToInt32('200.1.2.3')}:9000`].sort());

    const rep = await FramedSocket.open(reporterPort);
    t.teardown(() => rep.destroy());
    const report = { modid: 3, cmdid: 4, caller: ipv4ToInt32('192.168.0.1'), ts: 1_700_000_123, results: [{ ip: ipv4ToInt32('200.1.2.3'), port: 9000, succ: 7, err: 1, overload: false }] };
    rep.send(lars.MessageId.ID_ReportStatusRequest, lars.ReportStatusRequest.encode(report).finish());
    const rows = await eventually(() => db.rows('SELECT ip, port, caller, succ_cnt, err_cnt, ts, overload FROM ServerCallStatus'), (r) => r.length > 0, 1000);
    t.same(
      rows.map((r) => [Number(r['ip']), Number(r['port']), Number(r['caller']), Number(r['succ_cnt']), Number(r['err_cnt']), Number(r['ts']), String(r['overload'])]),
      [[3_355_509_251, 9000, ipv4ToUint32('192.168.0.1'), 7, 1, 1_700_000_123, '0']],
      'the report lands with unsigned ip and caller, as the original wrote them',
    );
    t.notMatch(dns.output + reporter.output, /crashed|fails:|unavailable/, 'no store errors on either role');
    await Promise.all([dns.stop(), reporter.stop()]);
  });
}
