/**
 * KeyNameStore written once for both backends, as store programs
 * (lease/storeProgram.ts) run by the store's `read` and `edit` (one
 * transaction, re-run whole on a conflict). An edit takes RouteVersion's
 * lock first, like every route edit, so two consoles naming keys at once
 * serialise: the name check inside the transaction is the one that counts
 * (KeyName's unique name is the backstop). The name rule is store/keyName.ts.
 */
import type { KeyName, KeyNameStore, NameEdit } from '../keyNameStore.js';
import type { RouteKey } from '../routeTypes.js';
import type { CachedLiveSchema } from '../liveSchema.js';
import type { LeaseDialect } from '../lease/leaseSql.js';
import { execute, query, type Program } from '../lease/storeProgram.js';
import { lockVersion, recordChanges } from '../lease/leaseEdits.js';
import { AUDIT_SQL, auditParams, editorText, hasAuditTable } from '../routeAudit.js';
import { checkInt32 } from '../validateValues.js';
import { StoreError } from '../storeError.js';
import { isKeyNameError, parseKeyName } from '../keyName.js';

export const KEY_NAME_TABLE = 'KeyName';

const NAME_SQL = {
  ofKey: 'SELECT name FROM KeyName WHERE modid = ? AND cmdid = ?',
  keyOf: 'SELECT modid, cmdid FROM KeyName WHERE name = ?',
  all: 'SELECT modid, cmdid, name FROM KeyName ORDER BY modid, cmdid',
  insert: 'INSERT INTO KeyName (modid, cmdid, name) VALUES (?, ?, ?)',
  rename: 'UPDATE KeyName SET name = ? WHERE modid = ? AND cmdid = ?',
  delete: 'DELETE FROM KeyName WHERE modid = ? AND cmdid = ?',
} as const;

export interface NameRunner {
  read<T>(what: string, program: () => Program<T>): Promise<T>;
  edit<T>(what: string, program: () => Program<T>): Promise<T>;
}

/** The audit row's detail, which the DNS log and the key page show: "name orders.get", "name a -> b", "name a -> (none)". */
export function nameDetail(previous: string | undefined, next: string | undefined): string {
  return previous === undefined ? `name ${next ?? '(none)'}` : `name ${previous} -> ${next ?? '(none)'}`;
}

function checkKey(key: RouteKey): void {
  checkInt32('modid', key.modid);
  checkInt32('cmdid', key.cmdid);
}

/** The store speaks StoreError: a bad name is bad data, with the rule's own words. */
function storeName(text: string): string {
  try {
    return parseKeyName(text);
  } catch (err) {
    if (isKeyNameError(err)) throw new StoreError('STORE_BAD_DATA', err.message, { cause: err });
    throw err;
  }
}

function keyFromDb(r: Record<string, unknown>): RouteKey {
  return { modid: Number(r['modid']), cmdid: Number(r['cmdid']) };
}

export class KeyNameMethods implements KeyNameStore {
  constructor(
    private readonly run: NameRunner,
    private readonly live: CachedLiveSchema,
    private readonly dialect: LeaseDialect,
    private readonly now: () => number,
  ) {}

  async setKeyName(key: RouteKey, name: string, who?: string): Promise<NameEdit> {
    checkKey(key);
    const checked = storeName(name);
    const editor = editorText(who);
    await this.requireTable();
    const audited = await hasAuditTable(this.live);
    return this.run.edit('setKeyName', () => this.setProgram(key, checked, editor, audited));
  }

  async clearKeyName(key: RouteKey, who?: string): Promise<NameEdit> {
    checkKey(key);
    const editor = editorText(who);
    await this.requireTable();
    const audited = await hasAuditTable(this.live);
    return this.run.edit('clearKeyName', () => this.clearProgram(key, editor, audited));
  }

  async listKeyNames(): Promise<KeyName[]> {
    if (!(await this.hasTable())) return [];
    const rows = await this.run.read('listKeyNames', () => query(NAME_SQL.all));
    return rows.map((r) => ({ ...keyFromDb(r), name: String(r['name']) }));
  }

  async keyOfName(name: string): Promise<RouteKey | undefined> {
    const checked = storeName(name);
    if (!(await this.hasTable())) return undefined;
    const row = (await this.run.read('keyOfName', () => query(NAME_SQL.keyOf, [checked])))[0];
    return row === undefined ? undefined : keyFromDb(row);
  }

  private *setProgram(key: RouteKey, name: string, who: string, audited: boolean): Program<NameEdit> {
    const current = yield* lockVersion(this.dialect);
    const holderRow = (yield* query(NAME_SQL.keyOf, [name]))[0];
    const previous = yield* this.nameOf(key);
    if (holderRow !== undefined) {
      const holder = keyFromDb(holderRow);
      if (holder.modid === key.modid && holder.cmdid === key.cmdid) return { status: 'unchanged', version: current, previous };
      return { status: 'taken', version: current, holder, ...(previous === undefined ? {} : { previous }) };
    }
    if (previous === undefined) yield* execute(NAME_SQL.insert, [key.modid, key.cmdid, name]);
    else yield* execute(NAME_SQL.rename, [name, key.modid, key.cmdid]);
    const version = yield* this.recordEdit(current, key, nameDetail(previous, name), who, audited);
    return { status: 'set', version, ...(previous === undefined ? {} : { previous }) };
  }

  private *clearProgram(key: RouteKey, who: string, audited: boolean): Program<NameEdit> {
    const current = yield* lockVersion(this.dialect);
    const previous = yield* this.nameOf(key);
    if (previous === undefined) return { status: 'missing', version: current };
    yield* execute(NAME_SQL.delete, [key.modid, key.cmdid]);
    const version = yield* this.recordEdit(current, key, nameDetail(previous, undefined), who, audited);
    return { status: 'cleared', version, previous };
  }

  private *nameOf(key: RouteKey): Program<string | undefined> {
    const row = (yield* query(NAME_SQL.ofKey, [key.modid, key.cmdid]))[0];
    return row === undefined ? undefined : String(row['name']);
  }

  /** The key's RouteChange row and version bump (so the DNS log and consoles see the edit), and its audit row: a key edit, no host (0.0.0.0:0). */
  private *recordEdit(current: number, key: RouteKey, detail: string, who: string, audited: boolean): Program<number> {
    const atMs = this.now();
    const version = yield* recordChanges(current, [key], atMs);
    if (audited) yield* execute(AUDIT_SQL.insert, auditParams({ ...key, atMs, version, ip: 0, port: 0, action: 'name', detail, who }));
    return version;
  }

  /** Read again while missing, so `lars db init` run beside a live console is picked up without a restart. */
  private async hasTable(): Promise<boolean> {
    const has = (await this.live.get()).hasTable(KEY_NAME_TABLE);
    if (!has) this.live.forget();
    return has;
  }

  private async requireTable(): Promise<void> {
    if (!(await this.hasTable())) throw new StoreError('STORE_NO_SCHEMA', 'the store has no KeyName table (service names): run `lars db init`');
  }
}
