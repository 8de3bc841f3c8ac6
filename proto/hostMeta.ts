/**
 * A host's zone and tags (HostInfo.zone = 4, HostInfo.tags = 5, ours, not the
 * original's): the one set of rules every entry point checks them with (CLI,
 * console, store, registration), and the lenient reading of what a peer sent.
 *
 * A zone is a short name of A-Z a-z 0-9 . _ - ("eu-west-1a"); no zone means
 * the host is in every caller's zone. A tag is "key=value": a key of
 * A-Z a-z 0-9 . _ / -, a value of printable ASCII without spaces or commas
 * (a comma separates tags where they are shown or stored as one text), each
 * at most 64 characters, at most 8 tags, keys unique. Tags are kept sorted by
 * key so that the same set is the same bytes from every replica and compares
 * equal however it was typed.
 */
import { CodedError } from '../runtime/errors.js';

export const MAX_ZONE_LEN = 32;
export const MAX_TAGS = 8;
export const MAX_TAG_KEY_LEN = 64;
export const MAX_TAG_VALUE_LEN = 64;

/** A zone or tag that breaks the rules above; the message echoes the text as typed (JSON-quoted). */
export class HostMetaError extends CodedError {
  declare readonly code: 'BAD_HOST_META';

  constructor(message: string) {
    super('BAD_HOST_META', message);
  }
}

export interface HostMeta {
  /** Absent: no zone. Never the empty string. */
  readonly zone?: string;
  /** Absent: no tags. Never empty; sorted by key, keys unique. */
  readonly tags?: readonly string[];
}

const ZONE = /^[A-Za-z0-9._-]+$/;
const TAG_KEY = /^[A-Za-z0-9._/-]+$/;
// Printable ASCII from '!' to '~' but the comma.
const TAG_VALUE = /^[!-+\--~]+$/;

const quoted = (s: string): string => JSON.stringify(s);

/** Why `zone` is not a zone, or undefined when it is (the empty string is "no zone" and passes). */
export function zoneProblem(zone: string): string | undefined {
  if (zone === '') return undefined;
  if (zone.length > MAX_ZONE_LEN) return `zone ${quoted(zone)} is longer than ${MAX_ZONE_LEN} characters`;
  if (!ZONE.test(zone)) return `zone ${quoted(zone)}: only letters, digits, '.', '_' and '-' are allowed`;
  return undefined;
}

/** Why `tag` is not a "key=value" tag, or undefined when it is. */
export function tagProblem(tag: string): string | undefined {
  const eq = tag.indexOf('=');
  if (eq < 0) return `tag ${quoted(tag)} is not key=value`;
  const key = tag.slice(0, eq);
  const value = tag.slice(eq + 1);
  if (key === '' || value === '') return `tag ${quoted(tag)}: both key and value must be given`;
  if (key.length > MAX_TAG_KEY_LEN) return `tag ${quoted(tag)}: key longer than ${MAX_TAG_KEY_LEN} characters`;
  if (value.length > MAX_TAG_VALUE_LEN) return `tag ${quoted(tag)}: value longer than ${MAX_TAG_VALUE_LEN} characters`;
  if (!TAG_KEY.test(key)) return `tag ${quoted(tag)}: a key has only letters, digits, '.', '_', '/' and '-'`;
  if (!TAG_VALUE.test(value)) return `tag ${quoted(tag)}: a value has only printable ASCII, no spaces or commas`;
  return undefined;
}

/** The part of a tag before its first '='. */
export function tagKey(tag: string): string {
  const eq = tag.indexOf('=');
  return eq < 0 ? tag : tag.slice(0, eq);
}

const byKey = (a: string, b: string): number => {
  const ka = tagKey(a);
  const kb = tagKey(b);
  return ka < kb ? -1 : ka > kb ? 1 : 0;
};

/** Why these tags cannot go together on one host (one of them bad, too many, a key twice), or undefined. */
export function tagsProblem(tags: readonly string[]): string | undefined {
  if (tags.length > MAX_TAGS) return `${tags.length} tags: at most ${MAX_TAGS} per host`;
  const seen = new Set<string>();
  for (const tag of tags) {
    const p = tagProblem(tag);
    if (p !== undefined) return p;
    const key = tagKey(tag);
    if (seen.has(key)) return `tag key ${quoted(key)} given twice`;
    seen.add(key);
  }
  return undefined;
}

/** Why this zone and these tags cannot be a host's, or undefined when they can. */
export function hostMetaProblem(meta: { zone?: string | undefined; tags?: readonly string[] | undefined }): string | undefined {
  return zoneProblem(meta.zone ?? '') ?? tagsProblem(meta.tags ?? []);
}

/**
 * The zone and tags in their one form (empty zone and no tags left out, tags
 * sorted by key); throws HostMetaError naming what is wrong. Every entry
 * point that takes them from a person or an application goes through here.
 */
export function checkHostMeta(meta: { zone?: string | undefined; tags?: readonly string[] | undefined }): HostMeta {
  const problem = hostMetaProblem(meta);
  if (problem !== undefined) throw new HostMetaError(problem);
  return canonicalHostMeta(meta.zone, meta.tags);
}

function canonicalHostMeta(zone: string | null | undefined, tags: readonly string[] | null | undefined): HostMeta {
  const out: { zone?: string; tags?: readonly string[] } = {};
  if (zone !== undefined && zone !== null && zone !== '') out.zone = zone;
  if (tags !== undefined && tags !== null && tags.length > 0) out.tags = [...tags].sort(byKey);
  return out;
}

/**
 * What a peer sent, read as leniently as a weight is: a bad zone reads as no
 * zone, a bad tag (or a key seen before, or one past the 8th) is left out.
 * A foreign or newer peer can so never take a host out of its route.
 */
export function hostMetaFromWire(zone: string | null | undefined, tags: readonly string[] | null | undefined): HostMeta {
  const goodZone = zone !== undefined && zone !== null && zoneProblem(zone) === undefined ? zone : undefined;
  const kept: string[] = [];
  const seen = new Set<string>();
  for (const tag of tags ?? []) {
    if (kept.length === MAX_TAGS) break;
    if (tagProblem(tag) !== undefined || seen.has(tagKey(tag))) continue;
    seen.add(tagKey(tag));
    kept.push(tag);
  }
  return canonicalHostMeta(goodZone, kept);
}

/** Same zone (absent and empty alike) and the same tags in the same order. */
export function sameHostMeta(a: HostMeta, b: HostMeta): boolean {
  if ((a.zone ?? '') !== (b.zone ?? '')) return false;
  const ta = a.tags ?? [];
  const tb = b.tags ?? [];
  return ta.length === tb.length && ta.every((t, i) => t === tb[i]);
}

/** Tags as one text, "k=v,k2=v2" ('' for none): how they are stored in a column and shown. */
export function tagsText(tags: readonly string[] | undefined): string {
  return (tags ?? []).join(',');
}

/** The tags of a tagsText; '' and null read as none. Not checked: a stored text was checked when written. */
export function tagsFromText(text: string | null | undefined): string[] {
  return text === null || text === undefined || text === '' ? [] : text.split(',');
}
