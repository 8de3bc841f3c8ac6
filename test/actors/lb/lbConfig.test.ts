import t from 'tap';
import {
  DEFAULT_LB_THRESHOLDS,
  loadBalanceSpec,
  parseLbThresholds,
} from '../../../actors/lb/core/lbConfig.js';
import { CodedError } from '../../../runtime/errors.js';

t.test('defaults are what the original shipped, timeouts converted to ms', async (t) => {
  t.strictSame({ ...DEFAULT_LB_THRESHOLDS }, {
    probeNum: 10,
    initSuccCnt: 180,
    initErrCnt: 5,
    errRate: 0.1,
    succRate: 0.95,
    continErrLimit: 15,
    continSuccLimit: 15,
    windowErrRate: 0.7,
    idleTimeoutMs: 15_000,
    overloadTimeoutMs: 15_000,
    updateTimeoutMs: 15_000,
    maxOverloadTimeoutMs: 300_000,
    slowStartMs: 0,
    panicThreshold: 0,
    zoneSpillThreshold: 0.7,
    zoneMinHosts: 6,
  });
  t.ok(Object.isFrozen(DEFAULT_LB_THRESHOLDS), 'shared defaults cannot be mutated by a key');
});

t.test('every key is documented and reloadable', async (t) => {
  for (const [key, spec] of Object.entries(loadBalanceSpec)) {
    t.equal(spec.reloadable, true, `${key} reloadable`);
    t.ok(spec.doc.length > 20, `${key} documented`);
  }
});

t.test('ini values parse into thresholds; seconds become ms', async (t) => {
  const cases: Array<{ raw: Record<string, string>; want: Partial<typeof DEFAULT_LB_THRESHOLDS> }> = [
    { raw: {}, want: {} },
    { raw: { probe_num: '3', err_rate: '0.25' }, want: { probeNum: 3, errRate: 0.25 } },
    { raw: { idle_timeout: '1.5', overload_timeout: '30', update_timeout: '0.2' }, want: { idleTimeoutMs: 1500, overloadTimeoutMs: 30_000, updateTimeoutMs: 200 } },
    { raw: { max_overload_timeout: '60', slow_start_ms: '5000', panic_threshold: '0.5' }, want: { maxOverloadTimeoutMs: 60_000, slowStartMs: 5000, panicThreshold: 0.5 } },
  ];
  for (const c of cases) {
    t.strictSame({ ...parseLbThresholds(c.raw, 'agent.ini') }, { ...DEFAULT_LB_THRESHOLDS, ...c.want }, JSON.stringify(c.raw));
  }
  t.equal(parseLbThresholds({ probe_num: '3' }, 'agent.ini', { probe_num: '7' }).probeNum, 7, 'overrides win');
});

t.test('bad values are config errors naming the key', async (t) => {
  const cases: Array<[string, string]> = [
    ['probe_num', '0'],
    ['err_rate', '1.5'],
    ['contin_err_limit', 'x'],
    ['idle_timeout', '0'],
    ['max_overload_timeout', '0'],
    ['slow_start_ms', '-1'],
    ['slow_start_ms', '1.5'],
    ['panic_threshold', '1.1'],
    ['probe_nm', '3'],
  ];
  for (const [key, value] of cases) {
    try {
      parseLbThresholds({ [key]: value }, 'agent.ini');
      t.fail(`${key}=${value} accepted`);
    } catch (err) {
      t.ok(err instanceof CodedError && err.code === 'BAD_CONFIG', `${key}=${value} is BAD_CONFIG`);
      t.match((err as Error).message, key);
    }
  }
});
