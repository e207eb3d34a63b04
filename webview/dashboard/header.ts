/**
 * The run's header: identity, method, backend, progress, ETA and the actions that apply now. Built once
 * and updated in place: a fast run redraws many times a second, and a header rebuilt on every frame
 * replaces the Stop button between a click's mouse-down and mouse-up, so the click never lands.
 */
import { METRICS, quantityUnit } from '../../src/core/uq/metric-catalogue';
import type { DashboardRequest } from '../../src/protocol/webview-messages';
import { el, fmt, append } from '../shared/dom';
import type { RunModel } from './run-model';
import { SNAPSHOT_NOTE } from './cards';
import { sigmaHealth, type SigmaHealth } from '../../src/core/uq/sigma-health';
import { rmse } from '../../src/core/uq/accuracy';
import { sharpness } from '../../src/core/uq/intervals';
import { createSigmaHealthBadge } from '../shared/sigma-health-badge';

function duration(s: number | undefined): string {
  if (s === undefined || !Number.isFinite(s)) return '–';
  const r = Math.round(s);
  return r < 60 ? `${r}s` : r < 3600 ? `${Math.floor(r / 60)}m ${r % 60}s` : `${Math.floor(r / 3600)}h ${Math.floor((r % 3600) / 60)}m`;
}

/** "1 thread", "4 threads". */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export type RunStatusWord = 'failed' | 'stopped' | 'finished' | 'running' | 'interrupted' | 'idle';

export function runStatus(m: RunModel, live: boolean): RunStatusWord {
  return m.failed ? 'failed' : m.finished ? (m.finished.stopped === 'cancelled' ? 'stopped' : 'finished') : live ? 'running' : m.trainLoss.length ? 'interrupted' : 'idle';
}

export interface RunHeader { update(m: RunModel, live: boolean): void }

/**
 * Validation energy calibration as the header shows it, labelled by where it comes from. A finished run's
 * summary holds the best epoch's raw σ on 100 levels, the report's own numbers (runner's validationSummary);
 * before that, the latest snapshot: the model of its epoch on 21 levels (SNAPSHOT_NOTE).
 */
export interface ValidationCalibration {
  mace?: number;
  health?: SigmaHealth;
  /** "best epoch 169" or "epoch 210 snapshot" */
  source: string;
  note: string;
}

const snapshotStats = new WeakMap<object, { rmse: number; rmsSigma: number }>();

export function validationCalibration(m: RunModel): ValidationCalibration | undefined {
  const s = m.finished?.summary;
  if (s && typeof s.validationEnergyMace === 'number') {
    const epoch = m.finished!.bestEpoch;
    return {
      mace: s.validationEnergyMace,
      health: sigmaHealth({ scale: s.validationEnergySigmaScale, rmsSigma: s.validationEnergyRmsSigma, rmse: s.validationEnergyRmse }),
      source: `best epoch ${epoch}`,
      note: `raw σ, validation, at the best epoch (${epoch}), 100 levels: the report's raw validation row`,
    };
  }
  const c = m.calibration.energy;
  if (!c) return undefined;
  // RMS σ and RMSE of the snapshot's parity points (all of validation up to its snapshot size), once per snapshot.
  let st = snapshotStats.get(c);
  if (!st && c.parity?.y.length) snapshotStats.set(c, (st = { rmse: rmse(c.parity.y, c.parity.mu), rmsSigma: sharpness(c.parity.sigma) }));
  return {
    mace: c.mace,
    health: sigmaHealth({ scale: c.sigmaScale, ...(st ?? {}) }),
    source: `epoch ${c.epoch} snapshot`,
    note: `raw σ, validation, ${SNAPSHOT_NOTE}`,
  };
}

/** Sets a node's text only when it changed (no layout work, no replaced nodes). */
function setText(node: HTMLElement, text: string): void {
  if (node.textContent !== text) node.textContent = text;
}

function show(node: HTMLElement, on: boolean): void {
  if (node.hidden === on) node.hidden = !on;
}

/**
 * How long a clicked Stop or Resume stays disabled when the run's state does not change: the host could not
 * act (a run without a checkpoint to resume, a process already gone), so the button is offered again.
 */
export const REOFFER_AFTER_MS = 5000;

