/**
 * actors/lb/core/ is what the agent and the embedded client share, and what
 * the lars-ts-client package ships: it must not reach the actor runtime, a
 * worker, a mailbox or an agent actor, directly or through a helper it
 * imports. This reads the sources (every file of the core and every module
 * they reach outside it) and names the chain of any forbidden import.
 *
 * Forbidden, from reading the tree:
 *  - actors/ outside actors/lb/core/ (the agent's udp-server, dns-client,
 *    reporter-client, their protocol and figures; the other roles' actors);
 *  - runtime/actors/ (definition, workers, supervision, comlink control);
 *  - runtime/mailbox/ except clock.ts (the Clock interface and the real
 *    clock, which import nothing and carry no mailbox logic);
 *  - runtime/admin/ and runtime/reactor/reactorFigures.ts (an actor kind's
 *    figure tables for /metrics);
 *  - store/, client/, tools/, supervisor.ts;
 *  - packages other than node: builtins (node:worker_threads excepted) and
 *    the client package's own dependencies (so no comlink, piscina, ...).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, posix, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const CORE = 'actors/lb/core/';
const CLIENT_DEPS = new Set(Object.keys((JSON.parse(readFileSync(join(ROOT, 'packages/client/package.json'), 'utf8')) as { dependencies?: Record<string, string> }).dependencies ?? {}));
const FORBIDDEN_DIRS = ['runtime/actors/', 'runtime/admin/', 'store/', 'client/', 'tools/'];
const FORBIDDEN_FILES = new Set(['runtime/reactor/reactorFigures.ts', 'supervisor.ts']);
const MAILBOX_ALLOWED = new Set(['runtime/mailbox/clock.ts']);
const IMPORT = /(?:^|[\s;])(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|^import\s*['"]([^'"]+)['"]/gm;

/** Why `spec`, imported by repo file `from`, is not allowed in the core's reach; undefined when it is. */
function forbiddenImport(from: string, spec: string): string | undefined {
  if (!spec.startsWith('.')) {
    if (spec === 'node:worker_threads' || spec === 'worker_threads') return 'a worker';
    if (spec.startsWith('node:')) return undefined;
    const pkg = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : (spec.split('/')[0] ?? spec);
    return CLIENT_DEPS.has(pkg) ? undefined : `package "${pkg}", which lars-ts-client does not depend on`;
  }
  const target = targetOf(from, spec);
  if (target.startsWith('actors/') && !target.startsWith(CORE)) return `an actor module (${target})`;
  if (FORBIDDEN_DIRS.some((d) => target.startsWith(d)) || FORBIDDEN_FILES.has(target)) return `${target}`;
  if (target.startsWith('runtime/mailbox/') && !MAILBOX_ALLOWED.has(target)) return `mailbox code (${target})`;
  return undefined;
}

/** The repo file an import names: the .ts source, or the .js itself where there is none (proto/generated/). */
function targetOf(from: string, spec: string): string {
  const js = posix.normalize(posix.join(posix.dirname(from), spec));
  const ts = js.replace(/\.js$/, '.ts');
  return existsSync(join(ROOT, ts)) ? ts : js;
}

function importsOf(file: string): string[] {
  const code = readFileSync(join(ROOT, file), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  return [...code.matchAll(IMPORT)].map((m) => m[1] ?? m[2] ?? m[3] ?? '');
}

/** Every forbidden import reached from the core, each with the chain that reaches it. */
function coreViolations(coreFiles: readonly string[], read: (file: string) => string[] = importsOf): string[] {
  const found: string[] = [];
  const seen = new Set<string>();
  const stack = coreFiles.map((f) => [f]);
  while (stack.length > 0) {
    const chain = stack.pop() as string[];
    const file = chain[chain.length - 1] as string;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const spec of read(file)) {
      const why = forbiddenImport(file, spec);
      if (why !== undefined) found.push(`${chain.join(' -> ')} imports '${spec}': ${why}`);
      else if (spec.startsWith('.')) stack.push([...chain, targetOf(file, spec)]);
    }
  }
  return found.sort();
}

function coreFiles(): string[] {
  const dir = join(ROOT, CORE);
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => relative(ROOT, join(dir, f)).split('\\').join('/'));
}

t.test('the LB core reaches no actor, worker, mailbox or runtime/actors code', async (t) => {
  const files = coreFiles();
  t.ok(files.length >= 20, `read ${files.length} core files`);
  t.same(coreViolations(files), []);
});

t.test('the rule names what it refuses (a core file that imports an agent actor, a worker, comlink)', async (t) => {
  const core = `${CORE}routeLb.ts`;
  const fake: Record<string, string[]> = {
    [core]: ['./lbConfig.js', '../agentProtocol.js', '../../../runtime/reactor/tcpClient.js'],
    [`${CORE}lbConfig.ts`]: ['../../../runtime/config/configSchema.js', 'node:fs'],
    'runtime/config/configSchema.ts': [],
    'runtime/reactor/tcpClient.ts': ['../mailbox/clock.js', '../mailbox/inbox.js', 'eventemitter3', 'comlink', 'node:worker_threads'],
    'runtime/mailbox/clock.ts': [],
  };
  const found = coreViolations([core], (f) => fake[f] ?? []);
  t.same(found, [
    `${core} -> runtime/reactor/tcpClient.ts imports '../mailbox/inbox.js': mailbox code (runtime/mailbox/inbox.ts)`,
    `${core} -> runtime/reactor/tcpClient.ts imports 'comlink': package "comlink", which lars-ts-client does not depend on`,
    `${core} -> runtime/reactor/tcpClient.ts imports 'node:worker_threads': a worker`,
    `${core} imports '../agentProtocol.js': an actor module (actors/lb/agentProtocol.ts)`,
  ]);
  t.equal(forbiddenImport(core, '../../../runtime/actors/actorDefinition.js'), 'runtime/actors/actorDefinition.ts');
  t.equal(forbiddenImport(core, '../../../runtime/reactor/reactorFigures.js'), 'runtime/reactor/reactorFigures.ts');
  t.equal(forbiddenImport(core, '../../dns/routeSnapshot.js'), 'an actor module (actors/dns/routeSnapshot.ts)');
  t.equal(forbiddenImport(core, './swrr.js'), undefined);
});
