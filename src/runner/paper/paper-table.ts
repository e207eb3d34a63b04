/**
 * OUT/paper-table.md: our test-set numbers beside the paper's (methods.md §7), then conclusions computed
 * from the numbers: the best method per metric per regime, and the paper's three headline claims checked
 * against our runs (and against the paper's own table, so a difference is visible as one).
 */
import { formatMetric } from '../../core/report/format-number';
import { badness, METRICS, quantityUnit, type Better, type MetricKey } from '../../core/uq/metric-catalogue';
import type { PaperMetrics, PaperRunResult } from './paper-results';
import { METHOD_LABELS, paperNumbers, type PaperMethod, type PaperRegime } from './paper-values';

type PaperKey = keyof PaperMetrics;
interface MetricInfo { key: PaperKey; label: string; better: Better; inPaper: boolean }

/** A column from the metric catalogue; "paper" beside it when the paper tabulates the metric. */
const column = (key: PaperKey & MetricKey): MetricInfo => ({
  key, label: METRICS[key].label, better: METRICS[key].better, inPaper: METRICS[key].paperName !== undefined,
});

export const TABLE_METRICS: readonly MetricInfo[] = [column('rmse'), column('mae'), column('nllNo2pi'), column('mace'), column('spearman'), column('miscalibrationArea')];
const FORCE_METRIC: MetricInfo = { ...column('rmse'), key: 'forceRmse', label: `force ${METRICS.rmse.label} (${quantityUnit('forces')})` };

/** The table's metrics: force RMSE only when the runs trained on forces. */
export function tableMetrics(forces: boolean): readonly MetricInfo[] {
  return forces ? [...TABLE_METRICS, FORCE_METRIC] : TABLE_METRICS;
}

/** "Close" in the headline claims: within this factor of the ensemble's value. */
export const CLOSE_FACTOR = 1.25;

const cell = formatMetric;

export function tableHeader(forces = false): string[] {
  const h = ['method', 'regime'];
  for (const m of tableMetrics(forces)) h.push(m.label, ...(m.inPaper ? [`${m.label} paper`] : []));
  return [...h, 'epochs (best)', 'minutes', 'ended by'];
}

export function tableRow(r: PaperRunResult, forces = r.forces): string[] {
  const paper = paperNumbers(r.regime, r.method, forces);
  const row = [METHOD_LABELS[r.method], r.regime];
  for (const m of tableMetrics(forces)) {
    row.push(cell(r.metrics ? r.metrics[m.key] : null));
    if (m.inPaper) row.push(cell(paper ? paper[m.key as keyof typeof paper] : null));
  }
  return [...row, `${r.epochs}${r.bestEpoch !== null ? ` (${r.bestEpoch})` : ''}`, (r.trainSeconds / 60).toFixed(1), r.stoppedBy];
}

