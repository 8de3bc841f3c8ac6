/** Every role's figure tables are sound: snake_case names with their suffixes, one type and HELP per metric, no clash with the runtime's own. */
import t from 'tap';
import { roles } from '../../../actors/roles/index.js';
import { figureTableProblems, type FigureTable } from '../../../runtime/admin/figureTable.js';
import { RUNTIME_METRICS } from '../../../runtime/admin/runtimeMetrics.js';

t.test('the tables the roles declare have no problem', async (t) => {
  const tables = Object.values(roles).flatMap((e) => e.spec.actors.map((a) => a.figures).filter((f): f is FigureTable => f !== undefined));
  t.equal(tables.length, Object.values(roles).reduce((n, e) => n + e.spec.actors.length, 0), 'every actor kind of every role declares its figures');
  t.strictSame(figureTableProblems(tables, RUNTIME_METRICS.map((m) => m.metric)), []);
});

t.test('the checks catch what promtool would flag', async (t) => {
  const bad: FigureTable = {
    figures: {
      a: { type: 'counter', metric: 'lars_rowsDropped', help: 'x' },
      b: { type: 'gauge', metric: 'lars_depth_total', help: 'x' },
      c: { type: 'gauge', metric: 'lars_shared', help: 'x' },
      d: { type: 'counter', metric: 'lars_shared_total', help: 'y' },
      e: { type: 'gauge', metric: 'lars_actor_up', help: 'x' },
    },
  };
  const other: FigureTable = { figures: { c: { type: 'gauge', metric: 'lars_shared', help: 'other help' } } };
  t.equal(figureTableProblems([bad, other], ['lars_actor_up']).length, 5);
});
