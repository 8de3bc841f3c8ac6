/**
 * The agent fixture as a process, for tool tests that spawn `lars`:
 *   node <tap loader> agentFixtureMain.ts '{"routes":[...],"pullWaitMs":50}'
 * Prints `agent fixture ready base=PORT` once all three ports listen, and
 * exits when its stdin closes (the test ended or died) or on SIGTERM.
 */
import { AgentFixture, type AgentFixtureOptions } from './agentFixture.js';

const options = JSON.parse(process.argv[2] ?? '{}') as AgentFixtureOptions;
const fixture = await AgentFixture.start(options);
process.stdout.write(`agent fixture ready base=${fixture.basePort}\n`);

const stop = (): void => {
  void fixture.close().then(() => process.exit(0));
};
process.stdin.on('end', stop);
process.stdin.resume();
process.on('SIGTERM', stop);
