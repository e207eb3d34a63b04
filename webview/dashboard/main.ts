/**
 * The live training dashboard. Receives typed messages from the host, folds run events into the
 * model and redraws at most once per animation frame. View settings (log-y, smoothing) and the run it
 * shows are kept with setState, so a reloaded window restores the same view.
 */
import type { DashboardMessage, DashboardRequest, DashboardState } from '../../src/protocol/webview-messages';
import { vscodeApi } from '../shared/vscode-api';
import { el, clear, stateView } from '../shared/dom';
import { onThemeChange } from '../shared/theme';
import { applyRunEvent, emptyModel, type RunModel } from './run-model';
import { createCards, type DashboardCards } from './cards';
import { createHeader, type RunHeader } from './header';
import { calibrationWarnings } from './calibration-warning';

interface ViewState extends DashboardState { logY: boolean; smoothing: number }

const api = vscodeApi<ViewState>();
const app = document.getElementById('app')!;
const post = (m: DashboardRequest) => api.postMessage(m);

let model: RunModel = emptyModel();
let cards: DashboardCards | undefined;
let live = false;
let ended = false;
let frame = 0;
let view: ViewState = { runDir: '', runId: '', logY: false, smoothing: 0, ...(api.getState() ?? {}) };
const header = el('div', { class: 'run-header' });
const runHeader: RunHeader = createHeader(header, post);
const grid = el('div', { class: 'grid' });
const notice = el('div', { class: 'notices' });

function persist(): void { api.setState(view); }

function toolbar(): HTMLElement {
  const log = el('input', { type: 'checkbox', id: 'log-y' }) as HTMLInputElement;
  log.checked = view.logY;
  log.addEventListener('change', () => { view.logY = log.checked; persist(); draw(); });
  const sm = el('input', { type: 'range', id: 'smoothing', min: 0, max: 0.99, step: 0.01, value: view.smoothing, 'aria-label': 'Smoothing' }) as HTMLInputElement;
  const smLabel = el('output', { for: 'smoothing', text: view.smoothing.toFixed(2) });
  sm.addEventListener('input', () => { view.smoothing = Number(sm.value); smLabel.textContent = view.smoothing.toFixed(2); persist(); draw(); });
  return el('div', { class: 'toolbar', role: 'toolbar', 'aria-label': 'Chart options' },
    el('label', {}, log, ' log y'),
    el('label', {}, 'smoothing ', sm, ' ', smLabel),
    el('span', { class: 'hint', text: 'Wheel or +/− to zoom, drag or arrows to pan, double-click or 0 to reset.' }));
}

function layout(maxPoints: number): void {
  clear(app);
  cards?.all.forEach((c) => c.destroy());
  cards = createCards(maxPoints, (r) => post(r.kind === 'png' ? { type: 'exportPng', chart: r.chart, dataUrl: r.data } : { type: 'exportCsv', chart: r.chart, csv: r.data }));
  clear(grid);
  for (const c of cards.all) grid.appendChild(c.root);
  app.append(header, toolbar(), notice, grid);
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
    for (const c of cards.all) { c.logY = view.logY; c.smoothing = view.smoothing; }
    cards.update(model);
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
      draw();
      break;
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

