// `npm start` runs this instead of `npm run build`: the build (tsc and the
// copy steps, 10-12 s on a small machine) runs only when an input changed
// since the last good build. Inputs are compared by content hash, not by
// mtime, so a fresh clone or a `git checkout` that leaves the sources as they
// were does not rebuild, and an edit within the same second still does. The
// record is written only after a build succeeded: a failed build is retried
// on the next start.
//
//   node tools/build-if-stale.mjs [--root DIR] [--build CMD] [--inputs a,b,...] [--output FILE]
//
// The flags exist for the test, which runs it over a small fixture tree.
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    root: { type: 'string', default: fileURLToPath(new URL('..', import.meta.url)) },
    build: { type: 'string', default: 'npm run build' },
    inputs: {
      type: 'string',
      default: 'supervisor.ts,runtime,actors,proto,store,client,tools,bench,packages/client/package.json,tsconfig.json,package.json,package-lock.json',
    },
    // Must exist after a build, or the build is redone (someone emptied dist/).
    output: { type: 'string', default: 'dist/supervisor.js' },
  },
});
const root = values.root;
const record = join(root, 'dist', '.build-inputs.json');

function walk(path, out) {
  if (!existsSync(path)) return;
  if (statSync(path).isDirectory()) {
    for (const name of readdirSync(path).sort()) {
      // Build products and dependencies inside an input directory are not inputs.
      if (name === 'node_modules' || name === 'dist') continue;
      walk(join(path, name), out);
    }
    return;
  }
  out[relative(root, path)] = createHash('sha1').update(readFileSync(path)).digest('hex');
}

const hashes = {};
for (const input of values.inputs.split(',')) walk(join(root, input), hashes);

let previous = {};
try {
  previous = JSON.parse(readFileSync(record, 'utf8'));
} catch {
  // No record (first start, or dist/ removed): build.
}
const changed = Object.keys(hashes).filter((f) => previous[f] !== hashes[f]);
const removed = Object.keys(previous).filter((f) => !(f in hashes));
const outputMissing = !existsSync(join(root, values.output));

if (changed.length === 0 && removed.length === 0 && !outputMissing) {
  process.stdout.write(`build: up to date (${Object.keys(hashes).length} inputs unchanged)\n`);
  process.exit(0);
}
const why = outputMissing && Object.keys(previous).length === 0
  ? 'no previous build'
  : outputMissing
    ? `${values.output} missing`
    : `${changed.length + removed.length} inputs changed (${[...changed, ...removed].slice(0, 3).join(', ')}${changed.length + removed.length > 3 ? ', ...' : ''})`;
process.stdout.write(`build: ${why}; running ${values.build}\n`);
const result = spawnSync(values.build, { cwd: root, shell: true, stdio: 'inherit' });
if (result.status !== 0) {
  process.stderr.write(`build: ${values.build} failed (exit ${result.status ?? result.signal}); not starting\n`);
  process.exit(result.status || 1);
}
mkdirSync(dirname(record), { recursive: true });
writeFileSync(record, `${JSON.stringify(hashes)}\n`);
