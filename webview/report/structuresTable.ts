/**
 * The structures table: sortable by σ, error and the other columns (click or Enter on a header),
 * paged so a report with 100,000 structures stays responsive; a row opens its structure file.
 */
import { el, clear, fmt } from '../shared/dom';
import type { StructureRow } from './reportData';

type Key = 'name' | 'set' | 'atoms' | 'energyTrue' | 'energyPred' | 'absError' | 'energyStd';
const COLUMNS: { key: Key; label: string; milli?: boolean }[] = [
  { key: 'name', label: 'structure' }, { key: 'set', label: 'set' }, { key: 'atoms', label: 'atoms' },
  { key: 'energyTrue', label: 'E DFT (eV/atom)' }, { key: 'energyPred', label: 'E pred (eV/atom)' },
  { key: 'absError', label: '|error| (meV/atom)', milli: true }, { key: 'energyStd', label: 'σ (meV/atom)', milli: true },
];
const PAGE = 200;

export function structuresTable(rows: StructureRow[], open: (row: StructureRow) => void): HTMLElement {
  let key: Key = 'energyStd';
  let desc = true;
  let shown = PAGE;
  const tbody = el('tbody');
  const head = el('tr');
  const more = el('button', { type: 'button', class: 'more' });
  const sorted = () => {
    const k = key, s = desc ? -1 : 1;
    return [...rows].sort((a, b) => {
      const x = a[k], y = b[k];
      return (typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y))) * s;
    });
  };
  const render = () => {
    clear(head); clear(tbody);
    for (const c of COLUMNS) {
      const th = el('th', { scope: 'col', tabindex: 0, 'data-key': c.key, 'aria-sort': c.key === key ? (desc ? 'descending' : 'ascending') : 'none', text: `${c.label}${c.key === key ? (desc ? ' ▼' : ' ▲') : ''}` });
      const sort = () => { if (key === c.key) desc = !desc; else { key = c.key; desc = c.key !== 'name' && c.key !== 'set'; } render(); };
      th.addEventListener('click', sort);
      th.addEventListener('keydown', (e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); sort(); } });
      head.appendChild(th);
    }
    const list = sorted().slice(0, shown);
    for (const r of list) {
      const tr = el('tr', { tabindex: r.source ? 0 : undefined, title: r.source ? `Open ${r.source}` : undefined },
        ...COLUMNS.map((c) => {
          const v = r[c.key];
          return el('td', { text: typeof v === 'number' ? (c.key === 'atoms' ? String(v) : fmt(c.milli ? v * 1000 : v, 5)) : String(v ?? '') });
        }));
      if (r.source) {
        tr.addEventListener('click', () => open(r));
        tr.addEventListener('keydown', (e) => { if (e.key === 'Enter') open(r); });
      }
      tbody.appendChild(tr);
    }
    more.hidden = shown >= rows.length;
    more.textContent = `Show ${Math.min(PAGE, rows.length - shown)} more (${rows.length - shown} not shown)`;
  };
  more.addEventListener('click', () => { shown += PAGE; render(); });
  render();
  return el('div', {}, el('div', { class: 'structures' }, el('table', { class: 'structures-table' }, el('thead', {}, head), tbody)), more);
}
