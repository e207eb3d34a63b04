/**
 * The structures table: sortable by σ, error and the other columns (click or Enter on a header),
 * paged so a report with 100,000 structures stays responsive; a row opens its structure file.
 * Sorting permutes an index array over the typed columns; only the shown rows become DOM.
 */
import { el, clear, fmt } from '../shared/dom';
import { SET_NAMES } from '../../src/protocol/report';
import type { StructureColumns } from './report-data';

type Key = 'name' | 'set' | 'atoms' | 'energyTrue' | 'energyPred' | 'absError' | 'energyStd';
const COLUMNS: { key: Key; label: string; milli?: boolean }[] = [
  { key: 'name', label: 'structure' }, { key: 'set', label: 'set' }, { key: 'atoms', label: 'atoms' },
  { key: 'energyTrue', label: 'E DFT (eV/atom)' }, { key: 'energyPred', label: 'E pred (eV/atom)' },
  { key: 'absError', label: '|error| (meV/atom)', milli: true }, { key: 'energyStd', label: 'σ (meV/atom)', milli: true },
];
const PAGE = 200;

function cellText(c: StructureColumns, key: Key, i: number, milli?: boolean): string {
  if (key === 'name') return c.name[i];
  if (key === 'set') return SET_NAMES[c.set[i]];
  if (key === 'atoms') return String(c.atoms[i]);
  const v = c[key][i];
  return fmt(milli ? v * 1000 : v, 5);
}

export function structuresTable(c: StructureColumns, open: (index: number) => void): HTMLElement {
  let key: Key = 'energyStd';
  let desc = true;
  let shown = PAGE;
  const tbody = el('tbody');
  const head = el('tr');
  const more = el('button', { type: 'button', class: 'more' });
  /** The first `count` rows in the chosen order. Numeric keys: a threshold from a native typed-array
   * sort, then only the rows beyond it are sorted (100,000 rows, 200 shown). */
  const firstRows = (count: number): Uint32Array => {
    const s = desc ? -1 : 1;
    if (key === 'name') {
      const idx = Uint32Array.from({ length: c.length }, (_, i) => i);
      return idx.sort((a, b) => c.name[a].localeCompare(c.name[b]) * s).subarray(0, count);
    }
    const col = key === 'set' ? Float64Array.from(c.set) : c[key];
    const n = c.length;
    let pick: Uint32Array;
    if (count >= n) pick = Uint32Array.from({ length: n }, (_, i) => i);
    else {
      const sortedKeys = Float64Array.from(col.subarray(0, n)).sort();
      const threshold = desc ? sortedKeys[n - count] : sortedKeys[count - 1];
      const chosen: number[] = [];
      for (let i = 0; i < n; i++) if (desc ? col[i] >= threshold : col[i] <= threshold) chosen.push(i);
      pick = Uint32Array.from(chosen);
    }
    return pick.sort((a, b) => (col[a] - col[b]) * s || a - b).subarray(0, count);
  };
  const render = () => {
    clear(head); clear(tbody);
    for (const col of COLUMNS) {
      const th = el('th', { scope: 'col', tabindex: 0, 'data-key': col.key, 'aria-sort': col.key === key ? (desc ? 'descending' : 'ascending') : 'none', text: `${col.label}${col.key === key ? (desc ? ' ▼' : ' ▲') : ''}` });
      const sort = () => { if (key === col.key) desc = !desc; else { key = col.key; desc = col.key !== 'name' && col.key !== 'set'; } render(); };
      th.addEventListener('click', sort);
      th.addEventListener('keydown', (e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); sort(); } });
      head.appendChild(th);
    }
    const idx = firstRows(shown);
    for (const i of idx) {
      const source = c.source[i];
      const tr = el('tr', { tabindex: source ? 0 : undefined, title: source ? `Open ${source}` : undefined },
        ...COLUMNS.map((col) => el('td', { text: cellText(c, col.key, i, col.milli) })));
      if (source) {
        tr.addEventListener('click', () => open(i));
        tr.addEventListener('keydown', (e) => { if (e.key === 'Enter') open(i); });
      }
      tbody.appendChild(tr);
    }
    more.hidden = shown >= c.length;
    more.textContent = `Show ${Math.min(PAGE, c.length - shown)} more (${c.length - shown} not shown)`;
  };
  more.addEventListener('click', () => { shown += PAGE; render(); });
  render();
  return el('div', {}, el('div', { class: 'structures' }, el('table', { class: 'structures-table' }, el('thead', {}, head), tbody)), more);
}
