/**
 * How a role is described to the supervisor: which actor kinds it runs, how
 * many of each, their start arguments (computed from the role's parsed
 * config), and which kinds get direct channels to each other.
 */
import type { FigureTable } from '../admin/figureTable.js';
import type { MailboxSettings } from './workerBoot.js';
import type { ThreadPlacement } from './actorThreadPool.js';

export interface SpawnContext<C> {
  /** The role's parsed config (its ini sections, typed by the role). */
  config: C;
  /** Instance number within the kind. */
  index: number;
  /** `--store` URL, when given. */
  store: string | undefined;
}

export interface ActorSpec<C> {
  /** Kind name, e.g. `udp-server`; instances are named `kind` or `kind-i`. */
  kind: string;
  /** URL of the module whose default export is the actor (use siblingModule). */
  module: string;
  /** Instances of this kind (default 1). */
  count?: number;
  /** Start arguments for one instance; structured-cloneable. Recomputed on reload. */
  args?: (ctx: SpawnContext<C>) => unknown;
  /**
   * `own`: each instance on a worker thread of its own (an actor that wants a
   * core, such as the agent's UDP servers); `shared` (default): placed on the
   * process's pool of shared actor threads ([supervisor] workers).
   */
  thread?: ThreadPlacement;
  /** Overrides of the role's mailbox settings for links to and from this kind. */
  mailbox?: Partial<MailboxSettings>;
  /** How the figures the actor's metrics() reports become metrics; figures not declared here are left out of /metrics. */
  figures?: FigureTable;
}

export interface RoleSpec<C> {
  role: string;
  /** Started together; stopped kind by kind in this order, so list ingress actors first and sinks last. */
  actors: Array<ActorSpec<C>>;
  /** Pairs of kinds wired with one MessageChannel per instance pair. */
  links?: Array<readonly [string, string]>;
}

/** A role spec with its config type erased, as the supervisor holds it. */
export type AnyRoleSpec = RoleSpec<unknown>;

/** Erases `C` where specs are collected (the registry); the args functions keep their own typing. */
export function eraseConfigType<C>(spec: RoleSpec<C>): AnyRoleSpec {
  return spec as unknown as AnyRoleSpec;
}
