/**
 * Equal weights change nothing: the recorded scenario's decision sequence
 * (made before weights existed) is replayed call for call.
 * LB_RECORD=1 rewrites the fixture; only do that on purpose.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { runRecordedScenario, SCENARIO_CALLS, SCENARIO_THRESHOLDS, toFixtureText, type ScenarioOptions } from '../fixtures/recordedScenario.js';

const FIXTURE = fileURLToPath(new URL('../fixtures/decisions-10k.txt', import.meta.url));

if (process.env.LB_RECORD === '1') writeFileSync(FIXTURE, toFixtureText(runRecordedScenario()));
const recorded = readFileSync(FIXTURE, 'utf8').replace(/\n/g, '');

t.test('the recording covers what it claims to', async (t) => {
  t.equal(recorded.length, SCENARIO_CALLS);
  const count = (c: string): number => recorded.split(c).length - 1;
  for (const h of ['0', '1', '2', '3', '4', '5']) t.ok(count(h) > 0, `host ${h} was picked`);
  t.ok(count('o') > 0, 'some calls answered RET_OVERLOAD');
  t.ok(count('x') > 0, 'some calls answered RET_NOEXIST');
});

/** Index of the first call that decided differently, -1 when none. */
function firstDifference(now: string): number {
  const i = [...now].findIndex((c, k) => c !== recorded[k]);
  return i < 0 && now.length !== recorded.length ? Math.min(now.length, recorded.length) : i;
}

// Growing ejection is the one new rule on by default; at max_overload_timeout
// = overload_timeout every ejection lasts 1x, as the recording's did.
const ORIGINAL: Partial<ScenarioOptions['extra']> = {
  maxOverloadTimeoutMs: SCENARIO_THRESHOLDS.overloadTimeoutMs ?? 0,
  slowStartMs: 0,
  panicThreshold: 0,
};

const replays: Array<[string, ScenarioOptions]> = [
  ['no weight field, new rules neutral', { extra: ORIGINAL }],
  ['every host weight 1 explicitly', { extra: ORIGINAL, weight: 1 }],
  ['every host weight 7 (equal weights, not 1)', { extra: ORIGINAL, weight: 7 }],
];

for (const [name, options] of replays) {
  t.test(`replay, ${name}: the same 10,000 decisions`, async (t) => {
    const now = runRecordedScenario(options);
    const first = firstDifference(now);
    t.equal(first, -1, first < 0 ? 'identical' : `first difference at call ${first}: recorded ${recorded.slice(first, first + 20)}, now ${now.slice(first, first + 20)}`);
  });
}

t.test('with the default max_overload_timeout the re-ejected host stays out longer', async (t) => {
  const first = firstDifference(runRecordedScenario());
  // Host 1 is first ejected near call 1000; only a second ejection without a clean window can differ.
  t.ok(first > 1000, `decisions agree until a host is ejected again (first difference at ${first})`);
});
