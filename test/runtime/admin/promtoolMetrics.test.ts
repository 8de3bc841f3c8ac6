/**
 * Prometheus's own linter (`promtool check metrics`) finds nothing in what
 * /metrics renders for each role alone and for `--role all`, with every
 * figure every actor kind declares present: the renderer is the one the
 * supervisor uses, fed a sample per actor kind that reports each declared
 * figure (families with a value in their name, histograms with
 * observations), so figures a quiet live process leaves out (error codes,
 * empty histograms) are checked too. The live output of a real `--role all`
 * goes through the same check in test/e2e/npmStart.test.ts; each role alone
 * exports a subset of its metric families, with the same HELP and TYPE.
 */
import t from 'tap';
import { roles, ROLE_NAMES, type RoleEntry, type RoleName } from '../../../actors/roles/index.js';
import { figureLookup } from '../../../actors/roles/roleFigures.js';
import { ActorMetricsRegistry } from '../../../runtime/admin/actorMetrics.js';
import type { FigureTable } from '../../../runtime/admin/figureTable.js';
import type { ActorSample } from '../../../runtime/actors/roleSupervisor.js';
import type { ActorMetrics } from '../../../runtime/actors/actorDefinition.js';
import { emptyMailboxStats } from '../../../runtime/mailbox/mailboxStats.js';
import { checkWithPromtool, promtoolCheck, requirePromtool } from '../../helpers/promtool.js';

/** What an actor reporting every figure of `table` sends: each counter and gauge, a value for each family, a histogram with observations. */
function everyFigure(table: FigureTable): ActorMetrics {
  const counters: Record<string, number> = {};
  const gauges: Record<string, number> = {};
  const histograms: NonNullable<ActorMetrics['histograms']> = {};
  const put = (name: string, type: string): void => {
    if (type === 'counter') counters[name] = 3;
    else if (type === 'gauge') gauges[name] = 2;
    else histograms[name] = { bounds: [1, 5, 50], counts: [1, 0, 2, 1], sum: 140, count: 4 };
  };
  for (const [name, f] of Object.entries(table.figures)) put(name, f.type);
  for (const f of table.families ?? []) put(`${f.prefix}ER_LOCK_DEADLOCK`, f.type);
  return { counters, gauges, histograms };
}

function samplesOf(entries: readonly RoleEntry[]): ActorSample[] {
  return entries.flatMap((e) =>
    e.spec.actors.map((a) => ({
      role: e.spec.role,
      kind: a.kind,
      name: a.kind,
      state: 'running' as const,
      restarts: 1,
      lastError: undefined,
      supervisorLink: emptyMailboxStats(),
      stats: { handled: 5, depth: 1, mailbox: { ...emptyMailboxStats(), dropped: 1 }, errors: { bad_body: 1 }, metrics: everyFigure(a.figures ?? { figures: {} }), timers: 0 },
    })),
  );
}

function declaredMetrics(entries: readonly RoleEntry[]): Set<string> {
  return new Set(entries.flatMap((e) => e.spec.actors.flatMap((a) => (a.figures ? [...Object.values(a.figures.figures), ...(a.figures.families ?? [])].map((f) => f.metric) : []))));
}

const ROLE_SETS: Array<[string, RoleName[]]> = [...ROLE_NAMES.map((r): [string, RoleName[]] => [r, [r]]), ['all', [...ROLE_NAMES]]];

for (const [name, set] of ROLE_SETS) {
  t.test(`--role ${name}: promtool finds nothing in /metrics with every declared figure`, async (t) => {
    const entries = set.map((r) => roles[r]);
    const text = await new ActorMetricsRegistry({ figures: figureLookup(entries) }).render(samplesOf(entries));
    const families = new Set([...text.matchAll(/^# TYPE (\S+) /gm)].map((m) => m[1]));
    const missing = [...declaredMetrics(entries)].filter((m) => !families.has(m));
    t.strictSame(missing, [], 'every metric the role declares is in the text checked');
    t.notMatch(text, /^lars_actor_undeclared_figures/m, 'no figure left out');
    await checkWithPromtool(t, text, `--role ${name}`);
  });
}

t.test('the check fails on what promtool flags', async (t) => {
  const promtool = requirePromtool(t);
  if (!promtool) return;
  // The shape /metrics had before figures were metrics of their own, and a unit Prometheus does not use.
  const bad =
    '# HELP lars_actor_counter_total actor counters\n# TYPE lars_actor_counter_total counter\n' +
    'lars_actor_counter_total{actor="reporter-server",name="rowsDropped"} 1\n' +
    '# TYPE lars_push_lag_milliseconds gauge\nlars_push_lag_milliseconds 3\n';
  const verdict = await promtoolCheck(promtool, bad);
  t.not(verdict.exitCode, 0, 'promtool exits non-zero');
  t.match(verdict.findings.join('\n'), /lars_actor_counter_total metric name should not include type 'counter'/);
  t.match(verdict.findings.join('\n'), /lars_push_lag_milliseconds no help text/);
  t.match(verdict.findings.join('\n'), /use base unit "seconds"/);
  const broken = await promtoolCheck(promtool, 'lars_x{ 1\n');
  t.not(broken.exitCode, 0, 'a text that does not parse is a finding too');
  t.ok(broken.findings.length > 0, broken.findings.join('; '));
});
