/** Metric tables: energy and forces × train/validation/test, raw and recalibrated (the comparison table is compare.ts). */
import { displayValue, METRICS, quantityUnit, type MetricInfo, type MetricKey } from '../../src/core/uq/metric-catalogue';
import { QUANTITY_NAMES, SET_NAMES, type QuantityName, type UqMetricSet, type UqReport } from '../../src/protocol/report';
import { el, fmt } from '../shared/dom';

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

const columnHead = (c: MetricInfo) => el('th', { scope: 'col', title: c.description, text: c.label });

export function metricsTables(r: UqReport): HTMLElement {
  const box = el('div', { class: 'metrics' });
  for (const q of QUANTITY_NAMES) {
    const rows: HTMLTableRowElement[] = [];
    for (const set of SET_NAMES) {
      const qm = r.metrics?.[set]?.[q];
      if (!qm) continue;
      for (const [variant, ev] of [['raw', qm.raw], ['recalibrated', qm.recalibrated]] as const) {
        if (!ev?.metrics) continue;
        rows.push(el('tr', { 'data-set': set, 'data-variant': variant },
          el('th', { scope: 'row', text: `${set} · ${variant}` }),
          ...METRIC_COLUMNS.map((c) => el('td', { text: cell(ev.metrics, c) }))));
      }
    }
    if (!rows.length) continue;
    box.append(
      el('h3', { text: `${q === 'energy' ? 'Energy per atom' : 'Force components'} (errors in ${unitLabel(q)})` }),
      el('div', { class: 'table-scroll' }, el('table', { class: 'metric-table', 'data-quantity': q },
        el('thead', {}, el('tr', {}, el('th', { text: 'set' }), ...METRIC_COLUMNS.map(columnHead))),
        el('tbody', {}, ...rows))));
  }
  const rec = r.recalibration;
  if (rec && (rec.energy || rec.forces)) {
    box.appendChild(el('p', { class: 'meta', text: `Recalibration (σ' = s·σ, fitted on validation): ${QUANTITY_NAMES.filter((q) => rec[q]).map((q) => `${q} s = ${fmt(rec[q]!.scale, 4)}`).join(', ')}` }));
  }
  if (!box.childElementCount) box.appendChild(el('p', { class: 'meta', text: 'This report holds no metrics.' }));
  return box;
}
