/**
 * The role registry: role name → how to run it. `--role all` runs every
 * entry, in this order, in one process.
 */
import { agentRole } from './agentRole.js';
import { consoleRole } from './consoleRole.js';
import { dnsRole } from './dnsRole.js';
import type { RoleEntry, RoleName } from './roleEntry.js';
import { reporterRole } from './reporterRole.js';

export type { RoleEntry, RoleName } from './roleEntry.js';
export { defineRole, type RoleSections } from './roleEntry.js';

export type RoleRegistry = Readonly<Record<RoleName, RoleEntry>>;

export const roles: RoleRegistry = {
  dns: dnsRole,
  reporter: reporterRole,
  agent: agentRole,
  console: consoleRole,
};

export const ROLE_NAMES: readonly RoleName[] = ['dns', 'reporter', 'agent', 'console'];
