/**
 * A scripted 10,000-call scenario on a fake clock, recorded once with the LB
 * as it was before weights, slow start, growing ejection and the panic
 * threshold existed (decisions-10k.txt). Replaying it with every new feature
 * neutral must give the same decision sequence, call for call.
 *
 * The script exercises what the original algorithm does: rotation, probes,
 * err_rate and contin_err overloads, recovery by successes and by timeout,
 * window resets, route updates adding and removing hosts, callers that do
 * not report, a key with every host overloaded, a key emptied by DNS, and
 * two keys interleaved.
 */
import type { HostAddress } from '../../../../actors/lb/hostInfo.js';
import type { LbThresholds } from '../../../../actors/lb/lbConfig.js';
import { LarsRetCode } from '../../../../actors/lb/retCode.js';
import { RouteLb } from '../../../../actors/lb/routeLb.js';
import { fakeClock, thresholds } from '../fixtures/lbFixtures.js';

export const SCENARIO_CALLS = 10_000;

const H: HostAddress[] = Array.from({ length: 6 }, (_, i) => ({ ip: (0x0a000001 + i) | 0, port: 9000 + i }));
const hostAt = (i: number): HostAddress => H[i] as HostAddress;

/** Chance (0..1) that a call to host `h` fails at call number `i`. */
function failChance(h: number, i: number): number {
  switch (h) {
    case 0:
      return 0.01;
    case 1:
      return (i >= 1000 && i < 3000) || (i >= 6000 && i < 6500) || (i >= 8200 && i < 9200) ? 1 : 0.02;
    case 2:
      return 0.4;
    case 3:
      // Fails, comes back, fails again before a clean window: the case growing ejection changes.
      return (i >= 4000 && i < 4600) || (i >= 5000 && i < 5300) || (i >= 8500 && i < 8700) ? 1 : 0;
    case 4:
      return i >= 9000 ? 0.8 : 0;
    default:
      return 0.05;
  }
}

/** Base thresholds of the scenario: short windows so 10,000 calls see many transitions. */
export const SCENARIO_THRESHOLDS: Partial<LbThresholds> = {
  idleTimeoutMs: 2_000,
  overloadTimeoutMs: 1_500,
  updateTimeoutMs: 1e12,
};

/**
 * One character per call: the index of the chosen host ('0'..'5'), 'o' for
 * RET_OVERLOAD, 'x' for RET_NOEXIST. `extra` adds thresholds on top of the
 * scenario's (the new features' neutral values when replaying).
 */
export function runRecordedScenario(extra: Partial<LbThresholds> = {}): string {
  const clock = fakeClock();
  const rlb = new RouteLb({ now: clock.now, thresholds: thresholds({ ...SCENARIO_THRESHOLDS, ...extra }) });
  // xorshift32 with a fixed seed: the same draws on every run and machine.
  let x = 0x2545f491;
  const rnd = (): number => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 0x100000000;
  };
  rlb.applyRoute(1, 1, [0, 1, 2, 3, 4].map(hostAt), true);
  rlb.applyRoute(2, 2, [0, 1, 2].map(hostAt), true);
  const out: string[] = [];
  for (let i = 0; i < SCENARIO_CALLS; i++) {
    if (i === 2500) rlb.applyRoute(1, 1, [0, 1, 2, 3, 4, 5].map(hostAt), true);
    if (i === 7000) rlb.applyRoute(1, 1, [0, 1, 3, 4, 5].map(hostAt), true);
    if (i === 8000) rlb.applyRoute(2, 2, [hostAt(1)], true);
    if (i === 9600) rlb.applyRoute(2, 2, [], true);
    clock.advance(1 + Math.floor(rnd() * 4));
    const [modid, cmdid] = i % 5 === 4 ? [2, 2] : [1, 1];
    const o = rlb.getHost(modid, cmdid);
    if (o.retcode !== LarsRetCode.RET_SUCC) {
      out.push(o.retcode === LarsRetCode.RET_OVERLOAD ? 'o' : 'x');
      continue;
    }
    const h = o.ip - hostAt(0).ip;
    out.push(String(h));
    // One caller in ten never reports: overloaded hosts must still come back by timeout.
    if (rnd() < 0.1) continue;
    const failed = rnd() < failChance(h, i);
    rlb.report(modid, cmdid, o.ip, o.port, failed ? LarsRetCode.RET_OVERLOAD : LarsRetCode.RET_SUCC);
  }
  return out.join('');
}

/** The fixture's layout: 100 decisions per line. */
export function toFixtureText(decisions: string): string {
  const lines: string[] = [];
  for (let i = 0; i < decisions.length; i += 100) lines.push(decisions.slice(i, i + 100));
  return `${lines.join('\n')}\n`;
}
