/**
 * Routing rules of route keys (RouteRule: a key's rules in order, each in its
 * one-line text, proto/routeRule.ts), kept beside the routes. Setting a key's
 * rules is an audited route edit: one transaction replaces them, writes a
 * RouteChange row for the key and bumps RouteVersion, so DNS replicas see the
 * key changed as they see a host edit. Every method rejects with a StoreError
 * (rules that break proto/routeRule.ts: STORE_BAD_DATA, in its words).
 */
import type { RouteRule } from '../proto/routeRule.js';
import type { RouteFilter, RouteKey } from './routeTypes.js';

export interface KeyRuleSet extends RouteKey {
  rules: RouteRule[];
}

/**
 * Outcome of setRules. `set`: committed, `version` is the new RouteVersion and
 * `previous` the rules the key had. `unchanged`: the key already had exactly
 * these rules in this order; nothing written.
 */
export interface RulesEdit {
  status: 'set' | 'unchanged';
  version: number;
  previous: RouteRule[];
}

export interface RouteRuleStore {
  /** Replaces the key's rules ([] removes them); one transaction with its RouteChange, version bump and RouteAudit row. */
  setRules(key: RouteKey, rules: readonly RouteRule[], who?: string): Promise<RulesEdit>;
  /** Keys that have rules, by (modid, cmdid), optionally filtered; [] before `lars db init` made RouteRule. */
  listRules(filter?: RouteFilter): Promise<KeyRuleSet[]>;
  /** The rules of these keys, for those that have any (what DNS pushes with their hosts); [] before `lars db init`. */
  rulesOf(keys: readonly RouteKey[]): Promise<KeyRuleSet[]>;
}
