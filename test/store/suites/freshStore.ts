/** How a backend's test file hands the shared suites a new, empty store of its own. */
import type { Test } from 'tap';
import type { Store, StoreOptions } from '../../../store/store.js';

export interface FreshOptions extends StoreOptions {
  /** Leave the schema out (to test what happens without `init()`). */
  skipInit?: boolean;
}

/** A new store on an empty database, closed at t's teardown; undefined when the backend is unavailable (already reported). */
export type FreshStore = (t: Test, options?: FreshOptions) => Promise<Store | undefined>;
