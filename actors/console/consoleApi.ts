/**
 * The console's JSON API under /api/. Reads come from the service's last
 * view; edits go through the store's addHost/delHost, the same transactional
 * edit `lars route add|del` makes (RouteData + RouteChange + version bump).
 */
import type { IncomingMessage } from 'node:http';
import { int32ToIpv4, ipv4ToUint32, isInt32, uint32ToIpv4 } from '../../runtime/net/ipv4.js';
import type { AuditEntry } from '../../store/routeAudit.js';
import { isStoreError } from '../../store/storeError.js';
import type { HistoryRow } from '../../store/historyStore.js';
import type { KeyView } from './keysView.js';
import { HttpError } from './httpError.js';
import { MAX_WEIGHT, MIN_WEIGHT } from '../../proto/hostWeight.js';
import type { ConsoleBackend } from './consoleBackend.js';
import { mutationRefusal } from '../../runtime/admin/requestSite.js';
import { jsonNumberTexts } from './jsonNumberTexts.js';
import { jsonWholeNumber, typedWholeNumber } from './typedNumber.js';
import { answeredMeta, bodyHostMeta } from './hostMetaBody.js';
import { isKeyNameError, parseKeyName } from '../../store/keyName.js';
import { keyListPage, keyListQuery } from './keyListPage.js';

