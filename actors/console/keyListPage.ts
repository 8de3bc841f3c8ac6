/**
 * One page of the key list (GET /api/keys?hosts=none&q=TEXT&offset=N&limit=M):
 * the keys whose "modid/cmdid", service name, or a host's zone or tag
 * contains the text, then a slice of them. The browser gets a page, not 10,000 rows, and the filter
 * runs here over the whole list, so the key list stays usable with every
 * key of a large system.
 */
import { HttpError } from './httpError.js';
import type { KeyView } from './keysView.js';

export const MAX_PAGE_KEYS = 1000;

export interface KeyListQuery {
  /** Lower-cased filter text; '' matches every key. */
  text: string;
  offset: number;
  limit: number;
}

function wholeParam(query: URLSearchParams, name: string, fallback: number, max: number): number {
  const text = query.get(name);
  if (text === null) return fallback;
  const n = /^\d{1,7}$/.test(text) ? Number(text) : NaN;
  if (!(n >= 0 && n <= max)) throw new HttpError(400, 'BAD_QUERY', `${name} ${JSON.stringify(text.slice(0, 40))}: expected a whole number from 0 to ${max}`);
  return n;
}

/** The page asked for; undefined when the query asks for none (the whole list, as before paging). */
export function keyListQuery(query: URLSearchParams): KeyListQuery | undefined {
  if (!query.has('q') && !query.has('offset') && !query.has('limit')) return undefined;
  const limit = wholeParam(query, 'limit', 100, MAX_PAGE_KEYS);
  if (limit === 0) throw new HttpError(400, 'BAD_QUERY', `limit "0": expected a whole number from 1 to ${MAX_PAGE_KEYS}`);
  return { text: (query.get('q') ?? '').trim().toLowerCase().slice(0, 100), offset: wholeParam(query, 'offset', 0, 10_000_000), limit };
}

/** The text is in the key's "modid/cmdid", its service name, or a zone or a tag ("version=v2") of one of its hosts. */
export function keyMatches(k: Pick<KeyView, 'modid' | 'cmdid' | 'name' | 'hosts'>, text: string): boolean {
  if (text === '' || `${k.modid}/${k.cmdid}`.includes(text) || (k.name ?? '').includes(text)) return true;
  return k.hosts.some((h) => (h.zone ?? '').toLowerCase().includes(text) || h.tags.some((tag) => tag.toLowerCase().includes(text)));
}

/** The matching keys' summaries (no hosts) from `offset`, at most `limit`; `total` keys in all, `matched` by the filter. */
export function keyListPage(keys: readonly KeyView[], q: KeyListQuery): { total: number; matched: number; offset: number; keys: Array<Omit<KeyView, 'hosts'>> } {
  const matching = q.text === '' ? keys : keys.filter((k) => keyMatches(k, q.text));
  const page = matching.slice(q.offset, q.offset + q.limit).map(({ hosts: _hosts, ...summary }) => summary);
  return { total: keys.length, matched: matching.length, offset: q.offset, keys: page };
}
