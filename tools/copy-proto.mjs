// tsc does not emit the committed protobufjs static code (plain .js beside its .d.ts),
// so the build copies it next to the compiled modules that import it.
import { cpSync, mkdirSync } from 'node:fs';

const from = new URL('../proto/generated/', import.meta.url);
const to = new URL('../dist/proto/generated/', import.meta.url);
mkdirSync(to, { recursive: true });
cpSync(from, to, { recursive: true });
