/** Log line shapes and level filtering. */
import t from 'tap';
import { formatLogLine, levelEnabled, logWriter, parseLogLevel } from '../../../runtime/log/logLine.js';

const TS = Date.UTC(2026, 10, 30, 20, 16, 18, 123);

t.test('text: ISO time, padded level, process or actor source, one line', async (t) => {
  t.equal(formatLogLine(TS, 'info', 'lars', 'stopped', 'text'), '2026-11-30T20:16:18.123Z INFO  lars: stopped');
  t.equal(formatLogLine(TS, 'warn', 'agent/dns-client', 'DNS connection lost', 'text'), '2026-11-30T20:16:18.123Z WARN  [agent/dns-client] DNS connection lost');
  t.equal(formatLogLine(TS, 'error', 'lars', 'a\nb\r\nc', 'text'), '2026-11-30T20:16:18.123Z ERROR lars: a | b | c', 'a newline in a message stays on the line');
});

t.test('json: one object per line, message kept verbatim', async (t) => {
  const line = formatLogLine(TS, 'debug', 'dns/dns-server', 'say "hi"\nthere', 'json');
  t.notMatch(line, /\n/);
  t.same(JSON.parse(line), { ts: '2026-11-30T20:16:18.123Z', level: 'debug', source: 'dns/dns-server', msg: 'say "hi"\nthere' });
});

t.test('levels: a writer drops what is below its level', async (t) => {
  t.ok(levelEnabled('error', 'warn'));
  t.notOk(levelEnabled('info', 'warn'));
  t.ok(levelEnabled('debug', 'debug'));
  const lines: string[] = [];
  const log = logWriter({ format: 'text', level: 'warn' }, (l) => lines.push(l), () => TS);
  log('quiet');
  log('loud', 'warn');
  log('louder', 'error', 'reporter/reporter-server');
  t.same(lines, ['2026-11-30T20:16:18.123Z WARN  lars: loud', '2026-11-30T20:16:18.123Z ERROR [reporter/reporter-server] louder']);
});

t.test('parse: names only', async (t) => {
  t.equal(parseLogLevel('warn', '--log-level'), 'warn');
  t.throws(() => parseLogLevel('WARN', '--log-level'), { code: 'USAGE' });
});
