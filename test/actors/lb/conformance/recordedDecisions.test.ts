/**
 * Equal weights change nothing: the recorded scenario's decision sequence
 * (made before weights existed) is replayed call for call.
 * LB_RECORD=1 rewrites the fixture; only do that on purpose.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { runRecordedScenario, SCENARIO_CALLS, toFixtureText } from './recordedScenario.js';

const FIXTURE = fileURLToPath(new URL('./decisions-10k.txt', import.meta.url));

if (process.env.LB_RECORD === '1') writeFileSync(FIXTURE, toFixtureText(runRecordedScenario()));
const recorded = readFileSync(FIXTURE, 'utf8').replace(/\n/g, '');

t.test('the recording covers what it claims to', async (t) => {
  t.equal(recorded.length, SCENARIO_CALLS);
  const count = (c: string): number => recorded.split(c).length - 1;
  for (const h of ['0', '1', '2', '3', '4', '5']) t.ok(count(h) > 0, `host ${h} was picked`);
  t.ok(count('o') > 0, 'some calls answered RET_OVERLOAD');
  t.ok(count('x') > 0, 'some calls answered RET_NOEXIST');
});

t.test('replay: the same 10,000 decisions', async (t) => {
  const now = runRecordedScenario();
  const first = [...now].findIndex((c, i) => c !== recorded[i]);
  t.equal(first, -1, first < 0 ? 'identical' : `first difference at call ${first}: recorded ${recorded.slice(first, first + 20)}, now ${now.slice(first, first + 20)}`);
});
