/**
 * `npm start` builds only when an input changed: tools/build-if-stale.mjs
 * run over a small fixture tree whose "build" counts its runs, as a real
 * process.
 */
import t from 'tap';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SCRIPT = fileURLToPath(new URL('../../tools/build-if-stale.mjs', import.meta.url));

function fixture(dir: string): { start: () => { code: number | null; out: string }; builds: () => number } {
  mkdirSync(join(dir, 'src', 'node_modules'), { recursive: true });
  writeFileSync(join(dir, 'src', 'a.ts'), 'export const a = 1;\n');
  writeFileSync(join(dir, 'src', 'b.ts'), 'export const b = 2;\n');
  writeFileSync(join(dir, 'src', 'node_modules', 'dep.js'), 'ignored\n');
  writeFileSync(join(dir, 'tsconfig.json'), '{}\n');
  // The "build": counts its runs, writes the output, fails while FAIL exists.
  writeFileSync(
    join(dir, 'make.mjs'),
    "import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';\n" +
      "if (existsSync('FAIL')) process.exit(3);\n" +
      "const n = existsSync('builds') ? Number(readFileSync('builds', 'utf8')) : 0;\n" +
      "writeFileSync('builds', String(n + 1));\n" +
      "mkdirSync('dist', { recursive: true }); writeFileSync('dist/main.js', '');\n",
  );
  return {
    start: () => {
      const r = spawnSync(process.execPath, [SCRIPT, '--root', dir, '--build', `"${process.execPath}" make.mjs`, '--inputs', 'src,tsconfig.json,missing-dir', '--output', 'dist/main.js'], { encoding: 'utf8' });
      return { code: r.status, out: r.stdout + r.stderr };
    },
    builds: () => (existsSync(join(dir, 'builds')) ? Number(readFileSync(join(dir, 'builds'), 'utf8')) : 0),
  };
}

t.test('builds the first time, then only when an input changes', async (t) => {
  const dir = t.testdir();
  const f = fixture(dir);
  let r = f.start();
  t.equal(r.code, 0);
  t.match(r.out, /build: no previous build; running/);
  t.equal(f.builds(), 1);

  r = f.start();
  t.equal(r.code, 0);
  t.match(r.out, /build: up to date \(3 inputs unchanged\)/, 'node_modules inside an input is not an input');
  t.equal(f.builds(), 1, 'no build when nothing changed');

  // Same content, new mtime (a checkout): still up to date.
  utimesSync(join(dir, 'src', 'a.ts'), new Date(), new Date(Date.now() + 60_000));
  t.equal(f.start().code, 0);
  t.equal(f.builds(), 1, 'a touched but unchanged file does not rebuild');

  writeFileSync(join(dir, 'src', 'a.ts'), 'export const a = 10;\n');
  r = f.start();
  t.match(r.out, /build: 1 inputs changed \(src\/a\.ts\)/);
  t.equal(f.builds(), 2, 'an edit rebuilds');

  unlinkSync(join(dir, 'src', 'b.ts'));
  f.start();
  t.equal(f.builds(), 3, 'a removed source rebuilds');

  writeFileSync(join(dir, 'src', 'c.ts'), 'export const c = 3;\n');
  f.start();
  t.equal(f.builds(), 4, 'a new source rebuilds');

  rmSync(join(dir, 'dist', 'main.js'));
  r = f.start();
  t.match(r.out, /dist\/main\.js missing/);
  t.equal(f.builds(), 5, 'a missing output rebuilds');
  t.equal(f.start().code, 0);
  t.equal(f.builds(), 5);
});

t.test('a failed build stops the start and is retried next time', async (t) => {
  const dir = t.testdir();
  const f = fixture(dir);
  t.equal(f.start().code, 0);
  writeFileSync(join(dir, 'src', 'a.ts'), 'broken\n');
  writeFileSync(join(dir, 'FAIL'), '');
  const r = f.start();
  t.equal(r.code, 3, 'the build\'s status');
  t.match(r.out, /build: .*make\.mjs failed \(exit 3\); not starting/);
  unlinkSync(join(dir, 'FAIL'));
  t.equal(f.start().code, 0);
  t.equal(f.builds(), 2, 'the change that failed to build is built now');
});
