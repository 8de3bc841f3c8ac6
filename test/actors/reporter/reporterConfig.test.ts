import t from 'tap';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { flushIntervalMs, parseReporterConfig, reporterDefaults, reporterSpec } from '../../../actors/reporter/reporterConfig.js';
import { readIniFile } from '../../../runtime/config/iniFile.js';

t.test('defaults', async (t) => {
  const d = reporterDefaults();
  t.match(d, { ip: '127.0.0.1', port: 7779, flush_interval: 1, batch_rows: 5000, max_pending_rows: 200000, db_thread_cnt: 2 });
  t.match(d, { handshake_timeout_ms: 10_000, handshake_quiet_per_ip: 32 }, 'silent sockets are cut, idle agents are not (issue #12 §2)');
  t.equal(flushIntervalMs(d), 1000);
});

t.test('conf/reporter.ini documents every key with its default value', async (t) => {
  const path = fileURLToPath(new URL('../../../conf/reporter.ini', import.meta.url));
  const sections = readIniFile(path);
  t.same(parseReporterConfig(sections, path), reporterDefaults());
  // A key sized from the machine when unset (max_conn) is shipped commented out, with its default beside it.
  const shipped = Object.entries(reporterSpec).filter(([, f]) => !('sizedWhenUnset' in f && f.sizedWhenUnset === true)).map(([k]) => k);
  t.same(Object.keys(sections['reporter'] ?? {}).sort(), shipped.sort(), 'no key missing from the file');
  t.match(readFileSync(path, 'utf8'), /^; max_conn = 10000$/m, 'max_conn shown, commented out');
});

t.test('values from the file and overrides; fractional flush interval', async (t) => {
  const cfg = parseReporterConfig({ reporter: { flush_interval: '0.25', batch_rows: '10' } }, 'x.ini', { port: 0 });
  t.equal(flushIntervalMs(cfg), 250);
  t.equal(cfg.batch_rows, 10);
  t.equal(cfg.port, 0);
});

t.test('bad values name the key', async (t) => {
  const bad: Array<[Record<string, string>, RegExp]> = [
    [{ db_thread_cnt: '0' }, /db_thread_cnt/],
    [{ flush_interval: 'soon' }, /flush_interval/],
    [{ batch_rows: '100', max_pending_rows: '50' }, /batch_rows = 100: must not exceed max_pending_rows/],
    [{ retry_backoff_min_ms: '500', retry_backoff_max_ms: '100' }, /retry_backoff_min_ms/],
    [{ flush_intervall: '1' }, /unknown key/],
  ];
  for (const [raw, message] of bad) {
    t.throws(() => parseReporterConfig({ reporter: raw }, 'reporter.ini'), { code: 'BAD_CONFIG', message }, JSON.stringify(raw));
  }
});
