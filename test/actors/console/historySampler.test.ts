/** Successive reads of ServerCallStatus → calls per bucket: growth, window restarts, first sightings, quiet rows. */
import t from 'tap';
import { HistorySampler } from '../../../actors/console/historySampler.js';
import type { StatusRow } from '../../../store/statusStore.js';

const row = (over: Partial<StatusRow>): StatusRow => ({ modid: 1, cmdid: 1, ip: 1, port: 80, caller: 7, succCnt: 0, errCnt: 0, ts: 100, overload: false, ...over });

t.test('first sighting is a baseline; growth is counted; a drop is a new window', async (t) => {
  const s = new HistorySampler(10);
  t.same(s.sample([row({ succCnt: 50, errCnt: 5 })], 100_000), [], 'first read: nothing known to be new');
  t.same(s.sample([row({ succCnt: 60, errCnt: 9, ts: 101 })], 101_000), [{ modid: 1, cmdid: 1, ip: 1, port: 80, bucket: 100, succ: 10, err: 4 }]);
  t.same(s.sample([row({ succCnt: 60, errCnt: 9, ts: 101 })], 102_000), [], 'same ts: no new report');
  t.same(s.sample([row({ succCnt: 3, errCnt: 0, ts: 112 })], 112_500), [{ modid: 1, cmdid: 1, ip: 1, port: 80, bucket: 110, succ: 3, err: 0 }], 'window restarted: all of it');
});

t.test('callers of one host add up; a vanished row starts from a baseline when it returns', async (t) => {
  const s = new HistorySampler(60);
  s.sample([row({ succCnt: 1 }), row({ caller: 8, succCnt: 1 })], 0);
  t.same(s.sample([row({ succCnt: 3, ts: 101 }), row({ caller: 8, succCnt: 5, errCnt: 2, ts: 101 })], 30_000), [{ modid: 1, cmdid: 1, ip: 1, port: 80, bucket: 0, succ: 6, err: 2 }]);
  s.sample([], 31_000);
  t.same(s.sample([row({ succCnt: 9, ts: 102 })], 32_000), [], 'back after vanishing: baseline again');
});
