/**
 * How far to trust a report's numbers, read the same way by every view (CLI report and compare, the
 * comparison model, the HTML export, the viewer, `npm start`'s headline): a metric's bootstrap 95 %
 * interval where the report stored one, and the small-n sentence of a set (src/core/uq/small-sample.ts).
 */
import { INTERVAL_METRIC_KEYS, type IntervalMetricKey, type SetName, type UqEvaluation, type UqReport } from '../../protocol/report';
import { smallSampleWarning } from '../uq/small-sample';
import { formatMetric, withInterval } from './format-number';

/** The bootstrap 95 % interval of metric `key`: only RMSE, MAE, MACE and PICP have one, and reports written before them none. */
export function intervalOf(ev: UqEvaluation | undefined, key: string): [number, number] | undefined {
  return (INTERVAL_METRIC_KEYS as readonly string[]).includes(key) ? ev?.intervals?.[key as IntervalMetricKey] : undefined;
}

/** "0.0121 [0.011, 0.0133]": metric `key` of `ev` with its interval (each part by `format`), the value alone without one. */
export function metricText(ev: UqEvaluation | undefined, key: string, format: (x: number) => string = formatMetric): string {
  const v = (ev?.metrics as Record<string, unknown> | undefined)?.[key];
  return typeof v === 'number' ? withInterval(v, intervalOf(ev, key), format) : formatMetric(v as null | undefined);
}

/** How many structures a set of the report holds (its predictions, else the energy count); undefined for a set it lacks. */
export function setSize(r: UqReport, set: SetName): number | undefined {
  return r.metrics?.[set] ? r.predictions?.[set]?.structures?.length ?? r.metrics[set]?.energy?.raw?.metrics?.count : undefined;
}

/** The small-n sentence of one set of the report, or null (30 structures or more, or no such set). */
export function setSmallSampleWarning(r: UqReport, set: SetName): string | null {
  const n = setSize(r, set);
  return n !== undefined ? smallSampleWarning(n, set) : null;
}
