/**
 * The console's modules import each other one way: no file reaches itself
 * through its relative imports (type-only imports included, they are the
 * design's dependencies too).
 */
import t from 'tap';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const SRC = fileURLToPath(new URL('../../../actors/console/', import.meta.url));

function importsOf(file: string): string[] {
  const text = readFileSync(`${SRC}${file}`, 'utf8');
  return [...text.matchAll(/from '\.\/([\w.]+)\.js'/g)].map((m) => `${m[1]}.ts`);
}

t.test('actors/console has no import cycle', async (t) => {
  const files = readdirSync(SRC).filter((f) => f.endsWith('.ts'));
  t.ok(files.includes('consoleBackend.ts'), 'the backend interface has a file of its own');
  const graph = new Map(files.map((f) => [f, importsOf(f)]));
  const cycles: string[] = [];
  const walk = (f: string, path: string[]): void => {
    if (path.includes(f)) {
      cycles.push([...path.slice(path.indexOf(f)), f].join(' → '));
      return;
    }
    for (const next of graph.get(f) ?? []) walk(next, [...path, f]);
  };
  for (const f of files) walk(f, []);
  t.same([...new Set(cycles)], [], 'no cycle');
});
