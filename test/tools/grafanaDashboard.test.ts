/**
 * conf/grafana/lars.json is a dashboard Grafana imports (a dashboard model
 * with a Prometheus data source variable) and every PromQL expression in it,
 * the variables' queries included, reads metrics the roles export, with
 * labels those metrics carry. The exported set is the one README's metrics
 * table and /metrics are built from (the roles' figure tables and the
 * runtime's declarations, metricsTable.ts) plus the process metrics the
 * runtime's registry collects (prom-client's), not a list kept here.
 */
import t from 'tap';
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { metricRows } from '../../actors/roles/metricsTable.js';
import { ActorMetricsRegistry } from '../../runtime/admin/actorMetrics.js';
import { requirePromtool } from '../helpers/promtool.js';
import { histogramBase, promqlLabelNames, promqlMetricNames } from './promqlNames.js';

const DASHBOARD = fileURLToPath(new URL('../../conf/grafana/lars.json', import.meta.url));

interface Target {
  refId?: unknown;
  expr?: unknown;
  datasource?: { type?: unknown; uid?: unknown };
}
interface Panel {
  id?: unknown;
  type?: unknown;
  title?: unknown;
  gridPos?: { h?: unknown; w?: unknown; x?: unknown; y?: unknown };
  datasource?: { type?: unknown; uid?: unknown };
  targets?: Target[];
}
interface Variable {
  type?: unknown;
  name?: unknown;
  query?: unknown;
  datasource?: { type?: unknown; uid?: unknown };
}
interface Dashboard {
  title?: unknown;
  uid?: unknown;
  schemaVersion?: unknown;
  time?: { from?: unknown; to?: unknown };
  templating?: { list?: Variable[] };
  panels?: Panel[];
}

/** Labels every scraped series gets from Prometheus itself. */
const TARGET_LABELS = ['job', 'instance'];

/** Every metric the roles export, with its type and label names. */
async function exported(): Promise<Map<string, { type: string; labels: Set<string> }>> {
  const out = new Map<string, { type: string; labels: Set<string> }>();
  for (const r of metricRows()) out.set(r.metric, { type: r.type, labels: new Set(r.labels) });
  // The runtime's registry: the declared runtime metrics again (kept as declared: unsampled, they show no labels) and prom-client's process metrics.
  for (const m of await new ActorMetricsRegistry().registry.getMetricsAsJSON()) {
    if (out.has(m.name)) continue;
    const labels = new Set(m.values.flatMap((v) => Object.keys(v.labels)));
    out.set(m.name, { type: String(m.type), labels });
  }
  return out;
}

const dashboard = JSON.parse(readFileSync(DASHBOARD, 'utf8')) as Dashboard;
const panels = dashboard.panels ?? [];
const variables = dashboard.templating?.list ?? [];

/** Every PromQL text of the dashboard, named by where it is. */
function expressions(): Array<{ where: string; expr: string }> {
  const out: Array<{ where: string; expr: string }> = [];
  for (const p of panels) for (const target of p.targets ?? []) out.push({ where: `panel "${String(p.title)}" ${String(target.refId)}`, expr: String(target.expr) });
  for (const v of variables) {
    if (v.type !== 'query') continue;
    const q = typeof v.query === 'object' && v.query !== null ? (v.query as { query?: unknown }).query : v.query;
    out.push({ where: `variable $${String(v.name)}`, expr: String(q) });
  }
  return out;
}

/** What is wrong with `expr` against `known`; empty when every name and label is exported. */
function problemsOf(expr: string, known: Map<string, { type: string; labels: Set<string> }>): string[] {
  const histograms = new Set([...known].filter(([, m]) => m.type === 'histogram').map(([name]) => name));
  const names = promqlMetricNames(expr);
  const problems: string[] = [];
  if (names.length === 0) problems.push('names no metric');
  const labels = new Set(TARGET_LABELS);
  for (const written of names) {
    const name = histogramBase(written, histograms);
    const m = known.get(name);
    if (!m) problems.push(`${written} is not exported by the roles`);
    else {
      for (const l of m.labels) labels.add(l);
      if (written.endsWith('_bucket') && name !== written) labels.add('le');
    }
  }
  for (const l of promqlLabelNames(expr)) if (!labels.has(l)) problems.push(`label ${l} is on none of ${names.join(', ')}`);
  return problems;
}

t.test('the names are read out of PromQL', async (t) => {
  t.strictSame(promqlMetricNames('histogram_quantile(0.99, sum by (le, instance) (rate(lars_dns_push_lag_seconds_bucket{job=~"$job"}[$__rate_interval])))'), ['lars_dns_push_lag_seconds_bucket']);
  t.strictSame(promqlMetricNames('sum without (actor) (increase(a_total{x="rate(b)"}[5m] offset 1h)) / on (instance) group_left (role) c > bool 1e3'), ['a_total', 'c']);
  t.strictSame(promqlMetricNames('label_values(lars_actor_up{job=~"$job"}, instance)'), ['lars_actor_up']);
  t.strictSame(promqlMetricNames('label_values(job)'), []);
  t.strictSame(promqlLabelNames('sum by (le, instance) (rate(m_bucket{job=~"$job",state!="idle"}[5m]))').sort(), ['instance', 'job', 'le', 'state']);
  t.equal(histogramBase('lars_dns_push_lag_seconds_count', new Set(['lars_dns_push_lag_seconds'])), 'lars_dns_push_lag_seconds');
  t.equal(histogramBase('lars_dns_pushes_total_count', new Set(['lars_dns_push_lag_seconds'])), 'lars_dns_pushes_total_count', 'a suffix only comes off a histogram');
});

