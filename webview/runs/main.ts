/**
 * The runs table: one row per run (method, data, the test set's key metrics, status), sorted by any
 * column (header buttons: click, Enter or Space; again to reverse), filtered by method, status and text,
 * with per-row actions (dashboard; report and resume only where they apply) and "Compare selected" for
 * two or more runs with reports. Keyboard: ↑/↓ (Home/End) move between rows, Enter opens the dashboard,
 * Space selects. Rows come from the host on every change; sort, filter, selection and the focused row
 * survive both the refresh and the panel being hidden (webview state).
 */
import { el, clear, fmt, stateView } from '../shared/dom';
import { vscodeApi } from '../shared/vscode-api';
import { dataSizes, filterRunRows, sortRunRows, type RunFilter } from '../../src/core/report/run-rows';
import { METRICS, quantityUnit } from '../../src/core/uq/metric-catalogue';
import { METHOD_TYPES, type MethodType } from '../../src/core/method/names';
import { RUN_TABLE_STATUSES, type RunRow, type RunRowAction, type RunSortKey, type RunsTableMessage, type RunsTableRequest, type RunTableStatus } from '../../src/protocol/runs-table';

interface ViewState { sort: RunSortKey; descending: boolean; filter: RunFilter; selected: string[]; focused?: string }

const api = vscodeApi<ViewState>();
const post = (m: RunsTableRequest) => api.postMessage(m);
const app = document.getElementById('app')!;

const state: ViewState = { sort: 'startedAt', descending: true, filter: {}, selected: [], ...api.getState() };
let rows: RunRow[] = [];
let workspace = true;
const save = () => api.setState(state);

interface Column { key: RunSortKey; label: string; title: string; cell: (r: RunRow) => HTMLElement; firstDescending: boolean; forces?: true }

const milli = (x: number | undefined) => (x === undefined ? '–' : fmt(x * 1000, 4));
const sigmaNote = (r: RunRow) => (r.metrics.sigma ? `test set, ${r.metrics.sigma} σ` : 'no report yet');

const COLUMNS: Column[] = [
  { key: 'name', label: 'run', title: 'the run directory, and the config it trained', firstDescending: false,
    cell: (r) => el('td', { 'data-key': 'name' }, el('span', { class: 'run-name', text: r.name }), r.config ? el('span', { class: 'run-config', text: r.config }) : null) },
  { key: 'method', label: 'method', title: 'deep ensemble, BNN (estimator) or one network', firstDescending: false,
    cell: (r) => el('td', { 'data-key': 'method', text: r.method || '–' }) },
  { key: 'data', label: 'data', title: 'structure files; all structures (train/validation/test)', firstDescending: false,
    cell: (r) => el('td', { 'data-key': 'data' }, el('span', { text: r.data.name || '–' }), el('span', { class: 'data-sizes', text: dataSizes(r.data) })) },
  { key: 'energyRmse', label: `${METRICS.rmse.label} E (${quantityUnit('energy', 'milli')})`, title: `test set: ${METRICS.rmse.description} of the energy per atom`, firstDescending: false,
    cell: (r) => el('td', { 'data-key': 'energyRmse', text: milli(r.metrics.energyRmse) }) },
  { key: 'mace', label: METRICS.mace.label, title: `test set: ${METRICS.mace.description} of the energy, σ as the run uses it (recalibrated on validation when it was)`, firstDescending: false,
    cell: (r) => el('td', { 'data-key': 'mace', title: sigmaNote(r), text: r.metrics.mace === undefined ? '–' : fmt(r.metrics.mace, 3) }) },
  { key: 'nll', label: METRICS.nll.label, title: `test set: ${METRICS.nll.description} of the energy, σ as for MACE`, firstDescending: false,
    cell: (r) => el('td', { 'data-key': 'nll', title: sigmaNote(r), text: r.metrics.nll === undefined ? '–' : fmt(r.metrics.nll, 4) }) },
  { key: 'forceRmse', label: `${METRICS.rmse.label} F (${quantityUnit('forces', 'milli')})`, title: `test set: ${METRICS.rmse.description} of the force components`, firstDescending: false, forces: true,
    cell: (r) => el('td', { 'data-key': 'forceRmse', text: milli(r.metrics.forceRmse) }) },
  { key: 'status', label: 'status', title: 'running, completed, stopped (resumable when it left a checkpoint) or failed', firstDescending: false,
    cell: (r) => el('td', { 'data-key': 'status' }, el('span', { class: `pill ${r.status}`, text: r.status }), el('span', { class: 'status-detail', text: r.detail })) },
  { key: 'startedAt', label: 'started (UTC)', title: 'when the run first started', firstDescending: true,
    cell: (r) => el('td', { 'data-key': 'startedAt', text: r.startedAt ? r.startedAt.slice(0, 16).replace('T', ' ') : '–' }) },
];

