/**
 * RouteRuleStore written once for both backends, as store programs
 * (lease/storeProgram.ts) run by the store's `read` and `edit`. An edit takes
 * RouteVersion's lock first, like every route edit, so two edits of one
 * key's rules serialise and the second sees the first's rules as `previous`.
 * Rows keep each rule's text as ruleText prints it; a row a newer version
 * wrote that this one cannot read is left out of what is read, never fatal.
 */
import { parseRule, ruleText, rulesProblem, isRouteRuleError, type RouteRule } from '../../proto/routeRule.js';
import type { KeyRuleSet, RouteRuleStore, RulesEdit } from '../routeRuleStore.js';
import type { RouteFilter, RouteKey } from '../routeTypes.js';
import type { CachedLiveSchema } from '../liveSchema.js';
import type { LeaseDialect } from '../lease/leaseSql.js';
import { execute, query, type Param, type Program, type Row } from '../lease/storeProgram.js';
import { lockVersion, recordChanges } from '../lease/leaseEdits.js';
import { AUDIT_SQL, auditParams, editorText, hasAuditTable } from '../routeAudit.js';
import { checkInt32 } from '../validateValues.js';
import { StoreError } from '../storeError.js';

export const ROUTE_RULE_TABLE = 'RouteRule';

const RULE_SQL = {
  ofKey: 'SELECT rule FROM RouteRule WHERE modid = ? AND cmdid = ? ORDER BY position',
  insert: 'INSERT INTO RouteRule (modid, cmdid, position, rule) VALUES (?, ?, ?, ?)',
  deleteKey: 'DELETE FROM RouteRule WHERE modid = ? AND cmdid = ?',
} as const;

export interface RuleRunner {
  read<T>(what: string, program: () => Program<T>): Promise<T>;
  edit<T>(what: string, program: () => Program<T>): Promise<T>;
}

/** The audit row's detail: "rules split version=v2 5% -> (none)"; cut at the audit's length limit. */
export function rulesDetail(previous: readonly RouteRule[], next: readonly RouteRule[]): string {
  const text = (rules: readonly RouteRule[]) => (rules.length === 0 ? '(none)' : rules.map(ruleText).join('; '));
  return `rules ${text(previous)} -> ${text(next)}`;
}

/** The rules as the store writes them, or STORE_BAD_DATA in the rule's own words. */
function checkedTexts(rules: readonly RouteRule[]): string[] {
  try {
    // Printing and reading back checks every field as typed text would be.
    const texts = rules.map((r) => ruleText(parseRule(ruleText(r))));
    const problem = rulesProblem(texts.map(parseRule));
    if (problem !== undefined) throw new StoreError('STORE_BAD_DATA', problem);
    return texts;
  } catch (err) {
    if (isRouteRuleError(err)) throw new StoreError('STORE_BAD_DATA', err.message, { cause: err });
    throw err;
  }
}

/** Rows as rules; one that does not read (written by a newer version) is left out. */
function rulesFromRows(rows: readonly Row[]): RouteRule[] {
  const out: RouteRule[] = [];
  for (const r of rows) {
    try {
      out.push(parseRule(String(r['rule'])));
    } catch (err) {
      if (!isRouteRuleError(err)) throw err;
    }
  }
  return out;
}

const KEYS_PER_READ = 400;

/** Rows sorted by (modid, cmdid, position) as one entry per key; keys left with no readable rule are left out. */
function groupRules(rows: readonly Row[]): KeyRuleSet[] {
  const out: KeyRuleSet[] = [];
  for (const r of rows) {
    const modid = Number(r['modid']);
    const cmdid = Number(r['cmdid']);
    const last = out[out.length - 1];
    const rule = rulesFromRows([r]);
    if (last !== undefined && last.modid === modid && last.cmdid === cmdid) last.rules.push(...rule);
    else out.push({ modid, cmdid, rules: rule });
  }
  return out.filter((k) => k.rules.length > 0);
}

export class RouteRuleMethods implements RouteRuleStore {
  constructor(
    private readonly run: RuleRunner,
    private readonly live: CachedLiveSchema,
    private readonly dialect: LeaseDialect,
    private readonly now: () => number,
  ) {}

  async setRules(key: RouteKey, rules: readonly RouteRule[], who?: string): Promise<RulesEdit> {
    checkInt32('modid', key.modid);
    checkInt32('cmdid', key.cmdid);
    const texts = checkedTexts(rules);
    const editor = editorText(who);
    if (!(await this.hasTable())) throw new StoreError('STORE_NO_SCHEMA', 'the store has no RouteRule table (routing rules): run `lars db init`');
    const audited = await hasAuditTable(this.live);
    return this.run.edit('setRules', () => this.setProgram(key, texts, editor, audited));
  }

  async listRules(filter?: RouteFilter): Promise<KeyRuleSet[]> {
    if (!(await this.hasTable())) return [];
    const where: string[] = [];
    const params: Param[] = [];
    if (filter?.modid !== undefined) {
      where.push('modid = ?');
      params.push(checkInt32('modid', filter.modid));
    }
    if (filter?.cmdid !== undefined) {
      where.push('cmdid = ?');
      params.push(checkInt32('cmdid', filter.cmdid));
    }
    const sql = `SELECT modid, cmdid, rule FROM RouteRule${where.length > 0 ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY modid, cmdid, position`;
    return groupRules(await this.run.read('listRules', () => query(sql, params)));
  }

  async rulesOf(keys: readonly RouteKey[]): Promise<KeyRuleSet[]> {
    if (keys.length === 0 || !(await this.hasTable())) return [];
    const out: KeyRuleSet[] = [];
    // A few hundred keys per statement keeps every backend well inside its parameter limit.
    for (let i = 0; i < keys.length; i += KEYS_PER_READ) {
      const part = keys.slice(i, i + KEYS_PER_READ);
      const params = part.flatMap((k) => [checkInt32('modid', k.modid), checkInt32('cmdid', k.cmdid)]);
      const sql = `SELECT modid, cmdid, rule FROM RouteRule WHERE ${part.map(() => '(modid = ? AND cmdid = ?)').join(' OR ')} ORDER BY modid, cmdid, position`;
      out.push(...groupRules(await this.run.read('rulesOf', () => query(sql, params))));
    }
    return out;
  }

  private *setProgram(key: RouteKey, texts: readonly string[], who: string, audited: boolean): Program<RulesEdit> {
    const current = yield* lockVersion(this.dialect);
    const previousRows = yield* query(RULE_SQL.ofKey, [key.modid, key.cmdid]);
    const previous = rulesFromRows(previousRows);
    const same = previousRows.length === texts.length && previousRows.every((r, i) => String(r['rule']) === texts[i]);
    if (same) return { status: 'unchanged', version: current, previous };
    yield* execute(RULE_SQL.deleteKey, [key.modid, key.cmdid]);
    for (const [position, text] of texts.entries()) yield* execute(RULE_SQL.insert, [key.modid, key.cmdid, position, text]);
    const atMs = this.now();
    const version = yield* recordChanges(current, [key], atMs);
    const detail = rulesDetail(previous, texts.map(parseRule));
    if (audited) yield* execute(AUDIT_SQL.insert, auditParams({ ...key, atMs, version, ip: 0, port: 0, action: 'rules', detail, who }));
    return { status: 'set', version, previous };
  }

  /** Read again while missing, so `lars db init` run beside a live console is picked up without a restart. */
  private async hasTable(): Promise<boolean> {
    const has = (await this.live.get()).hasTable(ROUTE_RULE_TABLE);
    if (!has) this.live.forget();
    return has;
  }
}
