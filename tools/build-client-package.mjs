// Fills packages/client/dist (the `lars-ts-client` package) with the compiled
// client and exactly the modules it imports, found by following the import
// statements of dist/client/index.js (and of its .d.ts for the types). One
// source tree, one implementation: the package is a subset of dist/, not a
// copy of the sources. Fails, naming the module, when the client reaches a
// package the client package does not depend on (a worker pool, a database
// driver, ...) or an actors/ module outside the LB core: DESIGN.md §2, client/
// needs only the reactor codec, proto and actors/lb/core/.
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = join(root, 'dist');
const pkgDir = join(root, 'packages', 'client');
const out = join(pkgDir, 'dist');
const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
const allowed = new Set(Object.keys(pkg.dependencies ?? {}));

const FORBIDDEN_DIRS = ['store/', 'runtime/actors/', 'actors/roles/', 'supervisor'];
const CORE_DIR = 'actors/lb/core/';
const IMPORT = /(?:^|[\s;])(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|^import\s*['"]([^'"]+)['"]/gm;

function packageOf(spec) {
  const parts = spec.split('/');
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

function closure(entry) {
  const seen = new Set();
  const stack = [entry];
  while (stack.length > 0) {
    const file = stack.pop();
    if (seen.has(file)) continue;
    if (!existsSync(file)) throw new Error(`build-client-package: ${relative(root, file)} is imported but missing (run tsc first)`);
    seen.add(file);
    const code = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
    for (const m of code.matchAll(IMPORT)) {
      const spec = m[1] ?? m[2] ?? m[3];
      if (spec.startsWith('.')) {
        let target = resolve(dirname(file), spec);
        if (file.endsWith('.d.ts')) target = target.replace(/\.js$/, '.d.ts');
        const where = relative(dist, target);
        if (FORBIDDEN_DIRS.some((d) => where.startsWith(d))) throw new Error(`build-client-package: ${relative(root, file)} imports ${where}: the client never needs the store or the actor runtime`);
        // Of actors/ the client takes the LB core only (actors/lb/core/): the agent's actors stay out of the package.
        if (where.startsWith('actors/') && !where.startsWith(CORE_DIR)) throw new Error(`build-client-package: ${relative(root, file)} imports ${where}: of actors/ the client package takes ${CORE_DIR} only`);
        stack.push(target);
      } else if (spec === 'node:worker_threads') {
        throw new Error(`build-client-package: ${relative(root, file)} imports node:worker_threads: the client runs on the application's thread`);
      } else if (!spec.startsWith('node:') && !allowed.has(packageOf(spec))) {
        throw new Error(`build-client-package: ${relative(root, file)} imports "${spec}", which lars-ts-client does not depend on`);
      }
    }
  }
  return seen;
}

let files;
try {
  files = new Set([...closure(join(dist, 'client', 'index.js')), ...closure(join(dist, 'client', 'index.d.ts'))]);
} catch (err) {
  process.stderr.write(`${err.message}\n`);
  process.exit(1);
}
rmSync(out, { recursive: true, force: true });
for (const file of files) {
  const to = join(out, relative(dist, file));
  mkdirSync(dirname(to), { recursive: true });
  cpSync(file, to);
}
process.stdout.write(`lars-ts-client: ${files.size} files in packages/client/dist\n`);
