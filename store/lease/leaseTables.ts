/** Lease methods need RouteLease and RouteDrain, which only `lars db init` creates. */
import type { CachedLiveSchema } from '../liveSchema.js';
import { StoreError } from '../storeError.js';

export async function leaseTablesOrThrow(live: CachedLiveSchema): Promise<void> {
  if (await hasLeaseTables(live)) return;
  throw new StoreError('STORE_NO_SCHEMA', 'the store has no RouteLease / RouteDrain tables (registration): run `lars db init`');
}

/** Read again while missing, so `lars db init` run beside a live DNS is picked up without a restart. */
export async function hasLeaseTables(live: CachedLiveSchema): Promise<boolean> {
  const schema = await live.get();
  const has = schema.hasTable('RouteLease') && schema.hasTable('RouteDrain');
  if (!has) live.forget();
  return has;
}
