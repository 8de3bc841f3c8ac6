/**
 * The metric and label names a PromQL expression (or a Grafana variable
 * query such as `label_values(m{job=~"$job"}, instance)`) reads, for checking
 * a dashboard against what the roles export. Not a PromQL parser: it strips
 * what cannot be a metric name (strings, label matchers, range selectors,
 * grouping clauses, function calls, keywords, numbers) and keeps the rest.
 */

const KEYWORDS = new Set(['and', 'or', 'unless', 'bool', 'offset', 'by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'inf', 'nan', 'atan2']);
const GROUPING = /\b(?:by|without|on|ignoring|group_left|group_right)\s*\(([^)]*)\)/g;
const STRING = /"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g;
const IDENT = /(?<![\w.:$])[a-zA-Z_:][\w:]*/g;

function withoutStrings(expr: string): string {
  return expr.replace(STRING, '""');
}

/** Metric names as written (histogram series such as `x_bucket` kept as they are). */
export function promqlMetricNames(expr: string): string[] {
  let e = withoutStrings(expr)
    .replace(/\{[^}]*\}/g, '')
    .replace(/\[[^\]]*\]/g, '')
    .replace(GROUPING, '');
  // Grafana's variable functions: label_values(metric, label) reads metric; label_values(label) none.
  e = e.replace(/\blabel_values\s*\(\s*([a-zA-Z_:][\w:]*)\s*,\s*\w+\s*\)/g, '$1').replace(/\blabel_values\s*\(\s*\w+\s*\)/g, '');
  const names = new Set<string>();
  for (const m of e.matchAll(IDENT)) {
    const name = m[0];
    const after = e.slice((m.index ?? 0) + name.length);
    if (/^\s*\(/.test(after) || KEYWORDS.has(name.toLowerCase())) continue;
    names.add(name);
  }
  return [...names];
}

/** Label names the expression matches on or groups by (`{state="idle"}`, `by (le, instance)`, a variable's label). */
export function promqlLabelNames(expr: string): string[] {
  const e = withoutStrings(expr);
  const labels = new Set<string>();
  for (const m of e.matchAll(/\{([^}]*)\}/g)) for (const l of (m[1] ?? '').matchAll(/([a-zA-Z_]\w*)\s*(?:=~|!~|!=|=)/g)) labels.add(l[1] as string);
  for (const m of e.matchAll(GROUPING)) for (const l of (m[1] ?? '').split(',')) if (l.trim() !== '') labels.add(l.trim());
  for (const m of e.matchAll(/\blabel_values\s*\((?:[^,()]*,)?\s*(\w+)\s*\)/g)) labels.add(m[1] as string);
  return [...labels];
}

/** `x_bucket`, `x_sum`, `x_count` → `x` when `x` is one of `histograms`; any other name as it is. */
export function histogramBase(name: string, histograms: ReadonlySet<string>): string {
  const m = /^(.*)_(?:bucket|sum|count)$/.exec(name);
  return m && histograms.has(m[1] as string) ? (m[1] as string) : name;
}
