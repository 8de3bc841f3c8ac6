// The key page's charts: calls per bucket as bars and the error rate as a
// line, one SVG per host, over the last 15 minutes or the last hour.
import { el, svg } from './dom.js';

export const pct = (r) => `${(r * 100).toFixed(1)}%`;

export function renderCharts(history, minutes) {
  const span = minutes >= 60 ? 'last hour' : `last ${minutes} minutes`;
  if (history.hosts.length === 0) return [el('p', {}, `No calls recorded in the ${span}.`)];
  const W = 640, H = 150, L = 44, R = 40, T = 10, B = 22;
  const spanS = history.toS - history.fromS;
  const x = (t) => L + ((t - history.fromS) / spanS) * (W - L - R);
  const barW = Math.max(1, (history.bucketS / spanS) * (W - L - R) - 1);
  return history.hosts.map((h) => {
    const maxCalls = Math.max(1, ...h.points.map(([, s, e]) => s + e));
    const peakRate = Math.max(0, ...h.points.map(([, s, e]) => (s + e === 0 ? 0 : e / (s + e))));
    const root = svg('svg', { viewBox: `0 0 ${W} ${H}`, class: 'chart', role: 'img', 'data-row': `${h.ip}:${h.port}`, 'data-host': `${h.ip}:${h.port}`, 'data-span-s': spanS, 'data-bar-px': barW.toFixed(1), 'data-peak-err-rate': peakRate.toFixed(3) });
    const title = svg('title');
    title.textContent = `${h.ip}:${h.port}: calls and error rate, ${span}`;
    root.append(title);
    root.append(svg('line', { x1: L, y1: H - B, x2: W - R, y2: H - B, class: 'axis' }));
    const label = (text, ax, ay, anchor) => {
      const t = svg('text', { x: ax, y: ay, 'text-anchor': anchor, class: 'tick' });
      t.textContent = text;
      root.append(t);
    };
    label(String(maxCalls), L - 4, T + 8, 'end');
    label('0', L - 4, H - B, 'end');
    label('100%', W - R + 4, T + 8, 'start');
    label(`-${minutes}m`, L, H - 6, 'start');
    // A tick every 5 minutes (15 min view) or 15 (hour view): where "the last minutes" are is readable.
    const step = minutes >= 60 ? 15 : 5;
    for (let m = step; m < minutes; m += step) {
      const tx = x(history.toS - m * 60);
      root.append(svg('line', { x1: tx, y1: H - B, x2: tx, y2: H - B + 4, class: 'axis' }));
      label(`-${m}m`, tx, H - 6, 'middle');
    }
    label('now', W - R, H - 6, 'end');
    label(`${h.ip}:${h.port}  peak error rate ${pct(peakRate)}`, L + 4, T + 8, 'start');
    const plotH = H - T - B;
    for (const [t, s, e] of h.points) {
      const bh = ((s + e) / maxCalls) * plotH;
      root.append(svg('rect', { x: x(t).toFixed(1), y: (H - B - bh).toFixed(1), width: barW.toFixed(1), height: bh.toFixed(1), class: 'calls' }));
    }
    // One line per run of consecutive buckets: a gap (no calls recorded) is not drawn as a slope.
    let run = [];
    let last = -Infinity;
    const flush = () => {
      if (run.length > 0) root.append(svg('polyline', { points: run.join(' '), class: 'errs' }));
      run = [];
    };
    for (const [t, s, e] of h.points) {
      if (t - last > history.bucketS) flush();
      last = t;
      run.push(`${(x(t) + barW / 2).toFixed(1)},${(H - B - (s + e === 0 ? 0 : e / (s + e)) * plotH).toFixed(1)}`);
    }
    flush();
    return root;
  });
}
