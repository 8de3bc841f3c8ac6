/**
 * LeaseStore written once over a backend's two ways of running a program:
 * `read` (statements on their own) and `edit` (one transaction, re-run whole
 * on a conflict). Values are checked here, before any SQL.
 */
import type { DrainEdit, ExpiryPolicy, HostKey, HostState, LeaseEdit, LeaseFilter, LeaseOp, LeaseRenewal, LeaseStore, RenewResult, SweepResult } from '../leaseStore.js';
import { MAX_CHECK_DETAIL, MAX_OWNER_LENGTH, MAX_TTL_MS, MIN_TTL_MS } from '../leaseStore.js';
import { StoreError } from '../storeError.js';
import { SQL, checkHostArgs, checkRoutableHost, noVersionRow } from '../routeSql.js';
import { checkWeight } from '../validateValues.js';
import { query, type Program } from './storeProgram.js';
import { hostId, type LeaseDialect } from './leaseSql.js';
import { applyLeasesProgram, drainProgram, enableProgram, expireProgram } from './leaseEdits.js';
import { listHostStatesProgram, renewProgram, sweepCountsProgram, withheldProgram } from './leaseReads.js';
import { decideExpiry } from './expiryDecision.js';
import { editorText } from '../routeAudit.js';

export interface ProgramRunner {
  read<T>(what: string, program: () => Program<T>): Promise<T>;
  edit<T>(what: string, program: () => Program<T>): Promise<T>;
  /** Rejects with STORE_NO_SCHEMA while RouteLease / RouteDrain are missing. */
  requireTables(): Promise<void>;
  /** Whether RouteAudit exists (drain and enable are audited edits). */
  hasAuditTable(): Promise<boolean>;
}

function checkText(field: string, value: string, max: number): void {
  if (value.length === 0 || value.length > max) throw new StoreError('STORE_BAD_DATA', `${field} ${JSON.stringify(value.slice(0, 80))}: expected 1 to ${max} characters`);
}

function checkHost(h: HostKey): void {
  checkHostArgs(h.modid, h.cmdid, h.ip, h.port);
}

function checkOp(op: LeaseOp): LeaseOp {
  checkText('owner', op.owner, MAX_OWNER_LENGTH);
  if (op.type === 'deregister') {
    checkHost(op.host);
    return op;
  }
  const i = op.instance;
  checkHost(i);
  checkRoutableHost(i.ip);
  checkWeight('weight', i.weight);
  if (!Number.isInteger(i.ttlMs) || i.ttlMs < MIN_TTL_MS || i.ttlMs > MAX_TTL_MS) throw new StoreError('STORE_BAD_DATA', `ttlMs ${i.ttlMs}: expected ${MIN_TTL_MS} to ${MAX_TTL_MS}`);
  return i.detail.length > MAX_CHECK_DETAIL ? { ...op, instance: { ...i, detail: i.detail.slice(0, MAX_CHECK_DETAIL) } } : op;
}

export class LeaseMethods implements LeaseStore {
  constructor(private readonly run: ProgramRunner, private readonly dialect: LeaseDialect) {}

  async applyLeases(replica: string, ops: readonly LeaseOp[]): Promise<LeaseEdit> {
    checkText('replica', replica, MAX_OWNER_LENGTH);
    const checked = ops.map(checkOp);
    await this.run.requireTables();
    if (checked.length === 0) return { results: [], changedKeys: [], version: await this.run.read('applyLeases', versionOnly) };
    return this.run.edit('applyLeases', () => applyLeasesProgram(this.dialect, replica, checked));
  }

  async renewLeases(renewals: readonly LeaseRenewal[]): Promise<RenewResult> {
    for (const r of renewals) {
      checkText('owner', r.owner, MAX_OWNER_LENGTH);
      checkHost(r.host);
      const ago = r.heardAgoMs;
      if (ago !== undefined && !(Number.isFinite(ago) && ago >= 0)) throw new StoreError('STORE_BAD_DATA', `heardAgoMs ${ago}: expected a number of ms, 0 or more`);
    }
    if (renewals.length === 0) return { renewed: 0, missing: [], moved: [] };
    await this.run.requireTables();
    return this.run.read('renewLeases', () => renewProgram(this.dialect, renewals));
  }

  async expireLapsed(policy: ExpiryPolicy): Promise<SweepResult> {
    if (!(policy.protectShare >= 0 && policy.protectShare <= 1)) throw new StoreError('STORE_BAD_DATA', `protectShare ${policy.protectShare}: expected 0 to 1`);
    await this.run.requireTables();
    const counts = await this.run.read('sweep', () => sweepCountsProgram(this.dialect));
    const paused = decideExpiry(counts, policy);
    if (paused || counts.lapsed === 0) return { ...counts, paused, expired: 0, version: undefined };
    return { ...counts, paused, ...(await this.run.edit('expireLapsed', () => expireProgram(this.dialect))) };
  }

  async drainHost(host: HostKey, who: string): Promise<DrainEdit> {
    checkHost(host);
    checkText('who', who, MAX_OWNER_LENGTH);
    await this.run.requireTables();
    const audited = await this.run.hasAuditTable();
    return this.run.edit('drainHost', () => drainProgram(this.dialect, host, who, audited));
  }

  async enableHost(host: HostKey, who?: string): Promise<DrainEdit> {
    checkHost(host);
    const editor = editorText(who);
    await this.run.requireTables();
    const audited = await this.run.hasAuditTable();
    return this.run.edit('enableHost', () => enableProgram(this.dialect, host, editor, audited));
  }

  async listHostStates(filter?: LeaseFilter): Promise<HostState[]> {
    await this.run.requireTables();
    return this.run.read('listHostStates', () => listHostStatesProgram(this.dialect, filter));
  }

  /**
   * The rows DNS serves: without drained hosts and static hosts failing
   * their check. Read after the rows, so an edit committed between the two
   * reads is seen by the next poll (it bumped the version) rather than lost.
   */
  async servedOnly<R extends HostKey>(rows: R[], hasTables: boolean): Promise<R[]> {
    if (!hasTables || rows.length === 0) return rows;
    const withheld = await this.run.read('withheld', withheldProgram);
    return withheld.size === 0 ? rows : rows.filter((r) => !withheld.has(hostId(r)));
  }
}

function* versionOnly(): Program<number> {
  const row = (yield* query(SQL.version))[0];
  if (!row) throw noVersionRow();
  return Number(row['version']);
}
