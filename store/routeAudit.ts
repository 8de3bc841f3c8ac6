/**
 * The audit trail of route edits (RouteAudit): who changed which host of
 * which key, when and how, written in the edit's own transaction so a
 * committed edit always has its row and a rolled-back one never does. Read
 * by the console's key page (every console sees the same list) and by the
 * DNS route-watcher, which logs the edits it applies. Registrations,
 * renewals and expiry are not audited: they are the system's own traffic,
 * with counters of their own.
 */
import { StoreError } from './storeError.js';
import type { RouteKey } from './routeTypes.js';
import type { CachedLiveSchema } from './liveSchema.js';
import { hostFromDb } from './lease/leaseSql.js';

/** 'weight': the weight alone changed; 'set': the zone or tags changed (with or without the weight). */
export type AuditAction = 'add' | 'del' | 'weight' | 'set' | 'disable' | 'enable' | 'name' | 'rules';

export interface AuditEntry extends RouteKey {
  /** Epoch ms of the edit (the editing process's clock). */
  atMs: number;
  /** The RouteVersion the edit produced. */
  version: number;
  /** Host-order unsigned IPv4, as RouteData keeps it. */
  ip: number;
  port: number;
  action: AuditAction;
  /** What changed beyond the action, e.g. "weight 1 -> 5", "zone none -> eu-1, tags none -> version=v2"; '' when nothing more. */
  detail: string;
  /** Who and from where: "cli alice@build-3", "console 10.0.0.9", "api 127.0.0.1". */
  who: string;
}

/** An edit as a caller describes itself; absent means a caller that did not say. */
export const UNKNOWN_EDITOR = 'unknown';
export const MAX_WHO_LENGTH = 200;
export const MAX_DETAIL_LENGTH = 200;
/** Rows one read returns at most. */
export const MAX_AUDIT_READ = 1000;

export const AUDIT_SQL = {
  insert: 'INSERT INTO RouteAudit (at_ms, version, modid, cmdid, serverip, serverport, action, detail, who) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  // LIMIT is inlined (a checked integer): MySQL's prepared LIMIT placeholders differ between servers.
  ofKey: (limit: number) =>
    `SELECT at_ms, version, modid, cmdid, serverip, serverport, action, detail, who FROM RouteAudit WHERE modid = ? AND cmdid = ? ORDER BY id DESC LIMIT ${limit}`,
  since: (limit: number) =>
    `SELECT at_ms, version, modid, cmdid, serverip, serverport, action, detail, who FROM RouteAudit WHERE version > ? ORDER BY id LIMIT ${limit}`,
  prune: 'DELETE FROM RouteAudit WHERE at_ms < ?',
} as const;

/** `who` as stored: trimmed, control characters out, cut to its column; empty means unknown. */
export function editorText(who: string | undefined): string {
  if (who === undefined) return UNKNOWN_EDITOR;
  if (typeof who !== 'string') throw new StoreError('STORE_BAD_DATA', `who: expected text, got ${typeof who}`);
  // eslint-disable-next-line no-control-regex
  const clean = who.replace(/[\u0000-\u001f\u007f]/g, ' ').trim().slice(0, MAX_WHO_LENGTH);
  return clean === '' ? UNKNOWN_EDITOR : clean;
}

export function checkAuditLimit(limit: number): number {
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_AUDIT_READ) throw new StoreError('STORE_BAD_DATA', `limit ${limit}: expected 1 to ${MAX_AUDIT_READ}`);
  return limit;
}

/** The parameters of AUDIT_SQL.insert. */
export function auditParams(e: AuditEntry): Array<string | number> {
  return [e.atMs, e.version, e.modid, e.cmdid, e.ip, e.port, e.action, e.detail.slice(0, MAX_DETAIL_LENGTH), e.who];
}

export function auditFromDb(r: Record<string, unknown>): AuditEntry {
  return {
    atMs: Number(r['at_ms']),
    version: Number(r['version']),
    ...hostFromDb(r),
    // Kept as stored: a row a newer version wrote reads with its own word.
    action: String(r['action']) as AuditAction,
    detail: String(r['detail'] ?? ''),
    who: String(r['who'] ?? UNKNOWN_EDITOR),
  };
}

/** Whether the database has RouteAudit yet; read again while missing, so `lars db init` beside a live system is seen. */
export async function hasAuditTable(live: CachedLiveSchema): Promise<boolean> {
  const has = (await live.get()).hasTable('RouteAudit');
  if (!has) live.forget();
  return has;
}
