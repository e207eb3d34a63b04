/** Metric tables: energy and forces × train/validation/test, raw and recalibrated; and the comparison table. */
import { badness, displayValue, METRICS, quantityUnit, type MetricInfo, type MetricKey } from '../../src/core/uq/metric-catalogue';
import { QUANTITY_NAMES, SET_NAMES, type QuantityName, type SetName, type UqMetricSet, type UqReport } from '../../src/protocol/report';
import { el, fmt } from '../shared/dom';

/** The viewer's columns, labelled by the metric catalogue; values in the quantity's unit are shown in milli (meV). */
const COLUMN_KEYS: readonly MetricKey[] = ['count', 'rmse', 'mae', 'maxError', 'nll', 'mace', 'rmsce', 'miscalibrationArea', 'sharpness', 'spearman', 'picp95'];
export const METRIC_COLUMNS: readonly MetricInfo[] = COLUMN_KEYS.map((k) => METRICS[k]);

const unitLabel = (q: QuantityName): string => quantityUnit(q, 'milli');

/** One table cell: counts as they are, errors in milli-units (meV), '–' where absent. */
export function cell(m: UqMetricSet | undefined, c: MetricInfo): string {
  const v = m?.[c.key];
  if (typeof v !== 'number') return '–';
  if (c.unit === 'count') return String(v);
  return fmt(displayValue(c, v, 'milli'), 4);
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

/** The columns holding the best value of a row (the catalogue's badness; ties all marked); none with fewer than two values, all equal, or no direction. */
export function bestIndex(values: (number | undefined)[], c: MetricInfo): number[] {
  const scored = values.map((v) => (v !== undefined && Number.isFinite(v) ? badness(c, v) ?? NaN : NaN));
  const finite = scored.filter(Number.isFinite);
  if (finite.length < 2) return [];
  const top = Math.min(...finite);
  if (finite.every((s) => s === top)) return [];
  return scored.flatMap((s, i) => (s === top ? [i] : []));
}

/** Two or more reports side by side: one column per report, test-set metrics, raw and recalibrated. */
export function comparisonTable(reports: { label: string; report: UqReport }[], set: SetName = 'test'): HTMLElement {
  const rows: HTMLTableRowElement[] = [];
  for (const q of QUANTITY_NAMES) {
    for (const variant of ['raw', 'recalibrated'] as const) {
      const evs = reports.map((x) => x.report.metrics?.[set]?.[q]?.[variant]?.metrics);
      if (evs.every((e) => !e)) continue;
      for (const c of METRIC_COLUMNS) {
        const values = evs.map((e) => (typeof e?.[c.key] === 'number' ? (e[c.key] as number) : undefined));
        // Mark the best by the catalogue's direction: lowest, highest, or closest to the target (PICP 95 % → 0.95).
        const best = bestIndex(values, c);
        rows.push(el('tr', {},
          el('th', { scope: 'row', text: `${q} · ${variant} · ${c.label}${c.unit === 'quantity' ? ` (${unitLabel(q)})` : ''}` }),
          ...evs.map((e, i) => el('td', { class: best.includes(i) ? 'best' : undefined, title: best.includes(i) ? `best (${c.better === 'target' ? `closest to ${c.target}` : `${c.better} is better`})` : undefined, text: cell(e, c) }))));
      }
    }
  }
  return el('div', { class: 'table-scroll' }, el('table', { class: 'compare-table' },
    el('thead', {}, el('tr', {}, el('th', { text: `${set} set` }), ...reports.map((x) => el('th', { scope: 'col', text: x.label })))),
    el('tbody', {}, ...rows)));
}
