/**
 * The on-disk form of an agent's routes (snapshot_path): plain JSON, so a
 * restarted agent can serve its last known routes before DNS answers.
 * Reading and writing the file is the caller's job; this only checks shape.
 */
import { CodedError } from '../../../runtime/errors.js';
import type { HostAddress } from './hostInfo.js';
import { checkHostMeta, HostMetaError } from '../../../proto/hostMeta.js';
import { MAX_WEIGHT, MIN_WEIGHT, weightedAddress } from '../../../proto/hostWeight.js';

export const ROUTE_SNAPSHOT_VERSION = 1;

export interface SnapshotRoute {
  modid: number;
  cmdid: number;
  hosts: HostAddress[];
}

export interface RouteSnapshot {
  version: typeof ROUTE_SNAPSHOT_VERSION;
  routes: SnapshotRoute[];
}

export class SnapshotError extends CodedError {
  constructor(message: string) {
    super('BAD_SNAPSHOT', message);
  }
}

const INT32_MIN = -0x80000000;
const UINT32_MAX = 0xffffffff;

function isInt(v: unknown, min: number, max: number): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const isStringList = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');

function parseHost(v: unknown, where: string): HostAddress {
  // Accept the unsigned spelling of an IP too; keep the int32 wire form.
  if (
    !isObject(v) || !isInt(v.ip, INT32_MIN, UINT32_MAX) || !isInt(v.port, 0, 0xffff) || !(v.weight === undefined || isInt(v.weight, MIN_WEIGHT, MAX_WEIGHT)) ||
    !(v.zone === undefined || typeof v.zone === 'string') || !(v.tags === undefined || isStringList(v.tags))
  ) {
    throw new SnapshotError(`${where}: expected {ip: int32, port: 0..65535, weight?: 1..1000, zone?: string, tags?: string[]}`);
  }
  if (v.zone === undefined && v.tags === undefined) return v.weight === undefined || v.weight === 1 ? { ip: v.ip | 0, port: v.port } : { ip: v.ip | 0, port: v.port, weight: v.weight };
  try {
    return weightedAddress(v.ip | 0, v.port, v.weight, checkHostMeta({ zone: v.zone, tags: v.tags }));
  } catch (err) {
    if (err instanceof HostMetaError) throw new SnapshotError(`${where}: ${err.message}`);
    throw err;
  }
}

function parseRoute(v: unknown, where: string): SnapshotRoute {
  if (!isObject(v) || !isInt(v.modid, INT32_MIN, 0x7fffffff) || !isInt(v.cmdid, INT32_MIN, 0x7fffffff) || !Array.isArray(v.hosts)) {
    throw new SnapshotError(`${where}: expected {modid: int32, cmdid: int32, hosts: []}`);
  }
  return { modid: v.modid, cmdid: v.cmdid, hosts: v.hosts.map((h, i) => parseHost(h, `${where}.hosts[${i}]`)) };
}

/** Validate parsed JSON; throws SnapshotError (code BAD_SNAPSHOT) naming the bad path. */
export function parseRouteSnapshot(data: unknown): RouteSnapshot {
  if (!isObject(data) || data.version !== ROUTE_SNAPSHOT_VERSION || !Array.isArray(data.routes)) {
    throw new SnapshotError(`route snapshot: expected {version: ${ROUTE_SNAPSHOT_VERSION}, routes: []}`);
  }
  return { version: ROUTE_SNAPSHOT_VERSION, routes: data.routes.map((r, i) => parseRoute(r, `routes[${i}]`)) };
}
