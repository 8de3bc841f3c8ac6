/**
 * Routing rules of one key (ours, not the original's): what they are, their
 * one-line text and the checks every entry point applies (CLI, console,
 * store, DNS). Two kinds:
 *
 *   split version=v2 5%            5 % of calls go to hosts tagged version=v2,
 *                                  the rest to hosts without that tag
 *   match env=test -> env=test     callers tagged env=test go to hosts tagged
 *                                  env=test while one is idle, else to the rest
 *
 * Several tags are joined by commas and must all be present. Why a one-line
 * text and not JSON: a rule is typed in a shell argument or a console field,
 * where a line reads as what it does and needs no quoting of braces; scripts
 * get the parsed form from `--json`.
 */
import { CodedError } from '../runtime/errors.js';
import { checkHostMeta, tagsProblem } from './hostMeta.js';

/** Shares are kept in basis points (0.01 %) so that 0.5 % is exact. */
export const FULL_SHARE = 10_000;
export const MAX_RULES = 16;

export type RouteRule =
  | { readonly type: 'split'; readonly hostTags: readonly string[]; readonly basisPoints: number }
  | { readonly type: 'match'; readonly callerTags: readonly string[]; readonly hostTags: readonly string[] };

export class RouteRuleError extends CodedError {
  declare readonly code: 'BAD_RULE';

  constructor(message: string) {
    super('BAD_RULE', message);
  }
}

const quoted = (s: string): string => JSON.stringify(s);
const SHARE = /^(\d{1,3})(?:\.(\d{1,2}))?%$/;

/** The tags of a rule as a host's are kept (sorted by key), so that a rule's tags compare as a host's do. */
function tagList(text: string, whole: string): readonly string[] {
  const tags = text.split(',');
  const problem = tagsProblem(tags);
  if (problem !== undefined) throw new RouteRuleError(`rule ${quoted(whole)}: ${problem}`);
  return checkHostMeta({ tags }).tags ?? [];
}

/** Reads one rule as typed; throws RouteRuleError naming the text and what is wrong with it. */
export function parseRule(text: string): RouteRule {
  const words = text.trim().split(/\s+/);
  const [kind, ...rest] = words;
  if (kind === 'split') {
    const [tags, share, extra] = rest;
    const m = share === undefined ? null : SHARE.exec(share);
    if (tags === undefined || !m || extra !== undefined) throw new RouteRuleError(`rule ${quoted(text)}: write split TAG[,TAG...] PERCENT%, e.g. "split version=v2 5%"`);
    const basisPoints = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
    if (basisPoints <= 0 || basisPoints > FULL_SHARE) throw new RouteRuleError(`rule ${quoted(text)}: the share must be above 0% and at most 100%`);
    return { type: 'split', hostTags: tagList(tags, text), basisPoints };
  }
  if (kind === 'match') {
    const [caller, arrow, hosts, extra] = rest;
    if (caller === undefined || arrow !== '->' || hosts === undefined || extra !== undefined) {
      throw new RouteRuleError(`rule ${quoted(text)}: write match CALLER_TAG[,...] -> HOST_TAG[,...], e.g. "match env=test -> env=test"`);
    }
    return { type: 'match', callerTags: tagList(caller, text), hostTags: tagList(hosts, text) };
  }
  throw new RouteRuleError(`rule ${quoted(text)}: a rule starts with "split" or "match"`);
}

function shareText(basisPoints: number): string {
  const whole = Math.floor(basisPoints / 100);
  const part = basisPoints % 100;
  return part === 0 ? `${whole}%` : `${whole}.${String(part).padStart(2, '0').replace(/0$/, '')}%`;
}

/** The rule's one-line text; parseRule(ruleText(r)) gives r back. */
export function ruleText(rule: RouteRule): string {
  if (rule.type === 'split') return `split ${rule.hostTags.join(',')} ${shareText(rule.basisPoints)}`;
  return `match ${rule.callerTags.join(',')} -> ${rule.hostTags.join(',')}`;
}

/**
 * What a peer sent, read leniently as hosts' tags are: a line that does not
 * read, a rule seen before, one past the 16th or a split that would take the
 * shares past 100 % is left out, never the whole list.
 */
export function rulesFromWire(texts: readonly string[] | null | undefined): RouteRule[] {
  const out: RouteRule[] = [];
  const seen = new Set<string>();
  let shares = 0;
  for (const text of texts ?? []) {
    if (out.length === MAX_RULES) break;
    let rule: RouteRule;
    try {
      rule = parseRule(text);
    } catch {
      continue;
    }
    const canonical = ruleText(rule);
    if (seen.has(canonical)) continue;
    if (rule.type === 'split' && shares + rule.basisPoints > FULL_SHARE) continue;
    if (rule.type === 'split') shares += rule.basisPoints;
    seen.add(canonical);
    out.push(rule);
  }
  return out;
}

/** Why these rules cannot be one key's rules together (too many, splits over 100 %, one twice), or undefined. */
export function rulesProblem(rules: readonly RouteRule[]): string | undefined {
  if (rules.length > MAX_RULES) return `${rules.length} rules: at most ${MAX_RULES} per key`;
  const texts = rules.map(ruleText);
  if (new Set(texts).size !== texts.length) return 'a rule is given twice';
  const splits = rules.reduce((sum, r) => sum + (r.type === 'split' ? r.basisPoints : 0), 0);
  if (splits > FULL_SHARE) return `the splits add up to ${shareText(splits)}: at most 100%`;
  return undefined;
}

export function isRouteRuleError(err: unknown): err is RouteRuleError {
  return err instanceof RouteRuleError;
}
