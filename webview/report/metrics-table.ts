/**
 * Metric tables: energy and forces × train/validation/test, raw and recalibrated (the comparison table is
 * compare.ts). Where held-out validation folds kept raw σ (method "none"), the recalibrated row is the raw
 * one and is labelled so.
 */
import { displayValue, METRICS, quantityUnit, type MetricInfo, type MetricKey } from '../../src/core/uq/metric-catalogue';
import { QUANTITY_NAMES, SET_NAMES, type UqEvaluation, type QuantityName, type UqMetricSet, type UqReport } from '../../src/protocol/report';
import { el, fmt } from '../shared/dom';
import { metricText, setSmallSampleWarning } from '../../src/core/report/metric-trust';
import { keptRawSigma, KEPT_RAW_SIGMA_SENTENCE } from '../../src/core/uq/recalibration-factor';

/** The viewer's columns, labelled by the metric catalogue; values in the quantity's unit are shown in milli (meV). */
const COLUMN_KEYS: readonly MetricKey[] = ['count', 'rmse', 'mae', 'maxError', 'nll', 'mace', 'rmsce', 'miscalibrationArea', 'sharpness', 'spearman', 'picp95'];
export const METRIC_COLUMNS: readonly MetricInfo[] = COLUMN_KEYS.map((k) => METRICS[k]);

const unitLabel = (q: QuantityName): string => quantityUnit(q, 'milli');

/** One value as a table cell: counts as they are, errors in milli-units (meV), '–' where absent. */
export function valueText(v: number | null | undefined, c: MetricInfo): string {
  if (typeof v !== 'number') return '–';
  if (c.unit === 'count') return String(v);
  return fmt(displayValue(c, v, 'milli'), 4);
}

/** One metric of a set as a table cell (valueText). */
export function cell(m: UqMetricSet | undefined, c: MetricInfo): string {
  return valueText(m?.[c.key] as number | null | undefined, c);
}

/** A metric with its bootstrap 95 % interval where the report has one, "12.10 [11.02, 13.31]", each part as `cell` shows it. */
export function intervalCell(ev: UqEvaluation | undefined, c: MetricInfo): string {
  if (typeof ev?.metrics?.[c.key] !== 'number') return cell(ev?.metrics, c);
  return metricText(ev, c.key, (x) => cell({ ...ev.metrics, [c.key]: x }, c));
}

/** What each row's σ is, for its tooltip: the dashboard's final numbers are the raw row of validation. */
const VARIANT_TITLES = {
  raw: 'the model\'s raw σ, best epoch (the dashboard\'s final validation numbers are this row\'s)',
  recalibrated: 'σ recalibrated on the validation set (σ\' = s·σ, or the isotonic map), best epoch',
} as const;

/** The small-n sentence (src/core/uq/small-sample.ts) for each set of the report with fewer than 30 structures. */
export function smallSampleWarnings(r: UqReport): HTMLElement[] {
  return SET_NAMES.flatMap((set) => {
    const text = setSmallSampleWarning(r, set);
    return text ? [el('p', { class: 'warning small-sample', role: 'status', 'data-set': set, text: `⚠ ${text}` })] : [];
  });
}

const columnHead = (c: MetricInfo) => el('th', { scope: 'col', title: c.description, text: c.label });

export function metricsTables(r: UqReport): HTMLElement {
  const box = el('div', { class: 'metrics' });
  for (const q of QUANTITY_NAMES) {
    const rows: HTMLTableRowElement[] = [];
    for (const set of SET_NAMES) {
      const qm = r.metrics?.[set]?.[q];
      if (!qm) continue;
      const kept = keptRawSigma(r.recalibration?.[q]);
      for (const [variant, ev] of [['raw', qm.raw], ['recalibrated', qm.recalibrated]] as const) {
        if (!ev?.metrics) continue;
        const keptRow = kept && variant === 'recalibrated';
        rows.push(el('tr', { 'data-set': set, 'data-variant': variant },
          el('th', { scope: 'row', text: `${set} · ${keptRow ? 'recalibrated = raw' : variant}`, title: keptRow ? KEPT_RAW_SIGMA_SENTENCE : VARIANT_TITLES[variant] }),
          ...METRIC_COLUMNS.map((c) => el('td', { text: intervalCell(ev, c) }))));
      }
    }
    if (!rows.length) continue;
    box.append(
      el('h3', { text: `${q === 'energy' ? 'Energy per atom' : 'Force components'} (errors in ${unitLabel(q)})` }),
      el('div', { class: 'table-scroll' }, el('table', { class: 'metric-table', 'data-quantity': q },
        el('thead', {}, el('tr', {}, el('th', { text: 'set' }), ...METRIC_COLUMNS.map(columnHead))),
        el('tbody', {}, ...rows))));
  }
  const anyInterval = QUANTITY_NAMES.some((q) => SET_NAMES.some((s) => r.metrics?.[s]?.[q]?.raw?.intervals));
  if (anyInterval) box.appendChild(el('p', { class: 'meta', text: 'In brackets: 95 % bootstrap intervals, from resamples of the set\'s structures.' }));
  box.append(...smallSampleWarnings(r));
  const rec = r.recalibration;
  if (rec && (rec.energy || rec.forces)) {
    box.appendChild(el('p', { class: 'meta', text: `Recalibration (σ' = s·σ, fitted on validation): ${QUANTITY_NAMES.filter((q) => rec[q]).map((q) => (keptRawSigma(rec[q])
      ? `${q}: none (${KEPT_RAW_SIGMA_SENTENCE}; s = ${fmt(rec[q]!.scale, 4)} not applied)`
      : `${q} s = ${fmt(rec[q]!.scale, 4)}`)).join(', ')}` }));
  }
  if (!box.childElementCount) box.appendChild(el('p', { class: 'meta', text: 'This report holds no metrics.' }));
  return box;
}
