/**
 * What the supervisor needs to run a role: its config file and sections
 * (beyond the [admin] and [supervisor] sections every role has), its default
 * admin port, and the actor spec built from its parsed config.
 */
import type { SectionSpec, SectionValues } from '../../runtime/config/configSchema.js';
import { eraseConfigType, type AnyRoleSpec, type RoleSpec } from '../../runtime/actors/actorSpec.js';
import type { RoleSupervisor } from '../../runtime/actors/roleSupervisor.js';
import type { AdminRoute } from '../../runtime/admin/adminServer.js';

/** What a role's admin routes may use: its running supervisor and the control-call bound ([supervisor] stats_timeout_ms). */
export interface AdminRouteContext {
  supervisor: RoleSupervisor;
  timeoutMs: () => number;
}

export type RoleName = 'dns' | 'reporter' | 'agent' | 'console';

/** Parsed values of a role's own sections, e.g. `{ loadbalance: { probe_num: number, ... } }`. */
export type RoleSections<S extends Record<string, SectionSpec>> = { [K in keyof S]: SectionValues<S[K]> };

/**
 * A family of sections the role reads itself, such as the agent's
 * `[service.NAME]` (ini nests them under `name`): `load` turns them (and
 * whatever else it reads beside `file`) into `sections[name]`. Always
 * reloadable: a reload takes the fresh value whole.
 */
export interface NamedSections<V extends Record<string, unknown> = Record<string, unknown>> {
  name: string;
  load: (raw: Record<string, unknown> | undefined, file: string) => V;
  /** The keys of one `[name.NAME]` section, for `lars config --markdown` and the README. */
  spec: SectionSpec;
  /** Lines of the commented example `lars config` (and the shipped file) ends with. */
  example: readonly string[];
}

export interface RoleEntry {
  role: string;
  /** File name inside the --conf directory. */
  configFile: string;
  /** [admin] admin_port when the file does not set it. */
  defaultAdminPort: number;
  /** The role's own sections; actors receive them parsed as `config`. */
  sections: Record<string, SectionSpec>;
  spec: AnyRoleSpec;
  /** GET routes the role adds to the admin server, by path (the agent's `/lb`). */
  adminRoutes?: (ctx: AdminRouteContext) => Record<string, AdminRoute>;
  /**
   * Roles that, when the same process runs them, start first: the agent's
   * links then find DNS and reporter listening, and say so before `started`.
   */
  startsAfter?: string[];
  namedSections?: NamedSections;
}

/** Keeps the link between a role's section specs and the config type its actors' `args` see. */
export function defineRole<S extends Record<string, SectionSpec>, N extends string = never, V extends Record<string, unknown> = never>(entry: {
  role: string;
  configFile: string;
  defaultAdminPort: number;
  sections: S;
  namedSections?: NamedSections<V> & { name: N };
  spec: RoleSpec<RoleSections<S> & { [K in N]: V }>;
  adminRoutes?: (ctx: AdminRouteContext) => Record<string, AdminRoute>;
  startsAfter?: string[];
}): RoleEntry {
  const { namedSections, ...rest } = entry;
  return { ...rest, ...(namedSections === undefined ? {} : { namedSections: namedSections as NamedSections }), spec: eraseConfigType(entry.spec) };
}
