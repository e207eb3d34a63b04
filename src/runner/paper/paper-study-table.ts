/**
 * The study section of paper-table.md: per (method, regime) the mean ± std over seeds of every column of
 * the paper's table (sample std, n − 1; the paper does not say which it used), the paper's mean ± std on
 * the row beneath (the conclusions of paper-table.ts check the paper's reading on these means).
 */
import { formatMetric } from '../../core/report/format-number';
import type { PaperRunResult } from './paper-results';
import { STUDIES, type PaperStudy, type StudyMetric } from './paper-study';
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

/** Mean ± std per (method, regime) over the runs that finished with a report, in first-seen order. */
export function aggregate(results: readonly PaperRunResult[], columns: readonly StudyMetric[]): StudyAggregate[] {
  const groups = new Map<string, PaperRunResult[]>();
  for (const r of results) {
    const key = `${r.method}/${r.regime}`;
    (groups.get(key) ?? groups.set(key, []).get(key)!).push(r);
  }
  return [...groups.values()].map((rs) => {
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
  // Labels such as R²(σ, |e|) hold a pipe, which would split a Markdown cell.
  const line = (r: string[]) => `| ${r.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`;
  return [
    '',
    `## The paper's study: ${spec.title} (paper-protocol.md ${spec.section})`,
    '',
    `Mean ± sample std over ${ctx.seeds.length} training seed${ctx.seeds.length > 1 ? 's' : ''} (${ctx.seeds.join(', ')}), the same split for all; σ raw (not recalibrated), as the paper reports it; NLL ${spec.nll}. ${results.length} run${results.length === 1 ? '' : 's'}, ${ctx.parallel} at a time, ${(ctx.seconds / 60).toFixed(1)} min wall.`,
    '',
    line(header),
    `|${header.map((_, i) => (i < 3 ? '---' : '---:')).join('|')}|`,
    ...rows.map(line),
  ].join('\n');
}