function markdown(rows: string[][]): string {
  const [h, ...rest] = rows;
  return [`| ${h.join(' | ')} |`, `|${h.map((_, i) => (i < 2 ? '---' : '---:')).join('|')}|`, ...rest.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

type Values = Partial<Record<PaperMethod, number>>;

function best(values: Values, better: Better): PaperMethod[] {
  const entries = Object.entries(values).filter((e): e is [PaperMethod, number] => typeof e[1] === 'number' && Number.isFinite(e[1]));
  if (!entries.length) return [];
  const score = (v: number) => badness({ better }, v)!;
  const top = Math.min(...entries.map(([, v]) => score(v)));
  return entries.filter(([, v]) => score(v) === top).map(([k]) => k);
}

const names = (ms: PaperMethod[]) => (ms.length ? ms.map((m) => METHOD_LABELS[m]).join(' = ') : '—');

function ours(results: readonly PaperRunResult[], regime: PaperRegime, key: PaperKey): Values {
  const v: Values = {};
  for (const r of results) if (r.regime === regime && r.metrics && r.metrics[key] !== null) v[r.method] = r.metrics[key] as number;
  return v;
}

function theirs(regime: PaperRegime, key: PaperKey, methods: readonly PaperMethod[], forces: boolean): Values {
  const v: Values = {};
  for (const m of methods) {
    const p = paperNumbers(regime, m, forces);
    const x = p?.[key as keyof typeof p];
    if (typeof x === 'number') v[m] = x;
  }
  return v;
}

/** Best BNN value over DE's for a lower-is-better metric; null when either side is missing. */
function bnnOverDe(v: Values): number | null {
  const bnn = (['lrt', 'flipout', 'radial'] as const).map((m) => v[m]).filter((x): x is number => typeof x === 'number');
  if (v.de === undefined || !bnn.length || v.de === 0) return null;
  return Math.min(...bnn) / v.de;
}

function claim(ratio: number | null): string {
  if (ratio === null) return 'not measurable';
  return ratio < 1 ? `BNN better (${ratio.toFixed(2)}× DE)` : ratio <= CLOSE_FACTOR ? `BNN close (${ratio.toFixed(2)}× DE)` : `DE clearly ahead (best BNN ${ratio.toFixed(2)}× DE)`;
}

export function conclusions(results: readonly PaperRunResult[]): string[] {
  const lines: string[] = [];
  const regimes = [...new Set(results.map((r) => r.regime))];
  const methods = [...new Set(results.map((r) => r.method))];
  const forces = results.some((r) => r.forces);
  for (const regime of regimes) {
    const parts = tableMetrics(forces).map((m) => {
      const o = best(ours(results, regime, m.key), m.better);
      if (!m.inPaper) return `${m.label}: ${names(o)}`;
      const p = best(theirs(regime, m.key, methods, forces), m.better);
      const agree = p.length ? (o.length && o.join() === p.join() ? 'agrees' : 'differs') : 'no paper value';
      return `${m.label}: ${names(o)} (paper: ${names(p)}, ${agree})`;
    });
    lines.push(`- Best in the ${regime} regime: ${parts.join('; ')}.`);
  }
  if (regimes.includes('full') && methods.includes('de')) {
    const ahead = (key: PaperKey, v: Values) => best(v, 'lower').join() === 'de';
    const r = ahead('rmse', ours(results, 'full', 'rmse')), n = ahead('nllNo2pi', ours(results, 'full', 'nllNo2pi'));
    lines.push(`- Paper: "DE ahead on RMSE and NLL with full data". Here: DE ${r ? 'is' : 'is not'} best on RMSE and ${n ? 'is' : 'is not'} best on NLL → ${r && n ? 'reproduced' : 'not reproduced'}.`);
  }
  if (regimes.includes('subset') && methods.includes('de')) {
    const o = bnnOverDe(ours(results, 'subset', 'rmse')), p = bnnOverDe(theirs('subset', 'rmse', methods, forces));
    lines.push(`- Paper: "BNNs close or better on the subset" (RMSE; close = within ${CLOSE_FACTOR}× DE). Here: ${claim(o)}; paper: ${claim(p)}.`);
  }
  for (const regime of regimes) {
    if (!methods.includes('de')) break;
    const o = bnnOverDe(ours(results, regime, 'mace')), p = bnnOverDe(theirs(regime, 'mace', methods, forces));
    const oa = bnnOverDe(ours(results, regime, 'miscalibrationArea'));
    lines.push(`- Calibration, ${regime}: MACE ${claim(o)} (paper: ${claim(p)}); miscalibration area ${claim(oa)}.`);
  }
  return lines;
}

export interface TableContext { command: string; budgetNote: string; testCount: number; subsetNote: string }

export function paperTableMarkdown(results: readonly PaperRunResult[], ctx: TableContext): string {
  const forces = results.some((r) => r.forces);
  const rows = [tableHeader(forces), ...results.map((r) => tableRow(r, forces))];
  return [
    '# Paper comparison (Farris et al. 2025, arXiv:2509.19180)',
    '',
    `Test set: ${ctx.testCount} structures, energy per atom (eV/atom); NLL without the 2π term; MACE and miscalibration area from the interval calibration curve (100 levels); Spearman of |e| vs σ. "paper" columns: methods.md §7 (TiO2, 7,815 structures, mean of 5 runs${forces ? '; with forces the paper gives energy and force RMSE only, full set' : ''}).`,
    `${forces ? 'Trained on energies and forces (α = 0.1); force RMSE per component on the test set.' : 'Energy only.'} ${ctx.subsetNote}`,
    '',
    markdown(rows),
    '',
    `Budget: ${ctx.budgetNote}`,
    '',
    '## Conclusions (computed from the numbers above)',
    '',
    ...conclusions(results),
    '',
    'Command:',
    '',
    '```',
    ctx.command,
    '```',
    '',
  ].join('\n');
}
