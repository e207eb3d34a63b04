/**
 * The study section of paper-table.md: per (method, regime) the mean ± std over seeds of every column of
 * the paper's table (sample std, n − 1; the paper does not say which it used), the paper's mean ± std on
 * the row beneath (the conclusions of paper-table.ts check the paper's reading on these means).
 */
import { formatMetric } from '../../core/report/format-number';
import { METRICS, SIGMA_SCALE_LABEL } from '../../core/uq/metric-catalogue';
import type { PaperRunResult, RecalibratedEnergy, RecalibratedKey } from './paper-results';
import { STUDIES, type PaperStudy, type StudyMetric, type StudySpec } from './paper-study';
import type { MeanStd } from './paper-study-numbers';
import { STUDY_COLUMN_LABELS } from './paper-study-labels';
import { METHOD_LABELS, type PaperMethod, type PaperRegime } from './paper-values';

export interface StudyAggregate {
  method: PaperMethod;
  regime: PaperRegime;
  /** Runs with a report. */
  n: number;
  values: Partial<Record<StudyMetric, MeanStd>>;
  minutes: number;
}

export function meanStd(xs: readonly number[]): MeanStd | undefined {
  if (!xs.length) return undefined;
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const std = xs.length > 1 ? Math.sqrt(xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (xs.length - 1)) : NaN;
  return { mean, std };
}

/** The runs of each (method, regime), in first-seen order. */
function byMethodRegime(results: readonly PaperRunResult[]): PaperRunResult[][] {
  const groups = new Map<string, PaperRunResult[]>();
  for (const r of results) {
    const key = `${r.method}/${r.regime}`;
    (groups.get(key) ?? groups.set(key, []).get(key)!).push(r);
  }
  return [...groups.values()];
}

/** Mean ± std per (method, regime) over the runs that finished with a report, in first-seen order. */
export function aggregate(results: readonly PaperRunResult[], columns: readonly StudyMetric[]): StudyAggregate[] {
  return byMethodRegime(results).map((rs) => {
    const ok = rs.filter((r) => r.metrics);
    const values: StudyAggregate['values'] = {};
    for (const c of columns) {
      const xs = ok.map((r) => r.metrics![c]).filter((x): x is number => typeof x === 'number' && Number.isFinite(x));
      const ms = meanStd(xs);
      if (ms) values[c] = ms;
    }
    return { method: rs[0].method, regime: rs[0].regime, n: ok.length, values, minutes: rs.reduce((a, r) => a + r.trainSeconds, 0) / 60 / rs.length };
  });
}

function cell(x: MeanStd | undefined): string {
  if (!x) return '—';
  return Number.isFinite(x.std) ? `${formatMetric(x.mean)} ± ${formatMetric(x.std)}` : formatMetric(x.mean);
}

/** How the table names each run's default recalibration. */
const RECALIBRATION_LABELS: Record<RecalibratedEnergy['method'], string> = { none: 'raw σ kept', scale: 'scale', isotonic: 'isotonic' };

/**
 * The same runs after their own recalibration (σ fitted on each run's validation set, the product's default in
 * `predict` and the viewer): the validation-fitted σ scale says how far the raw σ was off, the rest how well the
 * recalibrated σ holds on the test set. Empty when no run has one.
 */
function recalibratedMarkdown(results: readonly PaperRunResult[], spec: StudySpec): string[] {
  const nll: RecalibratedKey = spec.nll === 'no 2π' ? 'nllNo2pi' : 'nll';
  const keys: RecalibratedKey[] = [nll, 'mace', 'rmsce', 'ece10', 'picp95'];
  const groups = byMethodRegime(results)
    .map((runs) => ({ first: runs[0], rs: runs.map((r) => r.recalibrated).filter((x): x is RecalibratedEnergy => !!x) }))
    .filter((g) => g.rs.length);
  if (!groups.length) return [];
  const header = ['method', 'regime', 'runs', SIGMA_SCALE_LABEL, ...keys.map((k) => METRICS[k].label), 'recalibration (runs)'];
  const rows = groups.map(({ first: r, rs }) => {
    const methods = [...new Set(rs.map((x) => x.method))].map((m) => `${RECALIBRATION_LABELS[m]} (${rs.filter((x) => x.method === m).length})`).join(', ');
    return [METHOD_LABELS[r.method], r.regime, String(rs.length), cell(meanStd(rs.map((x) => x.scale))), ...keys.map((k) => cell(meanStd(rs.map((x) => x[k])))), methods];
  });
  return [
    '',
    '### After each run\'s recalibration (the product\'s default)',
    '',
    'σ recalibrated on each run\'s own validation set (the σ scale that minimises validation MACE, with the isotonic map on top where held-out folds prefer it, or raw σ kept where held-out folds found it better calibrated than either fit), as `predict` and the report viewer show it; test-set numbers, mean ± sample std over the seeds. A σ scale below 1 means the raw σ was too large (runs that kept raw σ list their validation-fitted scale without applying it). The paper tabulates raw σ only.',
    '',
    tableLine(header),
    `|${header.map((_, i) => (i < 2 || i === header.length - 1 ? '---' : '---:')).join('|')}|`,
    ...rows.map(tableLine),
  ];
}

// Labels such as R²(σ, |e|) hold a pipe, which would split a Markdown cell.
const tableLine = (r: string[]) => `| ${r.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`;

export interface StudyContext { study: PaperStudy; seeds: readonly number[]; parallel: number; seconds: number }

export function studyMarkdown(results: readonly PaperRunResult[], ctx: StudyContext): string {
  const spec = STUDIES[ctx.study];
  const agg = aggregate(results, spec.columns);
  const header = ['method', 'regime', 'source', ...spec.columns.map((c) => STUDY_COLUMN_LABELS[c]), 'minutes per run'];
  const rows: string[][] = [];
  for (const a of agg) {
    rows.push([METHOD_LABELS[a.method], a.regime, `ours (n = ${a.n})`, ...spec.columns.map((c) => cell(a.values[c])), a.minutes.toFixed(1)]);
    rows.push([METHOD_LABELS[a.method], a.regime, 'paper', ...spec.columns.map((c) => cell(spec.paper(a.method, a.regime, c))), '']);
  }
  return [
    '',
    `## The paper's study: ${spec.title} (paper-protocol.md ${spec.section})`,
    '',
    `Mean ± sample std over ${ctx.seeds.length} training seed${ctx.seeds.length > 1 ? 's' : ''} (${ctx.seeds.join(', ')}), the same split for all; σ raw (not recalibrated), as the paper reports it; NLL ${spec.nll}. ${results.length} run${results.length === 1 ? '' : 's'}, ${ctx.parallel} at a time, ${(ctx.seconds / 60).toFixed(1)} min wall.`,
    '',
    tableLine(header),
    `|${header.map((_, i) => (i < 3 ? '---' : '---:')).join('|')}|`,
    ...rows.map(tableLine),
    ...recalibratedMarkdown(results, spec),
  ].join('\n');
}
