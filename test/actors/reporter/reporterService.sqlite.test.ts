/** The reporter end to end over TCP, writing to a SQLite file through the piscina pool. */
import t from 'tap';
import { openStore } from '../../../store/openStore.js';
import { sqliteUrl } from './fixtures/reporterFixture.js';
import { finalValuesScenario, type FreshUrl } from './fixtures/scenarios.js';

const fresh: FreshUrl = async (t) => {
  const url = sqliteUrl(t);
  const store = await openStore(url);
  await store.init();
  await store.close();
  return url;
};

finalValuesScenario(t, fresh);
