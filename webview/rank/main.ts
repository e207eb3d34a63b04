/**
 * "Rank structures by uncertainty": a pool's structures in a table, largest σ per atom first,
 * re-sortable by any header (click, Enter or Space), a row's "open" button opens its file, and
 * "Export top K" asks the host to write the top K by σ per atom as extended XYZ.
 */
import { el, clear, fmt, stateView } from '../shared/dom';
import { vscodeApi } from '../shared/vscode-api';
import { oodText, sortRankRows, type RankKey, type RankRow } from '../../src/core/report/uncertainty-rank';
import type { RankMessage, RankRequest } from '../../src/protocol/webview-messages';

const api = vscodeApi<unknown>();
const post = (m: RankRequest) => api.postMessage(m);
const app = document.getElementById('app')!;

interface Column { key: RankKey; label: string; text: (r: RankRow) => string; firstDescending: boolean }
const COLUMNS: Column[] = [
  { key: 'rank', label: 'rank', text: (r) => String(r.rank), firstDescending: false },
  { key: 'name', label: 'structure', text: (r) => r.name, firstDescending: false },
  { key: 'atoms', label: 'atoms', text: (r) => String(r.atoms), firstDescending: true },
  { key: 'sigmaEnergyPerAtom', label: 'σ (meV/atom)', text: (r) => fmt(r.sigmaEnergyPerAtom * 1000, 4), firstDescending: true },
  { key: 'sigmaForceMax', label: 'max force σ (meV/Å)', text: (r) => (r.sigmaForceMax === null ? '–' : fmt(r.sigmaForceMax * 1000, 4)), firstDescending: true },
  { key: 'ood', label: 'out of distribution', text: oodText, firstDescending: true },
];

function render(m: RankMessage): void {
  clear(app);
  const title = el('h1', { text: `Uncertainty ranking — ${m.runId}` });
  if (!m.rows.length) {
    app.append(title, stateView('empty', 'No structures to rank', `The pool (${m.pool.join(', ')}) holds no structures the model could predict.`));
    document.body.dataset.rendered = 'true';
    return;
  }
  const columns = COLUMNS.filter((c) => c.key !== 'sigmaForceMax' || m.forces);
  let key: RankKey = 'sigmaEnergyPerAtom';
  let desc = true;
  const head = el('tr');
  const tbody = el('tbody');
  const count = el('input', { type: 'number', min: 1, max: m.rows.length, value: Math.min(10, m.rows.length), id: 'export-count', 'aria-label': 'How many structures to export' });
  const exportButton = el('button', { type: 'button', id: 'export', text: 'Export selection' });
  const note = el('p', { class: 'export-note' });
  const draw = () => {
    clear(head); clear(tbody);
    for (const col of columns) {
      const th = el('th', { scope: 'col', tabindex: 0, 'data-key': col.key, 'aria-sort': col.key === key ? (desc ? 'descending' : 'ascending') : 'none', text: `${col.label}${col.key === key ? (desc ? ' ▼' : ' ▲') : ''}` });
      const sort = () => { if (key === col.key) desc = !desc; else { key = col.key; desc = col.firstDescending; } draw(); };
      th.addEventListener('click', sort);
      th.addEventListener('keydown', (e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); sort(); } });
      head.appendChild(th);
    }
    head.appendChild(el('th', { scope: 'col', text: 'open' }));
    for (const r of sortRankRows(m.rows, key, desc)) {
      const open = el('button', { type: 'button', class: 'icon-button', 'aria-label': `Open ${r.name}`, text: 'open' });
      open.addEventListener('click', () => post({ type: 'openStructure', name: r.name }));
      const tr = el('tr', { 'data-name': r.name, 'data-ood': r.ood?.flagged ? 'yes' : 'no' }, ...columns.map((c) => el('td', { 'data-key': c.key, text: c.text(r) })), el('td', {}, open));
      tbody.appendChild(tr);
    }
    // The CLI picks by σ per atom, so export follows that order whatever the table's sort is.
    const bySigma = key === 'sigmaEnergyPerAtom' && desc;
    note.textContent = bySigma
      ? 'Export writes the top K by σ per atom as extended XYZ (mlip-uq select --strategy sigma --out).'
      : 'Export always takes the top K by σ per atom (mlip-uq select --strategy sigma), not the current sort.';
  };
  exportButton.addEventListener('click', () => {
    const k = Math.round(Number(count.value));
    if (Number.isFinite(k) && k >= 1) post({ type: 'exportTop', count: Math.min(k, m.rows.length) });
  });
  draw();
  app.append(title,
    el('p', { class: 'subtitle', text: `${m.rows.length} structure${m.rows.length === 1 ? '' : 's'} from ${m.pool.join(', ')}` }),
    el('div', { class: 'toolbar' }, el('label', { for: 'export-count', text: 'Top K ' }), count, ' ', exportButton),
    note,
    el('div', { class: 'structures' }, el('table', { class: 'rank-table' }, el('thead', {}, head), tbody)));
  document.body.dataset.rendered = 'true';
}

window.addEventListener('message', (e: MessageEvent) => {
  const m = e.data as RankMessage;
  if (m && m.type === 'rows' && Array.isArray(m.rows)) {
    render(m);
    api.setState(m);
  }
});
const saved = api.getState() as RankMessage | undefined;
if (saved?.type === 'rows') render(saved);
post({ type: 'ready' });