const ACTION_LABELS: Record<RunRowAction, string> = { dashboard: 'Dashboard', report: 'Report', resume: 'Resume' };

function actionButton(r: RunRow, action: RunRowAction): HTMLButtonElement {
  const b = el('button', { type: 'button', class: 'icon-button', 'data-action': action, 'aria-label': `${ACTION_LABELS[action]}: ${r.name}`, text: ACTION_LABELS[action] });
  b.addEventListener('click', (e) => { e.stopPropagation(); post({ type: 'open', action, runDir: r.runDir }); });
  return b;
}

// Built once, so typing in the filter keeps its focus while rows refresh underneath.
const search = el('input', { type: 'search', id: 'filter-text', placeholder: 'Filter: name, config, data…', 'aria-label': 'Filter runs by text', value: state.filter.text ?? '' });
const methodSelect = el('select', { id: 'filter-method', 'aria-label': 'Filter by method' },
  el('option', { value: '', text: 'all methods' }), ...METHOD_TYPES.map((m) => el('option', { value: m, text: m })));
const statusSelect = el('select', { id: 'filter-status', 'aria-label': 'Filter by status' },
  el('option', { value: '', text: 'all statuses' }), ...RUN_TABLE_STATUSES.map((s) => el('option', { value: s, text: s })));
methodSelect.value = state.filter.method ?? '';
statusSelect.value = state.filter.status ?? '';
const compareButton = el('button', { type: 'button', id: 'compare' });
const count = el('span', { class: 'subtitle', id: 'run-count', role: 'status' });
const tableBox = el('div', { class: 'table-scroll' });

search.addEventListener('input', () => { state.filter.text = search.value || undefined; save(); draw(); });
methodSelect.addEventListener('change', () => { state.filter.method = (methodSelect.value || undefined) as MethodType | undefined; save(); draw(); });
statusSelect.addEventListener('change', () => { state.filter.status = (statusSelect.value || undefined) as RunTableStatus | undefined; save(); draw(); });
compareButton.addEventListener('click', () => {
  const dirs = comparable();
  if (dirs.length >= 2) post({ type: 'compare', runDirs: dirs });
});

/** Selected runs still listed that have a report: what "Compare selected" sends. */
function comparable(): string[] {
  return state.selected.filter((d) => rows.some((r) => r.runDir === d && r.can.report));
}

function sortBy(key: RunSortKey): void {
  const col = COLUMNS.find((c) => c.key === key)!;
  if (state.sort === key) state.descending = !state.descending;
  else { state.sort = key; state.descending = col.firstDescending; }
  save();
  draw();
  (document.querySelector(`th[data-key="${key}"] button`) as HTMLButtonElement | null)?.focus();
}

function toggle(dir: string, on: boolean): void {
  state.selected = on ? [...new Set([...state.selected, dir])] : state.selected.filter((d) => d !== dir);
  save();
  updateCompare();
}

function updateCompare(): void {
  const n = comparable().length;
  compareButton.textContent = `Compare selected (${n})`;
  compareButton.disabled = n < 2;
  compareButton.title = n < 2 ? 'Select two or more runs that have a report' : `Open the ${n} runs' reports side by side`;
}

function focusRow(tr: Element | null | undefined): void {
  if (!(tr instanceof HTMLTableRowElement)) return;
  for (const other of tr.parentElement?.children ?? []) other.setAttribute('tabindex', '-1');
  tr.setAttribute('tabindex', '0');
  tr.focus();
  state.focused = tr.dataset.runDir;
  save();
}

function rowKeys(e: KeyboardEvent, tr: HTMLTableRowElement, r: RunRow): void {
  if (e.target !== tr) return; // keys on the row's own buttons and checkbox do what those do
  const body = tr.parentElement!;
  const move: Record<string, () => Element | null> = {
    ArrowDown: () => tr.nextElementSibling, ArrowUp: () => tr.previousElementSibling,
    Home: () => body.firstElementChild, End: () => body.lastElementChild,
  };
  if (move[e.key]) { e.preventDefault(); focusRow(move[e.key]()); return; }
  if (e.key === 'Enter') { e.preventDefault(); post({ type: 'open', action: 'dashboard', runDir: r.runDir }); return; }
  if (e.key === ' ') {
    e.preventDefault();
    const box = tr.querySelector('input[type="checkbox"]') as HTMLInputElement;
    box.checked = !box.checked;
    toggle(r.runDir, box.checked);
    tr.setAttribute('aria-selected', String(box.checked));
  }
}

