/**
 * Node flags for actor workers spawned by tests: only tap's TypeScript
 * loader (workers need it to load .ts), not its instrumentation imports,
 * which triple a worker's boot time.
 */
export const testWorkerExecArgv: string[] = process.execArgv.filter((a) => a.includes('@tapjs/typescript') || a === '--enable-source-maps');
