/**
 * Two or more reports side by side (the comparison panel): the warning when they were not tested on the
 * same structures, then one column per run with the test-set metrics, the better value of each row
 * starred. What goes in the table is src/core/report/compare-model.ts; this file only draws it.
 */
import type { UqReport } from '../../src/protocol/report';
import { compareModel, type CompareModel, type CompareRow } from '../../src/core/report/compare-model';
import { quantityUnit } from '../../src/core/uq/metric-catalogue';
import { el } from '../shared/dom';
import { METRIC_COLUMNS, valueText } from './metrics-table';
import { withInterval } from '../../src/core/report/format-number';

export interface ComparedReport {
  /** The run's name (its folder; a report file's own name otherwise). */
  label: string;
  /** What was trained, e.g. "Deep ensemble (10 members)", shown above the name. */
  title: string;
  file: string;
  report: UqReport;
}

function warning(text: string): HTMLElement {
  return el('p', { class: 'warning test-set-warning', role: 'status', text: `⚠ ${text[0].toUpperCase()}${text.slice(1)}; compare them with care.` });
}

function rowHead(r: CompareRow): string {
  return `${r.quantity} · ${r.variant} · ${r.metric.label}${r.metric.unit === 'quantity' ? ` (${quantityUnit(r.quantity, 'milli')})` : ''}`;
}

/** Why a value is starred, for its tooltip. */
function bestTitle(r: CompareRow): string {
  const m = r.metric;
  return `best (${m.better === 'target' ? `closest to ${m.target}` : `${m.better} is better`})`;
}

function table(model: CompareModel, reports: readonly ComparedReport[]): HTMLElement {
  const head = el('tr', {}, el('th', { scope: 'col', text: `${model.set} set` }),
    ...model.columns.map((name, i) => el('th', { scope: 'col', class: 'run-column', title: reports[i].file },
      el('span', { class: 'run-method', text: reports[i].title }), el('span', { class: 'run-name', text: name }))));
  const rows = model.rows.map((r) => el('tr', { 'data-quantity': r.quantity, 'data-variant': r.variant, 'data-metric': r.metric.key },
    el('th', { scope: 'row', text: rowHead(r) }),
    ...r.values.map((v, i) => {
      const best = r.best.includes(i);
      const iv = r.intervals[i];
      const text = iv && v !== undefined ? withInterval(v, iv, (x) => valueText(x, r.metric)) : valueText(v, r.metric);
      return el('td', { class: best ? 'best' : undefined, title: best ? bestTitle(r) : undefined, text });
    })));
  return el('div', { class: 'table-scroll' }, el('table', { class: 'compare-table' }, el('thead', {}, head), el('tbody', {}, ...rows)));
}

/** The "Side by side" section's content: the test-set warning (when due) before the table. */
export function comparison(reports: readonly ComparedReport[]): HTMLElement[] {
  const model = compareModel(reports, METRIC_COLUMNS);
  const few = model.smallSampleWarnings.map((t) => el('p', { class: 'warning small-sample', role: 'status', text: `⚠ ${t}` }));
  return [model.testSetWarning ? warning(model.testSetWarning) : null, ...few, table(model, reports)].filter((x): x is HTMLElement => !!x);
}
