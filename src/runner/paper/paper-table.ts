/**
 * OUT/paper-table.md: our test-set numbers per run beside the paper's, the mean ± std table of a multi-seed
 * study, then conclusions computed from the numbers: the best method per metric per regime (ours and the
 * paper's), and the authors' reading checked claim by claim.
 */
import { formatMetric } from '../../core/report/format-number';
import { badness, METRICS, quantityUnit, type Better, type MetricKey } from '../../core/uq/metric-catalogue';
import type { PaperMetrics, PaperRunResult } from './paper-results';
import { claimLines } from './paper-claims';
import { paperNumbers, STUDIES, type PaperStudy } from './paper-study';
import { aggregate } from './paper-study-table';
import { METHOD_LABELS, type PaperMethod, type PaperRegime } from './paper-values';

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

const cell = formatMetric;

export function tableHeader(forces = false): string[] {
  const h = ['method', 'regime'];
  for (const m of tableMetrics(forces)) h.push(m.label, ...(m.inPaper ? [`${m.label} paper`] : []));
  return [...h, 'epochs (best)', 'minutes', 'ended by'];
}

export function tableRow(r: PaperRunResult, forces = r.forces, study: PaperStudy = forces ? 'tio2-forces' : 'tio2'): string[] {
  const paper = paperNumbers(r.regime, r.method, study);
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

function theirs(regime: PaperRegime, key: PaperKey, methods: readonly PaperMethod[], study: PaperStudy): Values {
  const v: Values = {};
  for (const m of methods) {
    const p = paperNumbers(regime, m, study);
    const x = p?.[key as keyof typeof p];
    if (typeof x === 'number') v[m] = x;
  }
  return v;
}

/**
 * Per regime the best method on each metric beside the paper's best, then the authors' reading checked
 * claim by claim (paper-claims.ts) on the means over seeds.
 */
export function conclusions(results: readonly PaperRunResult[], study: PaperStudy = results.some((r) => r.forces) ? 'tio2-forces' : 'tio2'): string[] {
  const lines: string[] = [];
  const regimes = [...new Set(results.map((r) => r.regime))];
  const methods = [...new Set(results.map((r) => r.method))];
  const forces = results.some((r) => r.forces);
  for (const regime of regimes) {
    const parts = tableMetrics(forces).map((m) => {
      const o = best(ours(results, regime, m.key), m.better);
      if (!m.inPaper) return `${m.label}: ${names(o)}`;
      const p = best(theirs(regime, m.key, methods, study), m.better);
      const agree = p.length ? (o.length && o.join() === p.join() ? 'agrees' : 'differs') : 'no paper value';
      return `${m.label}: ${names(o)} (paper: ${names(p)}, ${agree})`;
    });
    lines.push(`- Best in the ${regime} regime: ${parts.join('; ')}.`);
  }
  const agg = aggregate(results, STUDIES[study].columns);
  lines.push(...claimLines(study, (method, regime, metric) => agg.find((a) => a.method === method && a.regime === regime)?.values[metric]?.mean));
  return lines;
}

export interface TableContext {
  command: string; budgetNote: string; testCount: number; subsetNote: string;
  /** Which published numbers the "paper" columns and the claims compare with (default from the runs: tio2 or tio2-forces). */
  study?: PaperStudy;
  /** Markdown inserted before the conclusions (the mean ± std table of a multi-seed study). */
  studySection?: string;
  /** One line per method trained with --tuned values instead of the paper's (paper-tuned.ts tunedNote). */
  tuned?: string[];
}

/** Where the "paper" columns of each study come from. */
const PAPER_SOURCE: Record<PaperStudy, string> = {
  tio2: 'methods.md §7 (TiO2, 7,815 structures, mean of 5 runs)',
  'tio2-forces': 'methods.md §7 (TiO2, 7,815 structures, mean of 5 runs; with forces the paper gives energy and force RMSE only, full set)',
  qm7: 'paper-protocol.md §4.2 (QM7; RMSE and MAE; its NLL includes 2π and is in the study table)',
};

export function paperTableMarkdown(results: readonly PaperRunResult[], ctx: TableContext): string {
  const forces = results.some((r) => r.forces);
  const study = ctx.study ?? (forces ? 'tio2-forces' : 'tio2');
  const rows = [tableHeader(forces), ...results.map((r) => tableRow(r, forces, study))];
  return [
    '# Paper comparison (Farris et al. 2025, arXiv:2509.19180)',
    '',
    `Test set: ${ctx.testCount} structures, energy per atom (eV/atom); NLL without the 2π term; MACE and miscalibration area from the interval calibration curve (100 levels); Spearman of |e| vs σ. "paper" columns: ${PAPER_SOURCE[study]}.`,
    `${forces ? 'Trained on energies and forces (α = 0.1); force RMSE per component on the test set.' : 'Energy only.'} ${ctx.subsetNote}`,
    '',
    `${STUDIES[study].settings} Deep ensembles: Adam (0.9, 0.999), the paper's batch 32 and learning rate 5.49e-4, early stopping on validation.`,
    ...(ctx.tuned?.length ? ['', ...ctx.tuned.map((l) => `- ${l}`)] : []),
    '',
    markdown(rows),
    '',
    `Budget: ${ctx.budgetNote}`,
    ...(ctx.studySection ? [ctx.studySection] : []),
    '',
    '## Conclusions (computed from the numbers above)',
    '',
    ...conclusions(results, study),
    '',
    'Command:',
    '',
    '```',
    ctx.command,
    '```',
    '',
  ].join('\n');
}
