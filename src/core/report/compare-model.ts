/**
 * What a side-by-side comparison of reports shows, without the DOM: one column per report (named by its
 * run, never by the file name every run shares), one row per quantity × σ variant × metric with the
 * better value(s) marked by the metric catalogue's direction, and the warning when the reports were not
 * tested on the same structures. The viewer (webview/report/compare.ts) renders it; pure and browser-safe.
 */
import { badness, type MetricInfo } from '../uq/metric-catalogue';
import { QUANTITY_NAMES, type QuantityName, type SetName, type UqReport } from '../../protocol/report';
import { testSetDifference } from './test-set-difference';
import { intervalOf, setSmallSampleWarning } from './metric-trust';

export type SigmaVariant = 'raw' | 'recalibrated';

export interface CompareRow {
  quantity: QuantityName;
  variant: SigmaVariant;
  metric: MetricInfo;
  /** One per column; undefined where that report has no such number. */
  values: (number | undefined)[];
  /** Columns holding the better value (ties all marked); empty when nothing can be ranked. */
  best: number[];
  /** One per column: the value's bootstrap 95 % interval, where the report has one (RMSE, MAE, MACE, PICP). */
  intervals: ([number, number] | undefined)[];
}

export interface CompareModel {
  set: SetName;
  /** Column names, distinct (a repeated name gets " (2)", " (3)" …). */
  columns: string[];
  rows: CompareRow[];
  /** Said before the numbers when the test sets differ (test-set-difference.ts); null otherwise. */
  testSetWarning: string | null;
  /** "run-a: n = 10: too few test structures …" for each report whose set has fewer than 30 structures. */
  smallSampleWarnings: string[];
}

/**
 * The columns holding the best value of one row: the smallest badness (v for 'lower', −v for 'higher',
 * |v − target| for 'target'). None with fewer than two values, when all are equal (no one is better), or
 * for a metric without a direction (a count, sharpness, interval width).
 */
export function bestIndices(values: readonly (number | undefined)[], metric: Pick<MetricInfo, 'better' | 'target'>): number[] {
  const scored = values.map((v) => (v !== undefined && Number.isFinite(v) ? badness(metric, v) ?? NaN : NaN));
  const finite = scored.filter(Number.isFinite);
  if (finite.length < 2) return [];
  const top = Math.min(...finite);
  if (finite.every((s) => s === top)) return [];
  return scored.flatMap((s, i) => (s === top ? [i] : []));
}

/** Names made distinct in order: the second "run-a" becomes "run-a (2)". */
export function distinctLabels(labels: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return labels.map((l) => {
    const n = (seen.get(l) ?? 0) + 1;
    seen.set(l, n);
    return n === 1 ? l : `${l} (${n})`;
  });
}

/**
 * The comparison of `reports` on one set, rows for the given metrics (the viewer's columns), energy then
 * forces, raw then recalibrated; a quantity × variant no report has is left out.
 */
export function compareModel(reports: readonly { label: string; report: UqReport }[], metrics: readonly MetricInfo[], set: SetName = 'test'): CompareModel {
  const columns = distinctLabels(reports.map((r) => r.label));
  const rows: CompareRow[] = [];
  for (const quantity of QUANTITY_NAMES) {
    for (const variant of ['raw', 'recalibrated'] as const) {
      const evs = reports.map((x) => x.report.metrics?.[set]?.[quantity]?.[variant]);
      const sets = evs.map((ev) => ev?.metrics);
      if (sets.every((m) => !m)) continue;
      for (const metric of metrics) {
        const values = sets.map((m) => {
          const v = m?.[metric.key];
          return typeof v === 'number' ? v : undefined;
        });
        const intervals = evs.map((ev, i) => (values[i] !== undefined ? intervalOf(ev, metric.key) : undefined));
        rows.push({ quantity, variant, metric, values, best: bestIndices(values, metric), intervals });
      }
    }
  }
  const testSetWarning = set === 'test' ? testSetDifference(reports.map((x, i) => ({ label: columns[i], report: x.report }))) : null;
  const smallSampleWarnings = reports.flatMap((x, i) => {
    const few = setSmallSampleWarning(x.report, set);
    return few ? [`${columns[i]}: ${few}`] : [];
  });
  return { set, columns, rows, testSetWarning, smallSampleWarnings };
}
