/**
 * Where one call of a key may go under the key's routing rules: an ordered
 * list of host groups; the balancer picks among the idle hosts of the first
 * group that has one, as it does among all hosts when the key has no rules.
 *
 * - A match rule applies to callers carrying all of its caller tags: its
 *   hosts first, then every other host (the fallback while none is idle).
 *   The first match rule that applies wins; splits do not apply then.
 * - Splits share the other calls out: each split's hosts (those with all of
 *   its tags, not already in an earlier split) get its share, the hosts of
 *   no split get what is left. A split whose hosts are all gone gives its
 *   share back to the rest. After the chosen group come the rest, then the
 *   other splits, so a canary with no idle host sends its calls to the rest.
 *
 * Shares are dealt by smooth weighted round-robin over the groups (the rule
 * swrr.ts applies to hosts): 5 % is one call in twenty, evenly spaced, and
 * the same sequence on every run, with no random and no clock. A route or
 * rule push builds a new KeyRules, which starts the sequence again.
 */
import { FULL_SHARE, type RouteRule } from '../../../proto/routeRule.js';

export interface RuleHost {
  readonly tags?: readonly string[] | undefined;
}

type Order<H> = readonly (readonly H[])[];

interface SplitGroup {
  readonly share: number;
  current: number;
  /** Index into `orders`. */
  readonly order: number;
}

interface MatchRoute {
  readonly callerTags: readonly string[];
  readonly order: number;
}

const hasAll = (have: readonly string[] | undefined, wanted: readonly string[]): boolean => wanted.every((t) => have?.includes(t) === true);

/** `first` and then each non-empty group of `rest` not already listed. */
function orderOf<H>(first: readonly H[], rest: readonly (readonly H[])[]): Order<H> {
  const out: (readonly H[])[] = [];
  for (const g of [first, ...rest]) if (g.length > 0 && !out.includes(g)) out.push(g);
  return out;
}

export class KeyRules<H extends RuleHost> {
  /** Every order a call may get, built once: route() answers an index into it (the picker keeps one picker list per order). */
  readonly orders: Order<H>[] = [];
  private readonly matches: MatchRoute[] = [];
  private readonly splits: SplitGroup[] = [];
  private readonly plain: number;

  constructor(rules: readonly RouteRule[], hosts: readonly H[]) {
    this.plain = this.add([hosts]);
    for (const r of rules) {
      if (r.type !== 'match') continue;
      const matched = hosts.filter((h) => hasAll(h.tags, r.hostTags));
      this.matches.push({ callerTags: r.callerTags, order: this.add(orderOf(matched, [hosts.filter((h) => !matched.includes(h))])) });
    }
    const taken = new Set<H>();
    const groups: { share: number; hosts: H[] }[] = [];
    for (const r of rules) {
      if (r.type !== 'split') continue;
      const mine = hosts.filter((h) => !taken.has(h) && hasAll(h.tags, r.hostTags));
      for (const h of mine) taken.add(h);
      if (mine.length > 0) groups.push({ share: r.basisPoints, hosts: mine });
    }
    if (groups.length === 0) return;
    const rest = hosts.filter((h) => !taken.has(h));
    const given = groups.reduce((sum, g) => sum + g.share, 0);
    const all = [rest, ...groups.map((g) => g.hosts)];
    if (rest.length > 0 && given < FULL_SHARE) this.splits.push({ share: FULL_SHARE - given, current: 0, order: this.add(orderOf(rest, all)) });
    for (const g of groups) this.splits.push({ share: g.share, current: 0, order: this.add(orderOf(g.hosts, all)) });
  }

  /** The groups to try for a call from a caller with `callerTags`, preferred first. */
  route(callerTags?: readonly string[]): Order<H> {
    return this.orders[this.routeIndex(callerTags)] as Order<H>;
  }

  /** As route(), as an index into `orders`; moves a split's sequence on by one call. */
  routeIndex(callerTags?: readonly string[]): number {
    if (callerTags !== undefined && callerTags.length > 0) {
      for (const m of this.matches) if (hasAll(callerTags, m.callerTags)) return m.order;
    }
    const groups = this.splits;
    if (groups.length === 0) return this.plain;
    let best = groups[0] as SplitGroup;
    let total = 0;
    for (const g of groups) {
      g.current += g.share;
      total += g.share;
      if (g.current > best.current) best = g;
    }
    best.current -= total;
    return best.order;
  }

  private add(order: Order<H>): number {
    this.orders.push(order);
    return this.orders.length - 1;
  }
}
