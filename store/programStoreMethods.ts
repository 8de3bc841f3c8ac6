/**
 * The store methods written once for both backends as store programs
 * (registration leases, key names, routing rules), and their delegations:
 * each backend extends this and calls `usePrograms` once its runner, schema
 * cache and dialect exist.
 */
import type { CachedLiveSchema } from './liveSchema.js';
import type { LeaseDialect } from './lease/leaseSql.js';
import type { Program } from './lease/storeProgram.js';
import { LeaseMethods } from './lease/leaseMethods.js';
import { leaseTablesOrThrow } from './lease/leaseTables.js';
import { KeyNameMethods } from './names/keyNameMethods.js';
import { RouteRuleMethods } from './rules/routeRuleMethods.js';
import { hasAuditTable } from './routeAudit.js';
import type { DrainEdit, ExpiryPolicy, HostKey, HostState, LeaseEdit, LeaseFilter, LeaseOp, LeaseRenewal, RenewResult, SweepResult } from './leaseStore.js';
import type { KeyName, NameEdit } from './keyNameStore.js';
import type { KeyRuleSet, RulesEdit } from './routeRuleStore.js';
import type { RouteFilter, RouteKey } from './routeTypes.js';
import type { RouteRule } from '../proto/routeRule.js';

export interface ProgramRunner {
  read<T>(what: string, program: () => Program<T>): Promise<T>;
  edit<T>(what: string, program: () => Program<T>): Promise<T>;
}

export abstract class ProgramStoreMethods {
  protected leases!: LeaseMethods;
  private names!: KeyNameMethods;
  private rules!: RouteRuleMethods;

  protected usePrograms(runner: ProgramRunner, live: CachedLiveSchema, dialect: LeaseDialect, now: () => number): void {
    this.leases = new LeaseMethods({ ...runner, requireTables: () => leaseTablesOrThrow(live), hasAuditTable: () => hasAuditTable(live) }, dialect);
    this.names = new KeyNameMethods(runner, live, dialect, now);
    this.rules = new RouteRuleMethods(runner, live, dialect, now);
  }

  // LeaseStore (lease/leaseMethods.ts).
  applyLeases = (replica: string, ops: readonly LeaseOp[]): Promise<LeaseEdit> => this.leases.applyLeases(replica, ops);
  renewLeases = (renewals: readonly LeaseRenewal[]): Promise<RenewResult> => this.leases.renewLeases(renewals);
  expireLapsed = (policy: ExpiryPolicy): Promise<SweepResult> => this.leases.expireLapsed(policy);
  drainHost = (host: HostKey, who: string): Promise<DrainEdit> => this.leases.drainHost(host, who);
  enableHost = (host: HostKey, who?: string): Promise<DrainEdit> => this.leases.enableHost(host, who);
  listHostStates = (filter?: LeaseFilter): Promise<HostState[]> => this.leases.listHostStates(filter);
  // KeyNameStore (names/keyNameMethods.ts).
  setKeyName = (key: RouteKey, name: string, who?: string): Promise<NameEdit> => this.names.setKeyName(key, name, who);
  clearKeyName = (key: RouteKey, who?: string): Promise<NameEdit> => this.names.clearKeyName(key, who);
  listKeyNames = (): Promise<KeyName[]> => this.names.listKeyNames();
  keyOfName = (name: string): Promise<RouteKey | undefined> => this.names.keyOfName(name);
  // RouteRuleStore (rules/routeRuleMethods.ts).
  setRules = (key: RouteKey, rules: readonly RouteRule[], who?: string): Promise<RulesEdit> => this.rules.setRules(key, rules, who);
  listRules = (filter?: RouteFilter): Promise<KeyRuleSet[]> => this.rules.listRules(filter);
  rulesOf = (keys: readonly RouteKey[]): Promise<KeyRuleSet[]> => this.rules.rulesOf(keys);
}
