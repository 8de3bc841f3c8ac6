/**
 * Picking under a key's routing rules (keyRules.ts says which host groups a
 * call may try, preferred first): the next idle host of the first group that
 * has one, in turn or by weight as the plain picker does (subsetPicker.ts).
 * The agent and the embedded client run this same code.
 *
 * The groups are rebuilt when the key's hosts, their tags or its rules change
 * (a split's sequence then starts again); each group's idle members are read
 * again after an ejection or a return. Zones do not apply to a key with rules:
 * the rules decide where its calls go.
 */
import type { RouteRule } from '../../../proto/routeRule.js';
import type { HostInfo } from './hostInfo.js';
import { KeyRules } from './keyRules.js';
import { SubsetPicker } from './subsetPicker.js';

export class RulePicker {
  private rules: readonly RouteRule[] = [];
  private keyRules: KeyRules<HostInfo> | null = null;
  /** Per order of keyRules, a picker per group over its idle members; null until first needed after a change. */
  private pickers: (SubsetPicker[] | null)[] = [];

  /** False: the key has no rules. */
  get active(): boolean {
    return this.keyRules !== null;
  }

  /** New rules; true when they differ from the key's current ones. */
  setRules(rules: readonly RouteRule[]): boolean {
    if (sameRuleList(this.rules, rules)) return false;
    this.rules = rules;
    return true;
  }

  /** The key's hosts, their tags or its rules changed. */
  rebuild(hosts: Iterable<HostInfo>): void {
    this.keyRules = this.rules.length === 0 ? null : new KeyRules(this.rules, [...hosts]);
    this.pickers = this.keyRules === null ? [] : this.keyRules.orders.map(() => null);
  }

  /** A host was ejected or returned, or a weight or ramp changed: groups read their idle members again. */
  idleChanged(): void {
    this.pickers.fill(null);
  }

  /** The next idle host for a caller with `callerTags`; null when no host of the key is idle. */
  pick(callerTags: readonly string[] | undefined, now: number, slowStartMs: number): HostInfo | null {
    const keyRules = this.keyRules;
    if (keyRules === null) return null;
    const i = keyRules.routeIndex(callerTags);
    let pickers = this.pickers[i];
    if (pickers === null || pickers === undefined) {
      pickers = (keyRules.orders[i] ?? []).map((group) => {
        const p = new SubsetPicker();
        p.reset(group.filter((h) => !h.overload), now, slowStartMs);
        return p;
      });
      this.pickers[i] = pickers;
    }
    for (const p of pickers) {
      const h = p.pick(now, slowStartMs);
      if (h !== null) return h;
    }
    return null;
  }
}

function sameRuleList(a: readonly RouteRule[], b: readonly RouteRule[]): boolean {
  return a.length === b.length && a.every((r, i) => JSON.stringify(r) === JSON.stringify(b[i]));
}
