import t from 'tap';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseSection, sectionDefaults } from '../../../runtime/config/configSchema.js';
import { readIniFile } from '../../../runtime/config/iniFile.js';
import { parseReactorConfig, reactorSchema } from '../../../runtime/reactor/reactorConfig.js';

const dir = mkdtempSync(join(tmpdir(), 'lars-conf-'));
function ini(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

t.test('the shipped conf/reactor.ini parses and states the defaults', async (t) => {
  const path = new URL('../../../conf/reactor.ini', import.meta.url).pathname;
  const cfg = parseReactorConfig(readIniFile(path), path);
  t.same(cfg, sectionDefaults('reactor', reactorSchema), 'every value in the file is its default');
});

t.test('values, overrides and defaults', async (t) => {
  const p = ini('ok.ini', '[reactor]\nport = 9000\nmax_conn = 5\n');
  const cfg = parseReactorConfig(readIniFile(p), p, { port: 9100 });
  t.equal(cfg.port, 9100, 'a flag wins over the file');
  t.equal(cfg.max_conn, 5);
  t.equal(cfg.ip, '127.0.0.1', 'missing keys take the default');
});

t.test('bad values name the file, section and key', async (t) => {
  const cases: Array<[string, RegExp]> = [
    ['port = 70000', /\[reactor\] port = "70000": expected an integer between 0 and 65535/],
    ['max_conn = lots', /\[reactor\] max_conn = "lots": expected an integer/],
    ['ip = 300.1.1.1', /\[reactor\] ip = "300.1.1.1": expected an IPv4 address/],
    ['max_conns = 5', /\[reactor\] max_conns: unknown key/],
    ['connect_timeout_ms = 500', /\[reactor\] connect_timeout_ms: unknown key/],
  ];
  for (const [line, re] of cases) {
    const p = ini('bad.ini', `[reactor]\n${line}\n`);
    const err = t.throws(() => parseReactorConfig(readIniFile(p), p)) as { code?: string; message?: string; exitCode?: number };
    t.equal(err.code, 'BAD_CONFIG');
    t.equal(err.exitCode, 2);
    t.match(err.message, re);
    t.match(err.message, /bad\.ini/);
    t.notMatch(err.message, /\n/, 'one line');
  }
});

t.test('field kinds', async (t) => {
  const spec = {
    rate: { kind: 'float', default: 0.5, min: 0, max: 1, doc: '' },
    on: { kind: 'bool', default: false, doc: '' },
    servers: { kind: 'addresses', default: '127.0.0.1:7778', doc: '' },
    name: { kind: 'string', default: 'x', doc: '' },
  } as const;
  t.same(sectionDefaults('s', spec), { rate: 0.5, on: false, servers: [{ host: '127.0.0.1', port: 7778 }], name: 'x' });
  const v = parseSection('s', spec, { rate: '0.25', on: 'yes', servers: '10.0.0.1:1, localhost:7788', name: ' y ' }, 'f');
  t.same(v, { rate: 0.25, on: true, servers: [{ host: '10.0.0.1', port: 1 }, { host: 'localhost', port: 7788 }], name: 'y' });
  t.throws(() => parseSection('s', spec, { rate: '1.5' }, 'f'), /rate = "1.5": expected a number between 0 and 1/);
  t.throws(() => parseSection('s', spec, { on: 'maybe' }, 'f'), /expected true or false/);
  t.throws(() => parseSection('s', spec, { servers: 'host-without-port' }, 'f'), /expected a list of host:port/);
  t.throws(() => parseSection('s', spec, { servers: 'h:0' }, 'f'), /expected a list of host:port/);
});

t.test('ini files: missing, optional, keys outside a section', async (t) => {
  t.same(readIniFile(join(dir, 'nope.ini'), true), {});
  t.throws(() => readIniFile(join(dir, 'nope.ini')), { code: 'BAD_CONFIG', message: /cannot read config file \(ENOENT\)/ });
  const p = ini('loose.ini', 'port = 1\n[reactor]\n');
  t.throws(() => readIniFile(p), { code: 'BAD_CONFIG', message: /port: key outside of any \[section\]/ });
});

t.test('keepEmpty: an explicitly empty string is the value (off), an absent key the default', async (t) => {
  const spec = {
    path: { kind: 'string', default: './x.json', keepEmpty: true, doc: '' },
    store: { kind: 'string', default: 'sqlite:./a.db', doc: '' },
  } as const;
  t.same(parseSection('s', spec, {}, 'f'), { path: './x.json', store: 'sqlite:./a.db' }, 'absent: defaults');
  t.same(parseSection('s', spec, { path: '', store: '' }, 'f'), { path: '', store: 'sqlite:./a.db' }, 'empty: kept only where asked');
  const p = ini('empty.ini', '[s]\npath =\nstore =\n');
  t.same(parseSection('s', spec, readIniFile(p)['s'], p), { path: '', store: 'sqlite:./a.db' }, 'as the ini file gives it');
});