export function createHeader(root: HTMLElement, post: (r: DashboardRequest) => void): RunHeader {
  const title = el('span', { class: 'run-title' });
  const pill = el('span', { class: 'pill' });
  const meta = el('p', { class: 'meta' });
  const dd = (id: string) => el('dd', { id });
  const stats = {
    epoch: dd('stat-epoch'), eta: dd('stat-eta'), speed: dd('stat-speed'), best: dd('stat-best'), rmse: dd('stat-rmse'), mace: dd('stat-mace'),
  };
  const button = (id: string, text: string, request: DashboardRequest) => {
    const b = el('button', { type: 'button', id, text });
    b.hidden = true;
    b.addEventListener('click', () => {
      // One request per click; enabled again when the run's state changes, or after a while if the
      // host could not act (a run without a checkpoint to resume).
      b.disabled = true;
      post(request);
      setTimeout(() => { b.disabled = false; }, REOFFER_AFTER_MS);
    });
    return b;
  };
  const stop = button('stop', 'Stop (checkpoint)', { type: 'stop' });
  const resume = button('resume', 'Resume', { type: 'resume' });
  const open = button('open-report', 'Open report', { type: 'openReport' });
  const badge = createSigmaHealthBadge();
  const maceTerm = el('dt', { text: `${METRICS.mace.label} (E)`, title: `latest validation snapshot: ${SNAPSHOT_NOTE}` });
  append(root,
    el('h1', {}, title, ' ', pill, ' ', badge.root),
    meta,
    el('dl', { class: 'stats' },
      el('dt', { text: 'epoch' }), stats.epoch,
      el('dt', { text: 'ETA' }), stats.eta,
      el('dt', { text: 's/epoch' }), stats.speed,
      el('dt', { text: 'best epoch' }), stats.best,
      el('dt', { text: `val E ${METRICS.rmse.label}` }), stats.rmse,
      maceTerm, stats.mace),
    el('div', { class: 'actions' }, stop, resume, open));
  let lastStatus: RunStatusWord | undefined;

  return {
    update(m, live) {
      const s = m.started;
      const status = runStatus(m, live);
      setText(title, s?.run ?? 'Run');
      setText(pill, status);
      if (pill.dataset.status !== status) { pill.className = `pill ${status}`; pill.dataset.status = status; }
      const method = !s ? '' : s.method === 'bnn' ? `BNN (${s.estimator ?? '?'})` : s.method === 'ensemble' ? `deep ensemble, ${s.members ?? '?'} members` : s.method;
      show(meta, !!s);
      if (s) setText(meta, `${method} · ${s.backend} (${s.backendReason})${s.engine ? ` · ${s.engine === 'wasm-simd-kernels' ? 'wasm SIMD kernels' : 'tfjs ops'}` : ''} · ${plural(s.threads, 'thread')} · ${s.data.structures} structures (${s.data.train}/${s.data.validation}/${s.data.test}) · ${s.data.elements.join(', ')}${s.trainForces ? ' · forces' : ''}${s.resumedFromEpoch ? ` · resumed at epoch ${s.resumedFromEpoch}` : ''}`);
      setText(stats.epoch, `${m.epoch}${m.epochs ? ` / ${m.epochs}` : ''}`);
      setText(stats.eta, live ? duration(m.etaSeconds) : '–');
      setText(stats.speed, fmt(m.secondsPerEpoch.at(-1)?.y, 3));
      setText(stats.best, m.bestEpoch !== undefined ? String(m.bestEpoch) : '–');
      setText(stats.rmse, m.valEnergyRmse.length ? `${fmt(m.valEnergyRmse.at(-1)!.y * 1000, 3)} ${quantityUnit('energy', 'milli')}` : '–');
      const cal = validationCalibration(m);
      setText(stats.mace, fmt(cal?.mace, 3));
      setText(maceTerm, `${METRICS.mace.label} (E${cal ? `, ${cal.source}` : ''})`);
      if (cal && maceTerm.title !== cal.note) maceTerm.title = cal.note;
      badge.update(cal?.health, 'energy', cal ? `${cal.note}` : undefined);
      show(stop, live);
      // A stopped or interrupted run continues from its checkpoint; the host refuses one without.
      show(resume, !live && (status === 'stopped' || status === 'interrupted'));
      // Only a finished run has a report (a stopped one writes none).
      show(open, status === 'finished');
      if (status !== lastStatus) { stop.disabled = false; resume.disabled = false; open.disabled = false; lastStatus = status; }
    },
  };
}