t.test('the check fails on a name or label the roles do not export', async (t) => {
  const known = await exported();
  t.strictSame(problemsOf('sum(rate(lars_dns_pushes_total[5m]))', known), []);
  t.strictSame(problemsOf('sum(rate(lars_dns_pushs_total[5m]))', known), ['lars_dns_pushs_total is not exported by the roles']);
  t.strictSame(problemsOf('rate(lars_dns_pushes_total_count[5m])', known), ['lars_dns_pushes_total_count is not exported by the roles'], 'no _count on a counter');
  t.strictSame(problemsOf('sum by (status) (lars_agent_hosts)', known), ['label status is on none of lars_agent_hosts']);
  t.strictSame(problemsOf('vector(1)', known), ['names no metric']);
});

t.test('a Grafana dashboard model with a Prometheus data source variable', async (t) => {
  t.type(dashboard.title, 'string', 'title');
  t.match(dashboard.uid, /^[\w-]{1,40}$/, 'uid Grafana accepts');
  t.ok(Number.isInteger(dashboard.schemaVersion) && (dashboard.schemaVersion as number) >= 36, `schemaVersion ${String(dashboard.schemaVersion)}`);
  t.match(dashboard.time, { from: String, to: String }, 'a time range');
  const source = variables.find((v) => v.type === 'datasource');
  t.equal(source?.query, 'prometheus', 'a data source variable of type prometheus');
  const uid = `\${${String(source?.name)}}`;
  const ids = panels.map((p) => p.id);
  t.equal(new Set(ids).size, ids.length, 'panel ids are unique');
  for (const p of panels) {
    const g = p.gridPos ?? {};
    t.ok([g.h, g.w, g.x, g.y].every(Number.isInteger) && (g.x as number) + (g.w as number) <= 24, `panel "${String(p.title)}" sits on the 24-column grid`);
    if (p.type === 'row') {
      t.equal(p.targets, undefined, `row "${String(p.title)}" queries nothing`);
      continue;
    }
    t.type(p.type, 'string', `panel "${String(p.title)}" has a type`);
    t.equal(p.datasource?.uid, uid, `panel "${String(p.title)}" reads the chosen data source`);
    const targets = p.targets ?? [];
    t.ok(targets.length > 0, `panel "${String(p.title)}" has targets`);
    t.equal(new Set(targets.map((x) => x.refId)).size, targets.length, `panel "${String(p.title)}": refIds are unique`);
    for (const x of targets) t.equal(x.datasource?.uid, uid, `panel "${String(p.title)}" ${String(x.refId)} reads the chosen data source`);
  }
  for (const v of variables.filter((v) => v.type === 'query')) t.equal(v.datasource?.uid, uid, `variable $${String(v.name)} reads the chosen data source`);
});

t.test('every expression of the dashboard reads metrics and labels the roles export', async (t) => {
  const known = await exported();
  const all = expressions();
  t.ok(all.length > 0, `${all.length} expressions`);
  for (const { where, expr } of all) t.strictSame(problemsOf(expr, known), [], `${where}: ${expr}`);
});

/** `expr` as Prometheus gets it from Grafana: variables filled in, a variable query's series selector alone. */
function asPrometheusGetsIt(expr: string): string {
  return expr
    .replace(/^label_values\((.*),\s*\w+\)$/, '$1')
    .replaceAll('$__rate_interval', '1m')
    .replace(/\$\{?\w+\}?/g, '.*');
}

t.test('Prometheus parses every expression (promtool check rules)', async (t) => {
  const promtool = requirePromtool(t);
  if (!promtool) return;
  const rules = expressions().map(({ expr }, i) => `      - record: lars:dashboard:${i}\n        expr: ${JSON.stringify(asPrometheusGetsIt(expr))}`);
  const file = join(t.testdir(), 'dashboard.rules.yml');
  writeFileSync(file, `groups:\n  - name: dashboard\n    rules:\n${rules.join('\n')}\n`);
  const run = await promisify(execFile)(promtool, ['check', 'rules', file]).catch((err: { stdout?: string; stderr?: string }) => ({ stdout: err.stdout ?? '', stderr: `${err.stderr ?? ''} (exit non-zero)` }));
  t.match(run.stdout, new RegExp(`SUCCESS: ${rules.length} rules found`), `${rules.length} expressions parse${run.stderr ? `: ${run.stderr}` : ''}`);
});

t.test('the panels an operator watches first are there', async (t) => {
  const known = await exported();
  const histograms = new Set([...known].filter(([, m]) => m.type === 'histogram').map(([name]) => name));
  const read = new Set(expressions().flatMap(({ expr }) => promqlMetricNames(expr).map((n) => histogramBase(n, histograms))));
  // Issue 22's list: pushes and lag, host states, answers, reporter rows and drops, link health, memory.
  for (const metric of [
    'lars_dns_pushes_total',
    'lars_dns_push_lag_seconds',
    'lars_agent_hosts',
    'lars_agent_get_host_answers_total',
    'lars_reporter_rows_written_total',
    'lars_reporter_rows_dropped_total',
    'lars_agent_dns_link_up',
    'lars_agent_reporter_link_up',
    'lars_net_reconnects_total',
    'lars_process_resident_memory_bytes',
  ]) {
    t.ok(read.has(metric), metric);
  }
});