export interface ApiAnswer {
  status: number;
  body: unknown;
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const MAX_HISTORY_MINUTES = 1440;
/** Rows of a key's audit trail one request may ask for. */
const MAX_EDITS = 200;

/** Who a console edit is recorded as in the audit trail: the browser's address as this console sees it. */
function consoleWho(req: IncomingMessage): string {
  return `console ${req.socket.remoteAddress ?? '?'}`;
}

function parseKeyPart(name: string, text: string | undefined): number {
  const n = text !== undefined && /^-?\d{1,10}$/.test(text) ? Number(text) : NaN;
  if (!isInt32(n)) throw new HttpError(400, 'BAD_KEY', `${name} ${JSON.stringify(text ?? '')}: expected a signed 32-bit integer`);
  return n;
}

function parseIp(value: unknown): string {
  if (typeof value !== 'string' || !IPV4.test(value)) throw new HttpError(400, 'BAD_IP', `ip ${JSON.stringify(value)}: expected a dotted IPv4 address like 10.0.0.1`);
  return value;
}

/** A port in a URL path: the text as typed. */
function pathPort(text: string | undefined): number {
  return typedWholeNumber('port', text ?? '', 1, 65535, 'BAD_PORT');
}

function parsePort(body: JsonBody): number {
  return jsonWholeNumber('port', body.fields['port'], body.numbers.get('port'), 1, 65535, 'BAD_PORT');
}

function parseWeight(body: JsonBody, fallback: number | undefined): number {
  if (body.fields['weight'] === undefined && fallback !== undefined) return fallback;
  return jsonWholeNumber('weight', body.fields['weight'], body.numbers.get('weight'), MIN_WEIGHT, MAX_WEIGHT, 'BAD_WEIGHT');
}

function methodNotAllowed(allow: string): HttpError {
  return new HttpError(405, 'METHOD_NOT_ALLOWED', `method not allowed here (allowed: ${allow})`, { allow });
}

/** Edits need the token whenever one is set (always off loopback); other sites were refused for every request already. */
function checkEditAllowed(req: IncomingMessage, backend: ConsoleBackend): void {
  const refusal = mutationRefusal(req, backend.config.token, backend.config.ip, 'edits', '[console] token');
  if (refusal !== undefined) throw new HttpError(refusal.status, refusal.code, refusal.message, refusal.status === 401 ? { 'www-authenticate': 'Bearer' } : {});
}

/** A request's JSON object, with each top-level number as the client wrote it. */
interface JsonBody {
  fields: Record<string, unknown>;
  numbers: Map<string, string>;
}

/** `allowed`: the fields this edit takes; any other is refused rather than ignored (a typo is not a silent no-op). */
/**
 * A client that sends a token believes the console checks it: with none set,
 * say so rather than serve it as if the token had been accepted.
 */
function refuseUnexpectedToken(req: IncomingMessage, backend: ConsoleBackend): void {
  if (backend.config.token !== '' || req.headers.authorization === undefined) return;
  throw new HttpError(400, 'TOKEN_NOT_SET', 'this console has no [console] token set, so it checks none: send no Authorization header, or set the token');
}

function jsonBody(req: IncomingMessage, body: Buffer, allowed: readonly string[]): JsonBody {
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/json') throw new HttpError(415, 'BAD_CONTENT_TYPE', 'send the body as Content-Type: application/json');
  const text = body.toString('utf8');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new HttpError(400, 'BAD_JSON', 'body is not valid JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new HttpError(400, 'BAD_JSON', 'body must be a JSON object like {"ip":"10.0.0.1","port":80}');
  const unknown = Object.keys(parsed).filter((k) => !allowed.includes(k));
  if (unknown.length > 0) throw new HttpError(400, 'UNKNOWN_FIELD', `unknown field ${unknown.map((k) => JSON.stringify(k.slice(0, 40))).join(', ')} (this edit takes ${allowed.join(', ')})`);
  return { fields: parsed as Record<string, unknown>, numbers: jsonNumberTexts(text) };
}

function findKey(backend: ConsoleBackend, modid: number, cmdid: number): KeyView | undefined {
  return backend.keys().keys.find((k) => k.modid === modid && k.cmdid === cmdid);
}

function storeFailure(err: unknown, what: string): HttpError {
  if (isStoreError(err) && err.code === 'STORE_BAD_DATA') return new HttpError(400, 'BAD_VALUE', err.message);
  if (isStoreError(err)) return new HttpError(503, err.code, `${what}: store unavailable (${err.message.split('\n')[0]})`);
  throw err;
}

/** Chart data: per host, its buckets in time order as [bucketStartS, succ, err]. */
function historyBody(rows: readonly HistoryRow[], bucketS: number, fromS: number, toS: number): unknown {
  const hosts = new Map<string, { ip: string; port: number; points: Array<[number, number, number]> }>();
  for (const r of rows) {
    const id = `${r.ip}:${r.port}`;
    let h = hosts.get(id);
    if (!h) {
      h = { ip: int32ToIpv4(r.ip), port: r.port, points: [] };
      hosts.set(id, h);
    }
    h.points.push([r.bucket, r.succ, r.err]);
  }
  return { bucketS, fromS, toS, hosts: [...hosts.values()].sort((a, b) => a.ip.localeCompare(b.ip) || a.port - b.port) };
}

/**
 * Disable (drain) or enable a host, static or registered: the store's route
 * edit, as `lars route disable|enable` makes it; RouteDrain remembers who.
 */
async function drainEdit(req: IncomingMessage, backend: ConsoleBackend, h: { modid: number; cmdid: number; ip: string; port: number }, op: 'disable' | 'enable'): Promise<ApiAnswer> {
  const host = { modid: h.modid, cmdid: h.cmdid, ip: ipv4ToUint32(h.ip), port: h.port };
  let edit;
  try {
    edit = op === 'disable' ? await backend.theStore().drainHost(host, consoleWho(req)) : await backend.theStore().enableHost(host, consoleWho(req));
  } catch (err) {
    throw storeFailure(err, `${op} host`);
  }
  if (edit.status === 'missing') throw new HttpError(404, 'UNKNOWN_HOST', `${h.ip}:${h.port} is not in route ${h.modid}/${h.cmdid}`);
  if (edit.status === 'drained' || edit.status === 'enabled') await backend.edited();
  return { status: 200, body: { status: edit.status, ...h, version: edit.version } };
}

/**
 * PUT /api/keys/M/C/name {"name": "orders.get"} names (or renames) the key,
 * DELETE clears its name: the store's audited name edit, as `lars service`
 * makes it, checked by the same rule (store/keyName.ts).
 */
async function nameEdit(req: IncomingMessage, rawBody: Buffer, backend: ConsoleBackend, modid: number, cmdid: number): Promise<ApiAnswer> {
  const method = req.method ?? 'GET';
  if (method !== 'PUT' && method !== 'DELETE') throw methodNotAllowed('PUT, DELETE');
  checkEditAllowed(req, backend);
  const key = { modid, cmdid };
  let name: string | undefined;
  if (method === 'PUT') {
    const typed = jsonBody(req, rawBody, ['name']).fields['name'];
    try {
      name = parseKeyName(typed);
    } catch (err) {
      if (isKeyNameError(err)) throw new HttpError(400, 'BAD_NAME', err.message);
      throw err;
    }
  }
  let edit;
  try {
    edit = name === undefined ? await backend.theStore().clearKeyName(key, consoleWho(req)) : await backend.theStore().setKeyName(key, name, consoleWho(req));
  } catch (err) {
    throw storeFailure(err, name === undefined ? 'clear name' : 'set name');
  }
  if (edit.status === 'taken') throw new HttpError(409, 'NAME_TAKEN', `${name ?? ''} is the name of route ${edit.holder?.modid}/${edit.holder?.cmdid}: clear it there first`);
  if (edit.status === 'missing') throw new HttpError(404, 'NO_NAME', `route ${modid}/${cmdid} has no name`);
  if (edit.status === 'set' || edit.status === 'cleared') await backend.edited();
  return { status: 200, body: { status: edit.status, modid, cmdid, name: name ?? null, previous: edit.previous ?? null, version: edit.version } };
}

export async function handleApi(req: IncomingMessage, rawBody: Buffer, path: string, query: URLSearchParams, backend: ConsoleBackend): Promise<ApiAnswer> {
  const parts = path.split('/').slice(2); // '', 'api', ...
  const method = req.method ?? 'GET';
  const read = method === 'GET' || method === 'HEAD';
  const [top, m, c, sub, ip, port, ...rest] = parts;
  refuseUnexpectedToken(req, backend);

  if (top === 'keys' && m === undefined) {
    if (!read) throw methodNotAllowed('GET, HEAD');
    const hosts = query.get('hosts') ?? 'all';
    if (hosts !== 'all' && hosts !== 'none') throw new HttpError(400, 'BAD_QUERY', `hosts ${JSON.stringify(hosts)}: expected all or none`);
    const page = keyListQuery(query);
    if (page === undefined) return { status: 200, body: backend.keysJson(hosts === 'all') };
    if (hosts !== 'none') throw new HttpError(400, 'BAD_QUERY', 'a page of keys (q, offset, limit) comes without hosts: add hosts=none');
    const view = backend.keys();
    return { status: 200, body: { version: view.version, dnsVersion: backend.dnsVersion() ?? null, readAtMs: view.readAtMs, problems: backend.problems(), ...keyListPage(view.keys, page) } };
  }
  if (top === 'roles' && m === undefined) {
    if (!read) throw methodNotAllowed('GET, HEAD');
    return { status: 200, body: { ...(backend.roles() ?? (await backend.probeOnce())), historyWriter: backend.historyWriter() } };
  }
  const [drain, ...beyond] = rest;
  if (top !== 'keys' || beyond.length > 0 || (drain !== undefined && (drain !== 'disable' && drain !== 'enable'))) throw new HttpError(404, 'NOT_FOUND', `no API at ${path}`);

  const modid = parseKeyPart('modid', m);
  const cmdid = parseKeyPart('cmdid', c);
  if (sub === undefined) {
    if (!read) throw methodNotAllowed('GET, HEAD');
    const key = findKey(backend, modid, cmdid);
    if (!key) throw new HttpError(404, 'UNKNOWN_KEY', `no route key ${modid}/${cmdid}`);
    return { status: 200, body: { version: backend.keys().version, dnsVersion: backend.dnsVersion() ?? null, readAtMs: backend.keys().readAtMs, problems: backend.problems(), ...key } };
  }
  if (sub === 'history' && ip === undefined) {
    if (!read) throw methodNotAllowed('GET, HEAD');
    const minutesText = query.get('minutes') ?? '60';
    const minutes = /^\d{1,4}$/.test(minutesText) ? Number(minutesText) : NaN;
    if (!(minutes >= 1 && minutes <= MAX_HISTORY_MINUTES)) throw new HttpError(400, 'BAD_RANGE', `minutes ${JSON.stringify(minutesText)}: expected 1 to ${MAX_HISTORY_MINUTES}`);
    const toS = Math.floor(backend.clock() / 1000);
    const fromS = toS - minutes * 60;
    let rows: HistoryRow[];
    try {
      rows = await backend.theStore().readHistory({ modid, cmdid }, fromS);
    } catch (err) {
      throw storeFailure(err, 'history');
    }
    if (rows.length === 0 && !findKey(backend, modid, cmdid)) throw new HttpError(404, 'UNKNOWN_KEY', `no route key ${modid}/${cmdid}`);
    return { status: 200, body: historyBody(rows, backend.config.history_bucket, fromS, toS) };
  }
  if (sub === 'edits' && ip === undefined) {
    if (!read) throw methodNotAllowed('GET, HEAD');
    const limitText = query.get('limit') ?? '20';
    const limit = /^\d{1,4}$/.test(limitText) ? Number(limitText) : NaN;
    if (!(limit >= 1 && limit <= MAX_EDITS)) throw new HttpError(400, 'BAD_RANGE', `limit ${JSON.stringify(limitText)}: expected 1 to ${MAX_EDITS}`);
    let edits: AuditEntry[];
    try {
      edits = await backend.theStore().recentEdits({ modid, cmdid }, limit);
    } catch (err) {
      throw storeFailure(err, 'edits');
    }
    return { status: 200, body: { edits: edits.map((e) => ({ atMs: e.atMs, version: e.version, ip: uint32ToIpv4(e.ip), port: e.port, action: e.action, detail: e.detail, who: e.who })) } };
  }
  if (sub === 'name' && ip === undefined) return nameEdit(req, rawBody, backend, modid, cmdid);
  if (sub !== 'hosts') throw new HttpError(404, 'NOT_FOUND', `no API at ${path}`);

  if (ip === undefined) {
    if (method !== 'POST') throw methodNotAllowed('POST');
    checkEditAllowed(req, backend);
    const body = jsonBody(req, rawBody, ['ip', 'port', 'weight', 'zone', 'tags']);
    const hostIp = parseIp(body.fields['ip']);
    const hostPort = parsePort(body);
    const weight = parseWeight(body, 1);
    const meta = bodyHostMeta(body.fields);
    let edit;
    try {
      const given = { ...(meta.zone ? { zone: meta.zone } : {}), ...(meta.tags ? { tags: meta.tags } : {}) };
      edit = await backend.theStore().addHost(modid, cmdid, ipv4ToUint32(hostIp), hostPort, weight, consoleWho(req), given);
    } catch (err) {
      throw storeFailure(err, 'add host');
    }
    if (edit.status === 'exists') throw new HttpError(409, 'HOST_EXISTS', `${hostIp}:${hostPort} is already in route ${modid}/${cmdid}`);
    await backend.edited();
    return { status: 201, body: { status: edit.status, modid, cmdid, ip: hostIp, port: hostPort, weight, zone: meta.zone || null, tags: meta.tags ?? [], version: edit.version } };
  }

  if (drain !== undefined) {
    if (method !== 'POST') throw methodNotAllowed('POST');
    checkEditAllowed(req, backend);
    return drainEdit(req, backend, { modid, cmdid, ip: parseIp(ip), port: pathPort(port) }, drain);
  }
  if (method !== 'DELETE' && method !== 'PATCH') throw methodNotAllowed('DELETE, PATCH');
  checkEditAllowed(req, backend);
  const hostIp = parseIp(ip);
  const hostPort = pathPort(port);
  if (method === 'PATCH') {
    // Any of weight, zone and tags, in one edit; at least one.
    const body = jsonBody(req, rawBody, ['weight', 'zone', 'tags']);
    if (Object.keys(body.fields).length === 0) throw new HttpError(400, 'NOTHING_TO_SET', 'give at least one of weight, zone, tags');
    const weight = body.fields['weight'] === undefined ? undefined : parseWeight(body, undefined);
    const meta = bodyHostMeta(body.fields);
    let edit;
    try {
      edit = await backend.theStore().setHost(modid, cmdid, ipv4ToUint32(hostIp), hostPort, { ...(weight !== undefined ? { weight } : {}), ...meta }, consoleWho(req));
    } catch (err) {
      throw storeFailure(err, 'set host');
    }
    if (edit.status === 'missing') throw new HttpError(404, 'UNKNOWN_HOST', `${hostIp}:${hostPort} is not in route ${modid}/${cmdid}`);
    if (edit.status === 'updated') await backend.edited();
    return { status: 200, body: { status: edit.status, modid, cmdid, ip: hostIp, port: hostPort, ...(weight !== undefined ? { weight } : {}), ...answeredMeta(meta), version: edit.version } };
  }
  if (!findKey(backend, modid, cmdid)) {
    // The view may be one poll old: a key added a moment ago is still known to the store.
    const known = await backend.theStore().listHosts({ modid, cmdid }).catch((err: unknown) => {
      throw storeFailure(err, 'remove host');
    });
    if (known.length === 0) throw new HttpError(404, 'UNKNOWN_KEY', `no route key ${modid}/${cmdid}`);
  }
  let edit;
  try {
    edit = await backend.theStore().delHost(modid, cmdid, ipv4ToUint32(hostIp), hostPort, consoleWho(req));
  } catch (err) {
    throw storeFailure(err, 'remove host');
  }
  if (edit.status === 'missing') throw new HttpError(404, 'UNKNOWN_HOST', `${hostIp}:${hostPort} is not in route ${modid}/${cmdid}`);
  await backend.edited();
  return { status: 200, body: { status: edit.status, modid, cmdid, ip: hostIp, port: hostPort, version: edit.version } };
}
