/** The run's header: identity, method, backend, progress, ETA and the actions that apply now. */
import { METRICS, quantityUnit } from '../../src/core/uq/metric-catalogue';
import type { DashboardRequest } from '../../src/protocol/webview-messages';
import { el, clear, fmt, append } from '../shared/dom';
import type { RunModel } from './run-model';

function duration(s: number | undefined): string {
  if (s === undefined || !Number.isFinite(s)) return '–';
  const r = Math.round(s);
  return r < 60 ? `${r}s` : r < 3600 ? `${Math.floor(r / 60)}m ${r % 60}s` : `${Math.floor(r / 3600)}h ${Math.floor((r % 3600) / 60)}m`;
}

export function renderHeader(root: HTMLElement, m: RunModel, o: { live: boolean; post: (r: DashboardRequest) => void }): void {
  clear(root);
  const s = m.started;
  const status = m.failed ? 'failed' : m.finished ? (m.finished.stopped === 'cancelled' ? 'stopped' : 'finished') : o.live ? 'running' : m.trainLoss.length ? 'interrupted' : 'idle';
  const method = !s ? '' : s.method === 'bnn' ? `BNN (${s.estimator ?? '?'})` : s.method === 'ensemble' ? `deep ensemble, ${s.members ?? '?'} members` : s.method;
  const lastSec = m.secondsPerEpoch.at(-1)?.y;
  append(root,
    el('h1', {}, s?.run ?? 'Run', ' ', el('span', { class: `pill ${status}`, 'data-status': status, text: status })),
    s ? el('p', { class: 'meta', text: `${method} · ${s.backend} (${s.backendReason})${s.engine ? ` · ${s.engine === 'wasm-simd-kernels' ? 'wasm SIMD kernels' : 'tfjs ops'}` : ''} · ${s.threads} threads · ${s.data.structures} structures (${s.data.train}/${s.data.validation}/${s.data.test}) · ${s.data.elements.join(', ')}${s.trainForces ? ' · forces' : ''}${s.resumedFromEpoch ? ` · resumed at epoch ${s.resumedFromEpoch}` : ''}` }) : null,
    el('dl', { class: 'stats' },
      el('dt', { text: 'epoch' }), el('dd', { id: 'stat-epoch', text: `${m.epoch}${m.epochs ? ` / ${m.epochs}` : ''}` }),
      el('dt', { text: 'ETA' }), el('dd', { id: 'stat-eta', text: o.live ? duration(m.etaSeconds) : '–' }),
      el('dt', { text: 's/epoch' }), el('dd', { text: fmt(lastSec, 3) }),
      el('dt', { text: 'best epoch' }), el('dd', { text: m.bestEpoch !== undefined ? String(m.bestEpoch) : '–' }),
      el('dt', { text: `val E ${METRICS.rmse.label}` }), el('dd', { text: m.valEnergyRmse.length ? `${fmt(m.valEnergyRmse.at(-1)!.y * 1000, 3)} ${quantityUnit('energy', 'milli')}` : '–' }),
      el('dt', { text: `${METRICS.mace.label} (E)` }), el('dd', { text: fmt(m.calibration.energy?.mace, 3) })),
  );
  const actions = el('div', { class: 'actions' });
  if (o.live) {
    const stop = el('button', { type: 'button', id: 'stop', text: 'Stop (checkpoint)' });
    stop.addEventListener('click', () => o.post({ type: 'stop' }));
    actions.appendChild(stop);
  }
  if (m.finished && m.finished.stopped !== 'cancelled') {
    const open = el('button', { type: 'button', id: 'open-report', text: 'Open report' });
    open.addEventListener('click', () => o.post({ type: 'openReport' }));
    actions.appendChild(open);
  }
  root.appendChild(actions);
}
