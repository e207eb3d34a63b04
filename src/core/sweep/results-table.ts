/** The sweep's results as CSV and Markdown: one row per trial, the best one marked. */
import { bestTrialOf, padTrial, type SweepState } from './sweep-state';
import { METRIC_LABEL } from './types';

const show = (v: unknown) => (typeof v === 'number' ? (Number.isInteger(v) ? String(v) : v.toPrecision(4)) : JSON.stringify(v));

function csvCell(v: string): string {
  return /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

function paramNames(s: SweepState): string[] {
  return [...new Set(s.trials.flatMap((t) => Object.keys(t.params)))];
}

export function resultsCsv(s: SweepState): string {
  const names = paramNames(s);
  const head = ['trial', ...names, 'status', `best_${s.objective}`, 'best_epoch', 'epochs', 'minutes', 'message'];
  const rows = s.trials.map((t) => [
    padTrial(t.number), ...names.map((n) => (n in t.params ? (typeof t.params[n] === 'number' ? String(t.params[n]) : JSON.stringify(t.params[n])) : '')),
    t.status, t.best === null ? '' : String(t.best), t.bestEpoch === null ? '' : String(t.bestEpoch), String(t.epochs), t.minutes.toFixed(2), t.message ?? '',
  ]);
  return [head, ...rows].map((r) => r.map(csvCell).join(',')).join('\n') + '\n';
}

export function resultsMarkdown(s: SweepState): string {
  const names = paramNames(s);
  const best = bestTrialOf(s.trials);
  const lines = [
    `# Sweep results`,
    '',
    `${s.trials.length} trial${s.trials.length === 1 ? '' : 's'} (${s.strategy}, seed ${s.seed}, ${s.executor}), ${s.elapsedMinutes.toFixed(1)} min; objective: best ${METRIC_LABEL[s.objective]} over the epochs, lower is better.`,
    best ? `Best: trial ${padTrial(best.number)}, ${show(best.best)} at epoch ${best.bestEpoch}.` : 'No trial has a validation value yet.',
    '',
    `| trial | ${names.join(' | ')} | status | best ${s.objective} | best epoch | epochs | minutes |`,
    `|---|${names.map(() => '---|').join('')}---|---|---|---|---|`,
    ...s.trials.map((t) => `| ${padTrial(t.number)}${best === t ? ' ★' : ''} | ${names.map((n) => show(t.params[n])).join(' | ')} | ${t.status}${t.message && t.status === 'failed' ? ` (${t.message.replace(/\|/g, '\\|').slice(0, 80)})` : ''} | ${t.best === null ? '–' : show(t.best)} | ${t.bestEpoch ?? '–'} | ${t.epochs} | ${t.minutes.toFixed(1)} |`),
    '',
  ];
  return lines.join('\n');
}
