import t from 'tap';
import { join } from 'node:path';
import { roles } from '../../../actors/roles/index.js';
import { loadRoleConfig, reloadRoleConfig } from '../../../tools/start/roleConfig.js';
import { writeFileSync, rmSync } from 'node:fs';
import type { ServiceDeclarations } from '../../../actors/lb/serviceDeclarations.js';

const services = (dir: string): ServiceDeclarations => loadRoleConfig(roles.agent, dir).sections['service'] as ServiceDeclarations;

t.test('[service.NAME] in agent.ini and agent.d/*.ini, defaults filled', async (t) => {
  const dir = t.testdir({
    'agent.ini': '[agent]\nbase_port = 8888\n[service.web]\nmodid = 1\ncmdid = 2\nip = 10.0.0.5\nport = 8080\ncheck = http://10.0.0.5:8080/healthz\ncheck_fall = 1\n',
    'agent.d': { 'db.ini': '[service.db]\nmodid = 3\ncmdid = 4\nip = 10.0.0.6\nport = 3306\nweight = 7\nttl_ms = 2000\n', 'notes.txt': 'not read' },
  });
  const s = services(dir);
  t.same(Object.keys(s).sort(), ['db', 'web']);
  t.same(s['web']?.instance, { modid: 1, cmdid: 2, ip: 0x0a000005, port: 8080, weight: 1, ttlMs: 10_000, checkSpec: { url: 'http://10.0.0.5:8080/healthz', intervalMs: 5000, timeoutMs: 2000, fall: 1, rise: 2 } });
  t.same(s['db']?.instance, { modid: 3, cmdid: 4, ip: 0x0a000006, port: 3306, weight: 7, ttlMs: 2000 });
  t.equal(s['db']?.file, join(dir, 'agent.d', 'db.ini'));
  t.same(services(t.testdir({})), {}, 'no file, no folder: none');
});

t.test('a bad declaration is one line naming file, section and key', async (t) => {
  const base = 'modid = 1\ncmdid = 1\nip = 10.0.0.5\nport = 80\n';
  const cases: Array<[string, Parameters<typeof t.testdir>[0], RegExp]> = [
    ['missing port', { 'agent.ini': '[service.a]\nmodid = 1\ncmdid = 1\nip = 10.0.0.5\n' }, /agent\.ini: \[service\.a\] port: missing/],
    ['bad port', { 'agent.ini': `[service.a]\n${base}port = 70000\n` }, /agent\.ini: \[service\.a\] port = "70000": expected an integer between 1 and 65535/],
    ['multicast ip', { 'agent.ini': '[service.a]\nmodid = 1\ncmdid = 1\nip = 224.0.0.1\nport = 80\n' }, /\[service\.a\] ip = "224\.0\.0\.1": .*multicast/],
    ['not an ip', { 'agent.ini': '[service.a]\nmodid = 1\ncmdid = 1\nip = web1\nport = 80\n' }, /\[service\.a\] ip = "web1": expected an IPv4 address/],
    ['unknown key', { 'agent.ini': `[service.a]\n${base}colour = red\n` }, /agent\.ini: \[service\.a\] colour: unknown key/],
    ['bad check', { 'agent.ini': `[service.a]\n${base}check = https://x:1/\n` }, /\[service\.a\] check = "https:\/\/x:1\/": .*https is not supported/],
    ['bad ttl', { 'agent.ini': `[service.a]\n${base}ttl_ms = 10\n` }, /\[service\.a\] ttl_ms = "10": expected an integer between 1000 and 600000/],
    ['key outside a service', { 'agent.ini': '[service]\nmodid = 1\n' }, /\[service\] modid: keys belong in a \[service\.NAME\] section/],
    ['same name twice', { 'agent.ini': `[service.a]\n${base}`, 'agent.d': { 'x.ini': `[service.a]\n${base.replace('80', '81')}` } }, /x\.ini: \[service\.a\]: declared again \(first in .*agent\.ini\)/],
    ['same instance twice', { 'agent.ini': `[service.a]\n${base}[service.b]\n${base}` }, /\[service\.b\]: the same instance 1\/1 10\.0\.0\.5:80 as \[service\.a\]/],
    ['other section in agent.d', { 'agent.d': { 'x.ini': '[agent]\nip = 127.0.0.1\n' } }, /x\.ini: \[agent\]: only \[service\.NAME\] sections/],
  ];
  for (const [name, files, re] of cases) {
    const dir = t.testdir(files);
    t.throws(() => loadRoleConfig(roles.agent, dir), { code: 'BAD_CONFIG', message: re }, name);
  }
});

t.test('a reload takes the fresh declarations whole', async (t) => {
  const dir = t.testdir({ 'agent.ini': '[service.a]\nmodid = 1\ncmdid = 1\nip = 10.0.0.5\nport = 80\n' });
  const running = loadRoleConfig(roles.agent, dir);
  writeFileSync(join(dir, 'agent.ini'), '[service.b]\nmodid = 1\ncmdid = 1\nip = 10.0.0.5\nport = 81\n');
  const { config, kept } = reloadRoleConfig(roles.agent, dir, running);
  t.same(kept, []);
  t.same(Object.keys(config.sections['service'] ?? {}), ['b']);
  rmSync(join(dir, 'agent.ini'));
  t.same(reloadRoleConfig(roles.agent, dir, config).config.sections['service'], {});
});
