/**
 * The agent fixture as a process, for tool tests that spawn `lars`:
 *   node <tap loader> agentFixtureMain.ts '{"routes":[...],"pullWaitMs":50}'
 * or `@FILE` holding that JSON (options past the 128 KiB an argument may hold).
 * Prints `agent fixture ready base=PORT` once all three ports listen, and
 * exits when its stdin closes (the test ended or died) or on SIGTERM.
 */
import { readFileSync } from 'node:fs';
import { AgentFixture, type AgentFixtureOptions } from './agentFixture.js';

const arg = process.argv[2] ?? '{}';
const options = JSON.parse(arg.startsWith('@') ? readFileSync(arg.slice(1), 'utf8') : arg) as AgentFixtureOptions;
const fixture = await AgentFixture.start(options);
process.stdout.write(`agent fixture ready base=${fixture.basePort}\n`);

const stop = (): void => {
  void fixture.close().then(() => process.exit(0));
};
process.stdin.on('end', stop);
process.stdin.resume();
process.on('SIGTERM', stop);
