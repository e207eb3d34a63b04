/**
 * The live training dashboard. Receives typed messages from the host, folds run events into the
 * model and redraws at most once per animation frame. View settings (log-y, smoothing), the run it
 * shows and the runs overlaid on its axes are kept with setState, so a reloaded window restores the
 * same view (the overlaid runs' events are asked for again).
 */
import type { DashboardMessage, DashboardRequest, DashboardState } from '../../src/protocol/webview-messages';
import { vscodeApi } from '../shared/vscode-api';
import { el, clear, stateView } from '../shared/dom';
import { onThemeChange } from '../shared/theme';
import { applyRunEvent, emptyModel, type RunModel } from './run-model';
import { createCards, runColour, type DashboardCards, type RunOnAxes } from './cards';
import { createHeader, type RunHeader } from './header';
import { calibrationWarnings } from './calibration-warning';

/**
 * logY: the user's choice of y scale, undefined until they pick one. Undefined: each card's own default
 * (losses and errors log, the learning rate linear); true: log on every card that can take it; false: linear.
 */
interface ViewState extends DashboardState { logY?: boolean; smoothing: number }

const api = vscodeApi<ViewState>();
const app = document.getElementById('app')!;
const post = (m: DashboardRequest) => api.postMessage(m);

let model: RunModel = emptyModel();
let cards: DashboardCards | undefined;
let live = false;
let ended = false;
let frame = 0;
let view: ViewState = { runDir: '', runId: '', smoothing: 0, ...(api.getState() ?? {}) };
/** Other runs drawn on the same axes, by run directory, in the order they were added. */
const overlays = new Map<string, RunOnAxes>();
const header = el('div', { class: 'run-header' });
const runHeader: RunHeader = createHeader(header, post);
const grid = el('div', { class: 'grid' });
const notice = el('div', { class: 'notices' });
const runLegend = el('ul', { class: 'run-legend', id: 'run-legend', 'aria-label': 'Runs on these axes' });

function persist(): void { api.setState(view); }

function toolbar(): HTMLElement {
  const log = el('input', { type: 'checkbox', id: 'log-y' }) as HTMLInputElement;
  // Before the user picks, the box is mixed (indeterminate): losses on log, the learning rate linear.
  log.checked = view.logY === true;
  log.indeterminate = view.logY === undefined;
  log.addEventListener('change', () => { view.logY = log.checked; persist(); draw(); });
  const sm = el('input', { type: 'range', id: 'smoothing', min: 0, max: 0.99, step: 0.01, value: view.smoothing, 'aria-label': 'Smoothing' }) as HTMLInputElement;
  const smLabel = el('output', { for: 'smoothing', text: view.smoothing.toFixed(2) });
  sm.addEventListener('input', () => { view.smoothing = Number(sm.value); smLabel.textContent = view.smoothing.toFixed(2); persist(); draw(); });
  const add = el('button', { type: 'button', id: 'add-overlay', class: 'icon-button', title: 'Draw another run on the same axes', text: 'Overlay run…' });
  add.addEventListener('click', () => post({ type: 'addOverlay' }));
  return el('div', { class: 'toolbar', role: 'toolbar', 'aria-label': 'Chart options' },
    el('label', { title: 'Losses and errors start on a log scale, the learning rate linear; checked: log wherever it fits, unchecked: linear. Symlog where a series turns negative; calibration stays linear' }, log, ' log y'),
    el('label', {}, 'smoothing ', sm, ' ', smLabel),
    add,
    el('span', { class: 'hint', text: 'Wheel or +/− to zoom, drag or arrows to pan, double-click or 0 to reset; on a focused chart , and . step the tooltip.' }));
}

function saveOverlays(): void {
  view.overlays = [...overlays.keys()];
  persist();
}

/** Names the runs on the axes in their colours, each overlay with a button that takes it off again. */
function renderRunLegend(): void {
  clear(runLegend);
  runLegend.hidden = overlays.size === 0;
  if (!overlays.size) return;
  const item = (id: string, i: number, dir?: string) => {
    const swatch = el('span', { class: 'swatch' });
    swatch.style.setProperty('--swatch', runColour(i));
    const li = el('li', { 'data-run': id }, swatch, id, i === 0 ? el('span', { class: 'hint', text: ' (this dashboard)' }) : null);
    if (dir) {
      const rm = el('button', { type: 'button', class: 'icon-button', title: `Remove ${id} from the axes`, 'aria-label': `Remove ${id} from the axes`, text: '×' });
      rm.addEventListener('click', () => {
        overlays.delete(dir);
        saveOverlays();
        post({ type: 'removeOverlay', runDir: dir });
        draw();
      });
      li.appendChild(rm);
    }
    return li;
  };
  runLegend.appendChild(item(view.runId, 0));
  [...overlays].forEach(([dir, r], j) => runLegend.appendChild(item(r.id, j + 1, dir)));
}

