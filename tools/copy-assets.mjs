// tsc does not copy the console's browser files (plain JS and CSS served as
// they are), so the build puts them next to the compiled console modules.
import { cpSync, mkdirSync } from 'node:fs';

const from = new URL('../actors/console/assets/', import.meta.url);
const to = new URL('../dist/actors/console/assets/', import.meta.url);
mkdirSync(to, { recursive: true });
cpSync(from, to, { recursive: true });