function rowOf(r: RunRow, columns: Column[]): HTMLTableRowElement {
  const selected = state.selected.includes(r.runDir);
  const box = el('input', { type: 'checkbox', 'aria-label': `Select ${r.name}`, checked: selected });
  box.addEventListener('click', (e) => e.stopPropagation());
  box.addEventListener('change', () => { toggle(r.runDir, box.checked); tr.setAttribute('aria-selected', String(box.checked)); });
  const actions = el('td', { class: 'row-actions' }, actionButton(r, 'dashboard'),
    r.can.report ? actionButton(r, 'report') : null, r.can.resume ? actionButton(r, 'resume') : null);
  const tr = el('tr', { tabindex: -1, 'data-run-dir': r.runDir, 'data-name': r.name, 'data-status': r.status, 'aria-selected': String(selected) },
    el('td', { class: 'select' }, box), ...columns.map((c) => c.cell(r)), actions);
  tr.addEventListener('keydown', (e) => rowKeys(e, tr, r));
  tr.addEventListener('click', () => focusRow(tr));
  tr.addEventListener('dblclick', () => post({ type: 'open', action: 'dashboard', runDir: r.runDir }));
  return tr;
}

function draw(): void {
  const hadFocus = document.activeElement instanceof HTMLTableRowElement;
  clear(tableBox);
  updateCompare();
  if (!rows.length) {
    count.textContent = '';
    tableBox.appendChild(workspace
      ? stateView('empty', 'No runs yet', 'Train a *.mlip.yaml config (MLIP: Train); its run appears here as soon as it starts.')
      : stateView('empty', 'No folder is open', 'Open a workspace folder with a runs folder to list its runs.'));
    return;
  }
  const shown = sortRunRows(filterRunRows(rows, state.filter), state.sort, state.descending);
  count.textContent = shown.length === rows.length ? `${rows.length} run${rows.length === 1 ? '' : 's'}` : `${shown.length} of ${rows.length} runs`;
  if (!shown.length) {
    tableBox.appendChild(stateView('empty', 'No run matches the filter', 'Clear the text or choose "all" to see every run.'));
    return;
  }
  // The force column only where some run trained on forces (an energy-only study has no force RMSE).
  const columns = COLUMNS.filter((c) => !c.forces || rows.some((r) => r.forces));
  const head = el('tr', {}, el('th', { scope: 'col', class: 'select' }, el('span', { class: 'sr-only', text: 'selected' })),
    ...columns.map((c) => {
      const active = c.key === state.sort;
      const b = el('button', { type: 'button', class: 'sort-button', title: `${c.title}. Sort by ${c.label}`, text: `${c.label}${active ? (state.descending ? ' ▼' : ' ▲') : ''}` });
      b.addEventListener('click', () => sortBy(c.key));
      return el('th', { scope: 'col', 'data-key': c.key, 'aria-sort': active ? (state.descending ? 'descending' : 'ascending') : 'none' }, b);
    }),
    el('th', { scope: 'col', text: 'actions' }));
  const body = el('tbody', {}, ...shown.map((r) => rowOf(r, columns)));
  tableBox.appendChild(el('table', { class: 'runs-table', 'aria-label': 'Runs' }, el('thead', {}, head), body));
  // One row in the tab order (the focused one, else the first); keep focus on it across refreshes.
  const target = [...body.children].find((tr) => (tr as HTMLElement).dataset.runDir === state.focused) ?? body.firstElementChild;
  target?.setAttribute('tabindex', '0');
  if (hadFocus && target) (target as HTMLElement).focus();
}

app.replaceChildren(
  el('h1', { text: 'Runs' }, count),
  el('div', { class: 'toolbar runs-toolbar' }, search, methodSelect, statusSelect, compareButton),
  tableBox,
);

window.addEventListener('message', (e: MessageEvent) => {
  const m = e.data as RunsTableMessage;
  if (!m || m.type !== 'runs' || !Array.isArray(m.rows)) return;
  rows = m.rows;
  workspace = m.workspace !== false;
  // Forget selections of runs that are gone (deleted folders).
  state.selected = state.selected.filter((d) => rows.some((r) => r.runDir === d));
  draw();
  document.body.dataset.rendered = 'true';
});
updateCompare();
post({ type: 'ready' });
