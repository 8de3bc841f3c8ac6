/** Why a role refuses to start or stops on its own, and why a call to one of its actors is refused. */
import { CodedError } from '../errors.js';
import type { SlotState } from './actorSlot.js';

export class CrashLoopError extends CodedError {
  constructor(role: string, actor: string, crashes: number, windowMs: number, last: string) {
    super('CRASH_LOOP', `role ${role}: ${crashes} actor crashes within ${windowMs} ms (last: ${actor}: ${last}); stopping the role`);
  }
}

/**
 * An actor crashed before its role had ever finished starting (port taken,
 * bad store path, ...): such a failure repeats on every restart, so the role
 * stops at once with the actor's own message instead of a restart loop.
 */
export class StartFailedError extends CodedError {
  constructor(role: string, actor: string, reason: string) {
    super('START_FAILED', `${role}/${actor} could not start: ${reason}`);
  }
}

/** Why a role stopped on its own. */
export type RoleFailure = CrashLoopError | StartFailedError;

export class BadRoleSpecError extends CodedError {
  constructor(role: string, problem: string) {
    super('BAD_ROLE_SPEC', `role ${role}: ${problem}`);
  }
}

export class ActorNotRunningError extends CodedError {
  constructor(role: string, actor: string, state: SlotState) {
    super('ACTOR_NOT_RUNNING', `${role}/${actor} is ${state}`);
  }
}
