/**
 * A static page for a sweep: one scatter per hyperparameter of its value against the trial's best
 * validation metric (completed trials filled, pruned hollow, the best one starred), so the shape of the
 * search (where TPE concentrated, which values were pruned) is seen at a glance. Pure SVG, no script:
 * the webview's content security policy allows inline styles only. Axes are logarithmic when every value
 * is positive and they span more than a factor of 20 (learning rates, prior and posterior scales).
 */
import { bestTrialOf, METRIC_LABEL, padTrial, type SweepState } from '../../core/sweep';

const W = 320;
const H = 220;
const M = { left: 56, right: 12, top: 12, bottom: 40 };

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

interface Axis { map: (v: number) => number; ticks: number[]; log: boolean }

function axis(values: number[], from: number, to: number): Axis {
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const log = lo > 0 && hi / lo > 20;
  const f = (v: number) => (log ? Math.log10(v) : v);
  // Data range in axis units, widened by 5 % each side (or ±0.5 when every value is the same).
  let a = f(lo);
  let b = f(hi);
  if (a === b) { a -= 0.5; b += 0.5; }
  const pad = (b - a) * 0.05;
  a -= pad;
  b += pad;
  const map = (v: number) => from + ((f(v) - a) / (b - a)) * (to - from);
  const ticks = log
    ? Array.from({ length: Math.floor(b) - Math.ceil(a) + 1 }, (_, i) => 10 ** (Math.ceil(a) + i))
    : lo === hi ? [lo] : [lo, (lo + hi) / 2, hi];
  return { map, ticks, log };
}

const fmt = (v: number) => (Math.abs(v) >= 1e4 || (Math.abs(v) < 1e-2 && v !== 0) ? v.toExponential(0) : +v.toPrecision(3) + '');

/** One scatter: numeric values of `param` (non-numeric choices are placed by their index, labelled). */
export function paramScatter(s: SweepState, param: string): string {
  const best = bestTrialOf(s.trials);
  const pts = s.trials.filter((t) => t.best !== null && Number.isFinite(t.best) && param in t.params && (t.status === 'completed' || t.status === 'pruned'));
  if (!pts.length) return '';
  const raw = pts.map((t) => t.params[param]);
  const numeric = raw.every((v) => typeof v === 'number');
  const labels = numeric ? [] : [...new Set(raw.map((v) => JSON.stringify(v)))];
  const xs = raw.map((v) => (numeric ? (v as number) : labels.indexOf(JSON.stringify(v))));
  const ys = pts.map((t) => t.best as number);
  const xa = axis(xs, M.left, W - M.right);
  const ya = axis(ys, H - M.bottom, M.top);
  const parts: string[] = [];
  parts.push(`<line x1="${M.left}" y1="${H - M.bottom}" x2="${W - M.right}" y2="${H - M.bottom}" class="ax"/><line x1="${M.left}" y1="${M.top}" x2="${M.left}" y2="${H - M.bottom}" class="ax"/>`);
  const xticks = numeric ? xa.ticks : labels.map((_, i) => i);
  for (const t of xticks) parts.push(`<text x="${xa.map(t).toFixed(1)}" y="${H - M.bottom + 14}" class="tick" text-anchor="middle">${esc(numeric ? fmt(t) : labels[t])}</text>`);
  for (const t of ya.ticks) parts.push(`<text x="${M.left - 4}" y="${(ya.map(t) + 3).toFixed(1)}" class="tick" text-anchor="end">${fmt(t)}</text>`);
  parts.push(`<text x="${(M.left + W - M.right) / 2}" y="${H - 6}" class="lab" text-anchor="middle">${esc(param)}${xa.log ? ' (log)' : ''}</text>`);
  pts.forEach((t, i) => {
    const x = xa.map(xs[i]).toFixed(1);
    const y = ya.map(ys[i]).toFixed(1);
    const cls = t === best ? 'best' : t.status;
    parts.push(`<circle cx="${x}" cy="${y}" r="${t === best ? 5 : 3.5}" class="${cls}"><title>trial ${padTrial(t.number)} (${t.status}): ${esc(JSON.stringify(t.params[param]))} → ${(t.best as number).toPrecision(4)}</title></circle>`);
  });
  return `<figure><svg width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" role="img" aria-label="${esc(param)} against the validation metric">${parts.join('')}</svg></figure>`;
}

export function sweepPlotHtml(s: SweepState, title: string): string {
  // Fields the sweep fixes (a one-value choice) have nothing to show.
  const params = [...new Set(s.trials.flatMap((t) => Object.keys(t.params)))]
    .filter((p) => new Set(s.trials.map((t) => JSON.stringify(t.params[p]))).size > 1);
  const best = bestTrialOf(s.trials);
  const plots = params.map((p) => paramScatter(s, p)).filter(Boolean);
  return `<!DOCTYPE html><html><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline';">
<style>
body { font-family: var(--vscode-font-family, sans-serif); color: var(--vscode-foreground, #222); }
.grid { display: flex; flex-wrap: wrap; gap: 8px; } figure { margin: 0; }
.ax { stroke: currentColor; stroke-opacity: .5; } .tick { font-size: 9px; fill: currentColor; fill-opacity: .8; } .lab { font-size: 11px; fill: currentColor; }
.completed { fill: #3b82f6; } .pruned { fill: none; stroke: #9ca3af; stroke-width: 1.2; } .best { fill: #f59e0b; stroke: currentColor; }
</style></head><body>
<h3>${esc(title)}</h3>
<p>y: best ${esc(METRIC_LABEL[s.objective])} of each trial (log when it spans more than ×20); filled: completed, hollow: pruned, orange: best${best ? ` (trial ${padTrial(best.number)}, ${(best.best as number).toPrecision(4)})` : ''}.</p>
<div class="grid">${plots.join('\n') || '<p>No trial has a validation value yet.</p>'}</div>
</body></html>`;
}
