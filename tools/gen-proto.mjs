// Regenerates proto/generated/*.js and *.d.ts from proto/*.proto with protobufjs-cli.
// The output is committed so a fresh clone builds without running this.
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';

const bin = (name) => new URL(`../node_modules/.bin/${name}`, import.meta.url).pathname;
mkdirSync(new URL('../proto/generated/', import.meta.url), { recursive: true });
for (const name of ['lars', 'qps_test']) {
  const js = `proto/generated/${name}.js`;
  execFileSync(bin('pbjs'), ['-t', 'static-module', '-w', 'es6', '--no-verify', '--no-convert', '--no-delimited', '--no-service', '-o', js, `proto/${name}.proto`], { stdio: 'inherit' });
  execFileSync(bin('pbts'), ['-o', `proto/generated/${name}.d.ts`, js], { stdio: 'inherit' });
}
