/** Role specs and supervision settings for tests, over the counter test actor. */
import { siblingModule } from '../../runtime/actors/moduleUrl.js';
import type { RoleSpec } from '../../runtime/actors/actorSpec.js';
import type { SupervisionSettings } from '../../runtime/actors/roleSupervisor.js';
import type { CounterArgs } from './actors/counterProtocol.js';

export const COUNTER_ACTOR = siblingModule(import.meta.url, './actors/counterActor');

export interface TestConfig {
  label: string;
  flushFile?: string;
  stopDelayMs?: number;
  crashOnStart?: boolean;
}

export function counterArgs(c: TestConfig, suffix = ''): CounterArgs {
  const args: CounterArgs = { label: `${c.label}${suffix}` };
  if (c.flushFile !== undefined) args.flushFile = `${c.flushFile}${suffix}`;
  if (c.stopDelayMs !== undefined) args.stopDelayMs = c.stopDelayMs;
  if (c.crashOnStart) args.crashOnStart = true;
  return args;
}

/** `front` ×2 linked to one `back`. */
export function frontBackRole(): RoleSpec<TestConfig> {
  return {
    role: 'test',
    actors: [
      { kind: 'front', module: COUNTER_ACTOR, count: 2, args: ({ config, index }) => counterArgs({ label: config.label }, `.front${index}`) },
      { kind: 'back', module: COUNTER_ACTOR, args: ({ config }) => counterArgs(config) },
    ],
    links: [['front', 'back']],
  };
}

export function soloRole(role = 'solo'): RoleSpec<TestConfig> {
  return { role, actors: [{ kind: 'solo', module: COUNTER_ACTOR, args: ({ config }) => counterArgs(config) }] };
}

/** Actors on worker threads, as on a machine of four cores or more, whatever this one has (mainThreadPlacement.test.ts covers the main thread). */
export function testSettings(overrides: Partial<SupervisionSettings['restart']> = {}): SupervisionSettings {
  return {
    workers: 1,
    ownThreads: true,
    restart: { backoffMinMs: 10, backoffMaxMs: 100, crashLimit: 5, crashWindowMs: 60_000, ...overrides },
    startTimeoutMs: 20_000,
    mailbox: { capacity: 1024, overflow: 'drop', askTimeoutMs: 10_000, batching: true },
  };
}
