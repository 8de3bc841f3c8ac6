/** Role registry entries over the counter test actor, for in-process supervisor tests. */
import { defineRole, type RoleEntry } from '../../actors/roles/roleEntry.js';
import { counter, figureTable, gauge } from '../../runtime/admin/figureTable.js';
import { COUNTER_ACTOR } from './roleFixtures.js';

/** The counter test actor's figures as metrics. */
export const counterFigures = figureTable({
  adds: counter('lars_test_adds_total', 'add messages handled'),
  total: gauge('lars_test_total', 'sum of the values added'),
  reloads: gauge('lars_test_reloads', 'reloads the actor took'),
  label_length: gauge('lars_test_label_length', 'length of the configured label'),
});

export const testSections = {
  test: {
    label: { kind: 'string', default: 'A', reloadable: true, doc: 'label the actor reports' },
    flush_file: { kind: 'string', default: '', reloadable: true, doc: 'where the stop hook writes its sum' },
    stop_delay_ms: { kind: 'int', default: 0, min: 0, reloadable: true, doc: 'simulated slow flush' },
    crash_on_start: { kind: 'bool', default: false, doc: 'fail every start' },
  },
} as const;

/** Role `counting` in file `counting.ini`, `count` counter actors. */
export function countingRole(count = 2): RoleEntry {
  return defineRole({
    role: 'counting',
    configFile: 'counting.ini',
    defaultAdminPort: 0,
    sections: testSections,
    spec: {
      role: 'counting',
      actors: [
        {
          kind: 'counter',
          module: COUNTER_ACTOR,
          figures: counterFigures,
          count,
          args: ({ config, index }) => ({
            label: config.test.label,
            ...(config.test.flush_file ? { flushFile: `${config.test.flush_file}.${index}` } : {}),
            ...(config.test.stop_delay_ms ? { stopDelayMs: config.test.stop_delay_ms } : {}),
            ...(config.test.crash_on_start ? { crashOnStart: true } : {}),
          }),
        },
      ],
    },
  });
}

/** A signal source tests fire by hand. */
export class FakeSignals {
  private readonly listeners = new Map<NodeJS.Signals, Array<() => void>>();
  on(signal: NodeJS.Signals, listener: () => void): void {
    this.listeners.set(signal, [...(this.listeners.get(signal) ?? []), listener]);
  }
  off(signal: NodeJS.Signals, listener: () => void): void {
    this.listeners.set(signal, (this.listeners.get(signal) ?? []).filter((l) => l !== listener));
  }
  emit(signal: NodeJS.Signals): void {
    for (const l of this.listeners.get(signal) ?? []) l();
  }
  count(signal: NodeJS.Signals): number {
    return this.listeners.get(signal)?.length ?? 0;
  }
}
