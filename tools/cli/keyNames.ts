/**
 * Keys' service names for commands that show keys but are about something
 * else (`lars status` shows the agent's view): read once from the store,
 * best effort. A store that is missing or fails only leaves the names out,
 * since the agent's view is what the command is for.
 */
import { openStore } from '../../store/openStore.js';
import { DEFAULT_STORE_URL } from '../../store/storeUrl.js';
import { isStoreError } from '../../store/storeError.js';
import type { KeyName } from '../../store/keyNameStore.js';

/** "modid/cmdid" → name. */
export type KeyNames = ReadonlyMap<string, string>;

export function keyNameMap(names: readonly KeyName[]): KeyNames {
  return new Map(names.map((n) => [`${n.modid}/${n.cmdid}`, n.name]));
}

/** "1/1 (orders.get)", or "1/1" for a key without a name. */
export function keyLabel(modid: number, cmdid: number, names: KeyNames): string {
  const name = names.get(`${modid}/${cmdid}`);
  return name === undefined ? `${modid}/${cmdid}` : `${modid}/${cmdid} (${name})`;
}

export async function keyNamesOrNone(storeUrl: string | undefined): Promise<KeyNames> {
  try {
    const store = await openStore(storeUrl ?? DEFAULT_STORE_URL, { createIfMissing: false });
    try {
      return keyNameMap(await store.listKeyNames());
    } finally {
      await store.close();
    }
  } catch (err) {
    if (isStoreError(err)) return new Map();
    throw err;
  }
}
