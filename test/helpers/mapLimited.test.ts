import t from 'tap';
import { mapLimited } from './mapLimited.js';

t.test('at most `limit` calls in flight, results in input order', async (t) => {
  let inFlight = 0;
  let most = 0;
  const out = await mapLimited([5, 1, 4, 2, 3, 0], 2, async (ms, i) => {
    most = Math.max(most, ++inFlight);
    await new Promise((r) => setImmediate(r, ms));
    for (let k = 0; k < ms; k++) await new Promise((r) => setImmediate(r));
    inFlight--;
    return `${i}:${ms}`;
  });
  t.same(out, ['0:5', '1:1', '2:4', '3:2', '4:3', '5:0']);
  t.equal(most, 2);
});

t.test('an empty list and a limit above the list length', async (t) => {
  t.same(await mapLimited([], 3, async () => 1), []);
  t.same(await mapLimited([1, 2], 10, async (x) => x * 2), [2, 4]);
});