function layout(maxPoints: number): void {
  clear(app);
  cards?.all.forEach((c) => c.destroy());
  cards = createCards(maxPoints, (r) => post(r.kind === 'png' ? { type: 'exportPng', chart: r.chart, dataUrl: r.data } : { type: 'exportCsv', chart: r.chart, csv: r.data }));
  clear(grid);
  for (const c of cards.all) grid.appendChild(c.root);
  app.append(header, toolbar(), runLegend, notice, grid);
}

function draw(): void {
  cancelAnimationFrame(frame);
  frame = requestAnimationFrame(() => {
    if (!cards) return;
    runHeader.update(model, live && !ended && !model.finished && !model.failed);
    clear(notice);
    for (const w of model.warnings.slice(-3)) notice.appendChild(el('p', { class: 'warning', role: 'status', text: `⚠ ${w}` }));
    notice.append(...calibrationWarnings(model));
    if (model.failed) notice.appendChild(el('p', { class: 'error', role: 'alert', 'data-state': 'error', text: `Run failed${model.failed.epoch !== undefined ? ` at epoch ${model.failed.epoch}` : ''}: ${model.failed.message}` }));
    const noEpochs = model.trainLoss.length === 0;
    if (noEpochs) {
      const what = model.featurize ? `Computing descriptors: ${model.featurize.done}/${model.featurize.total} structures…`
        : live && !ended ? 'Waiting for the first epoch…' : 'This run recorded no epochs.';
      notice.appendChild(stateView(live && !ended ? 'loading' : 'empty', noEpochs && !model.started && !live ? 'No training data yet' : 'No epochs yet', what));
    }
    for (const c of cards.all) { c.logY = view.logY ?? c.logYByDefault; c.smoothing = view.smoothing; }
    renderRunLegend();
    cards.update([{ id: view.runId || model.started?.run || 'run', model }, ...overlays.values()]);
    document.body.dataset.epoch = String(model.epoch);
    document.body.dataset.rendered = String(model.eventCount);
  });
}

window.addEventListener('message', (ev: MessageEvent<DashboardMessage>) => {
  const m = ev.data;
  switch (m.type) {
    case 'init':
      view = { ...view, runDir: m.runDir, runId: m.runId };
      persist();
      live = m.live; ended = false;
      model = emptyModel();
      for (const e of m.events) applyRunEvent(model, e);
      layout(m.maxPoints);
      // Overlays kept in the view state (a reloaded window): ask the host for their events again.
      for (const dir of view.overlays ?? []) if (!overlays.has(dir) && dir !== m.runDir) post({ type: 'addOverlay', runDir: dir });
      draw();
      break;
    case 'overlay': {
      if (m.runDir === view.runDir) break;
      let r = overlays.get(m.runDir);
      // Live events of a run taken off the axes meanwhile are dropped.
      if (!m.reset && !r) break;
      if (m.reset || !r) { r = { id: m.runId, model: emptyModel() }; overlays.set(m.runDir, r); }
      for (const e of m.events) applyRunEvent(r.model, e);
      saveOverlays();
      draw();
      break;
    }
    case 'events':
      if (!cards) return;
      for (const e of m.events) applyRunEvent(model, e);
      draw();
      break;
    case 'ended':
      ended = true;
      draw();
      break;
    case 'error':
      cards?.all.forEach((c) => c.destroy());
      cards = undefined;
      clear(app);
      app.appendChild(stateView('error', 'Cannot show this run', m.message));
      break;
    case 'saved':
      notice.appendChild(el('p', { class: 'info', role: 'status', text: `Saved ${m.path}` }));
      break;
  }
});

onThemeChange(() => draw());
clear(app);
app.appendChild(stateView('loading', 'Loading run…'));
post({ type: 'ready' });

