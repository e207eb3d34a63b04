/**
 * The viewer's "Errors by element and group": per set, force errors per element of the atom and energy
 * and force errors per group (the report's `breakdown`), in the metric table's columns (errors in meV).
 */
import { quantityUnit } from '../../src/core/uq/metric-catalogue';
import { SET_NAMES, type QuantityName, type UqMetricSet, type UqReport } from '../../src/protocol/report';
import { el } from '../shared/dom';
import { cell, METRIC_COLUMNS } from './metrics-table';

export interface BreakdownBlock {
  title: string;
  quantity: QuantityName;
  rows: { label: string; metrics: UqMetricSet }[];
}

/** The blocks to show, in set order: forces per element, then energy and forces per group. */
export function breakdownBlocks(r: UqReport): BreakdownBlock[] {
  const out: BreakdownBlock[] = [];
  for (const set of SET_NAMES) {
    const b = r.breakdown?.[set];
    if (!b) continue;
    if (b.forcesByElement) out.push({ title: `${set} · force components per element`, quantity: 'forces', rows: Object.entries(b.forcesByElement).map(([label, metrics]) => ({ label, metrics })) });
    for (const q of ['energy', 'forces'] as const) {
      const rows = Object.entries(b.groups ?? {}).flatMap(([g, m]) => (m[q] ? [{ label: `${g} (${m.structures} structures)`, metrics: m[q]! }] : []));
      if (rows.length) out.push({ title: `${set} · ${q === 'energy' ? 'energy per atom' : 'force components'} per group`, quantity: q, rows });
    }
  }
  return out;
}

export function breakdownTables(r: UqReport): HTMLElement {
  const box = el('div', { class: 'metrics breakdown' });
  for (const b of breakdownBlocks(r)) {
    box.append(
      el('h3', { text: `${b.title} (errors in ${quantityUnit(b.quantity, 'milli')})` }),
      el('div', { class: 'table-scroll' }, el('table', { class: 'metric-table', 'data-breakdown': b.title },
        el('thead', {}, el('tr', {}, el('th', { text: b.quantity === 'forces' && b.title.includes('element') ? 'element' : 'group' }),
          ...METRIC_COLUMNS.map((c) => el('th', { scope: 'col', title: c.description, text: c.label })))),
        el('tbody', {}, ...b.rows.map((row) => el('tr', {}, el('th', { scope: 'row', text: row.label }), ...METRIC_COLUMNS.map((c) => el('td', { text: cell(row.metrics, c) })))))),
      ),
    );
  }
  return box;
}
