/**
 * `compare`'s second table: the reports' errors per group (energy or forces, with calibration) and,
 * for forces, per element of the atom (the report's `breakdown`), one row per group × metric, the best
 * value of each row marked with *. Where runs differ most (surfaces 6× worse than bulk) shows here.
 */
import { badness, METRICS, quantityUnit, type MetricKey } from '../../core/uq/metric-catalogue';
import type { QuantityName, SetName, UqMetricSet, UqReport } from '../../protocol/report';
import { formatNumber, reportLabel } from './compare-cells';

const SHOWN: readonly MetricKey[] = ['count', 'mae', 'rmse', 'mace', 'picp95'];

function entries(r: UqReport, set: SetName, q: QuantityName): [string, UqMetricSet][] {
  const b = r.breakdown?.[set];
  if (!b) return [];
  const groups = Object.entries(b.groups ?? {}).flatMap(([g, m]) => (m[q] ? [[`group ${g}`, m[q]!] as [string, UqMetricSet]] : []));
  const elements = q === 'forces' ? Object.entries(b.forcesByElement ?? {}).map(([el, m]) => [`element ${el}`, m] as [string, UqMetricSet]) : [];
  return [...elements, ...groups];
}

/** Null when no report breaks this set and quantity down. */
export function breakdownTable(reports: { file: string; report: UqReport }[], set: SetName, q: QuantityName): string[][] | null {
  const per = reports.map((x) => new Map(entries(x.report, set, q)));
  const keys = [...new Set(per.flatMap((m) => [...m.keys()]))].sort();
  if (!keys.length) return null;
  const header = [`${set} ${q} by element and group (${quantityUnit(q)})`, ...reports.map((x) => reportLabel(x.report, x.file))];
  const rows = keys.flatMap((key) => SHOWN.map((k) => {
    const values = per.map((m) => m.get(key)?.[k] as number | null | undefined);
    const scores = values.map((v) => (typeof v === 'number' && k !== 'count' ? badness(METRICS[k], v) : undefined));
    const defined = scores.filter((s): s is number => s !== undefined);
    const min = defined.length > 1 ? Math.min(...defined) : undefined;
    const winners = scores.filter((s) => s === min).length;
    return [`${key} ${METRICS[k].label}`, ...values.map((v, i) => formatNumber(v) + (min !== undefined && winners === 1 && scores[i] === min ? ' *' : ''))];
  }));
  return [header, ...rows];
}
