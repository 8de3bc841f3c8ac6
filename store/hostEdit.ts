/**
 * What both stores do around an edit of one host's values (weight, zone,
 * tags): check the input (the weight range, proto/hostMeta.ts for zone and
 * tags, STORE_BAD_DATA otherwise), work out the row after the edit and the
 * audit line that says what changed, refuse a value the live RouteData
 * cannot hold (STORE_NO_SCHEMA: run `lars db init`), and the statements
 * that write it. The stores keep only their transactions.
 */
import { HostMetaError, tagsText, checkHostMeta, type HostMeta } from '../proto/hostMeta.js';
import type { RouteColumns } from './liveSchema.js';
import type { AuditAction } from './routeAudit.js';
import type { HostChange, RouteHost } from './routeTypes.js';
import { noMetaColumns, noWeightColumn } from './routeSql.js';
import { StoreError } from './storeError.js';
import { checkWeight } from './validateValues.js';

/** A host's values as a row holds them: no zone is '', no tags is []. */
export interface HostValues {
  weight: number;
  zone: string;
  tags: readonly string[];
}

function checkedMeta(meta: { zone?: string | undefined; tags?: readonly string[] | undefined }): HostMeta {
  for (const [name, value] of [['zone', meta.zone], ['tags', meta.tags]] as const) {
    if (value === undefined) continue;
    const ok = name === 'zone' ? typeof value === 'string' : Array.isArray(value) && value.every((x) => typeof x === 'string');
    if (!ok) throw new StoreError('STORE_BAD_DATA', `${name}: expected ${name === 'zone' ? 'text' : 'a list of key=value texts'}`);
  }
  try {
    return checkHostMeta(meta);
  } catch (err) {
    if (err instanceof HostMetaError) throw new StoreError('STORE_BAD_DATA', err.message);
    throw err;
  }
}

/** addHost's values, checked: the weight (default 1), zone and tags (default none). */
export function newHostValues(weight: number, meta: HostMeta | undefined): HostValues {
  checkWeight('weight', weight);
  const m = checkedMeta({ zone: meta?.zone, tags: meta?.tags });
  return { weight, zone: m.zone ?? '', tags: m.tags ?? [] };
}

/** A setHost change, checked; throws STORE_BAD_DATA naming the bad value. */
export function checkHostChange(change: HostChange): HostChange {
  if (change.weight !== undefined) checkWeight('weight', change.weight);
  const m = checkedMeta({ zone: change.zone ?? undefined, tags: change.tags ?? undefined });
  const out: HostChange = {};
  if (change.weight !== undefined) out.weight = change.weight;
  if (change.zone !== undefined) out.zone = m.zone ?? '';
  if (change.tags !== undefined) out.tags = m.tags ?? [];
  return out;
}

export function hostValuesOf(h: RouteHost): HostValues {
  return { weight: h.weight ?? 1, zone: h.zone ?? '', tags: h.tags ?? [] };
}

/** The host in store form with these values (weight only when not 1, zone and tags only when set). */
export function hostWith(ip: number, port: number, v: HostValues): RouteHost {
  const h: RouteHost = { ip, port };
  if (v.weight !== 1) h.weight = v.weight;
  if (v.zone !== '') h.zone = v.zone;
  if (v.tags.length > 0) h.tags = v.tags;
  return h;
}

const shown = (s: string): string => (s === '' ? 'none' : s);

export interface PlannedEdit {
  after: HostValues;
  /** 'weight' for a weight alone, as before zones; 'set' otherwise. */
  action: AuditAction;
  /** Old and new of what changed, for the audit: "weight 1 -> 5, zone none -> eu-1". */
  detail: string;
  /** The new values alone, for a refusal: "weight 5, zone eu-1". */
  what: string;
}

/** What an applied change does, or undefined when it changes nothing. */
export function plannedEdit(before: HostValues, change: HostChange): PlannedEdit | undefined {
  const after: HostValues = { weight: change.weight ?? before.weight, zone: change.zone ?? before.zone, tags: change.tags ?? before.tags };
  const detail: string[] = [];
  const what: string[] = [];
  const note = (name: string, was: string, now: string): void => {
    if (was === now) return;
    detail.push(`${name} ${shown(was)} -> ${shown(now)}`);
    what.push(`${name} ${shown(now)}`);
  };
  note('weight', String(before.weight), String(after.weight));
  note('zone', before.zone, after.zone);
  note('tags', tagsText(before.tags), tagsText(after.tags));
  if (detail.length === 0) return undefined;
  const weightOnly = detail.length === 1 && after.weight !== before.weight;
  return { after, action: weightOnly ? 'weight' : 'set', detail: detail.join(', '), what: what.join(', ') };
}

/** addHost's audit detail: what the host was added with beyond its address ('' for weight 1, no zone, no tags). */
export function addedDetail(v: HostValues): string {
  const parts: string[] = [];
  if (v.weight !== 1) parts.push(`weight ${v.weight}`);
  if (v.zone !== '') parts.push(`zone ${v.zone}`);
  if (v.tags.length > 0) parts.push(`tags ${tagsText(v.tags)}`);
  return parts.join(', ');
}

/** Throws STORE_NO_SCHEMA when RouteData cannot hold these values. */
export function requireColumns(cols: RouteColumns, v: HostValues): void {
  if (v.weight !== 1 && !cols.weight) throw noWeightColumn();
  if ((v.zone !== '' || v.tags.length > 0) && !cols.meta) throw noMetaColumns();
}

type Param = number | string;

/** The INSERT of a new host with the columns RouteData has. */
export function insertHostStatement(cols: RouteColumns, modid: number, cmdid: number, ip: number, port: number, v: HostValues): { sql: string; params: Param[] } {
  const names = ['modid', 'cmdid', 'serverip', 'serverport'];
  const params: Param[] = [modid, cmdid, ip, port];
  if (cols.weight) {
    names.push('weight');
    params.push(v.weight);
  }
  if (cols.meta) {
    names.push('zone', 'tags');
    params.push(v.zone, tagsText(v.tags));
  }
  return { sql: `INSERT INTO RouteData (${names.join(', ')}) VALUES (${names.map(() => '?').join(', ')})`, params };
}

/** The UPDATE of a host's values (requireColumns has passed, so the columns it needs exist). */
export function updateHostStatement(cols: RouteColumns, modid: number, cmdid: number, ip: number, port: number, v: HostValues): { sql: string; params: Param[] } {
  const where = ' WHERE modid = ? AND cmdid = ? AND serverip = ? AND serverport = ?';
  if (!cols.meta) return { sql: `UPDATE RouteData SET weight = ?${where}`, params: [v.weight, modid, cmdid, ip, port] };
  return { sql: `UPDATE RouteData SET weight = ?, zone = ?, tags = ?${where}`, params: [v.weight, v.zone, tagsText(v.tags), modid, cmdid, ip, port] };
}
