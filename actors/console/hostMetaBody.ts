/**
 * A host's zone and tags in a console edit's JSON body ({"zone":"eu-1",
 * "tags":["version=v2"]}; null or "" / [] clears them in a PATCH), checked
 * by proto/hostMeta.ts's rules before the store sees them: a 400 whose
 * message echoes what was sent.
 */
import { HostMetaError, checkHostMeta } from '../../proto/hostMeta.js';
import type { HostChange } from '../../store/routeTypes.js';
import { HttpError } from './httpError.js';

/** What the body says of zone and tags: absent fields stay absent, null clears. */
export function bodyHostMeta(fields: Record<string, unknown>): Pick<HostChange, 'zone' | 'tags'> {
  const zone = fields['zone'];
  const tags = fields['tags'];
  if (zone !== undefined && zone !== null && typeof zone !== 'string') throw new HttpError(400, 'BAD_HOST_META', `zone ${JSON.stringify(zone)}: expected text or null`);
  if (tags !== undefined && tags !== null && !(Array.isArray(tags) && tags.every((x) => typeof x === 'string'))) {
    throw new HttpError(400, 'BAD_HOST_META', `tags ${JSON.stringify(tags).slice(0, 200)}: expected a list of "key=value" texts or null`);
  }
  let checked;
  try {
    checked = checkHostMeta({ zone: zone ?? undefined, tags: tags ?? undefined });
  } catch (err) {
    if (err instanceof HostMetaError) throw new HttpError(400, 'BAD_HOST_META', err.message);
    throw err;
  }
  const out: Pick<HostChange, 'zone' | 'tags'> = {};
  if (zone !== undefined) out.zone = checked.zone ?? '';
  if (tags !== undefined) out.tags = checked.tags ?? [];
  return out;
}

/** The zone and tags as an answer shows them: zone null for none, tags [] for none. */
export function answeredMeta(meta: Pick<HostChange, 'zone' | 'tags'>): { zone?: string | null; tags?: readonly string[] } {
  const out: { zone?: string | null; tags?: readonly string[] } = {};
  if (meta.zone !== undefined) out.zone = meta.zone === '' || meta.zone === null ? null : meta.zone;
  if (meta.tags !== undefined) out.tags = meta.tags ?? [];
  return out;
}
