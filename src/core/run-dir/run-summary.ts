/**
 * What the Runs view, the runs table and the status bar say about a run, folded from its events. Pure: the same
 * fold serves a live run (event by event) and a run directory read after a reload.
 */
import type { RunEvent, StartedEvent, StopReason } from '../../protocol/events';
import type { MethodType } from '../method/names';

export type RunStatus = 'starting' | 'running' | 'done' | 'stopped' | 'failed' | 'interrupted';

export interface RunSummary {
  runId: string;
  status: RunStatus;
  method?: MethodType;
  estimator?: string;
  members?: number;
  backend?: string;
  configFile?: string;
  epoch: number;
  epochs?: number;
  etaSeconds?: number;
  secondsPerEpoch?: number;
  valEnergyRmse?: number;
  valForceRmse?: number;
  bestEpoch?: number;
  mace?: number;
  report?: string;
  message?: string;
  lastCheckpoint?: string;
  /** Sizes of the data and its split, from the first `started` event. */
  data?: StartedEvent['data'];
  trainForces?: boolean;
  /** ISO time of the first `started` event (a resumed run keeps its first start). */
  startedAt?: string;
  /** Why the last `finished` event ended the run (absent on old runners: completed). */
  stopReason?: StopReason;
  /** The `finished` event's headline numbers (testEnergyRmse, testForceRmse, … in eV/atom and eV/Å). */
  finalMetrics?: Record<string, number>;
}

export function emptySummary(runId: string): RunSummary {
  return { runId, status: 'starting', epoch: 0 };
}

/** Applies one event; returns the same object, updated (the fold is hot on long runs). */
export function applyEvent(s: RunSummary, e: RunEvent): RunSummary {
  switch (e.type) {
    case 'started':
      s.status = 'running'; s.method = e.method; s.estimator = e.estimator; s.members = e.members;
      s.backend = e.backend; s.configFile = e.configFile; s.epochs = e.epochs; s.message = undefined;
      s.data = e.data; s.trainForces = e.trainForces; s.startedAt ??= e.t;
      break;
    case 'epoch':
      s.status = 'running'; s.epoch = e.epoch; s.epochs = e.epochs; s.etaSeconds = e.etaSeconds;
      s.secondsPerEpoch = e.seconds; s.valEnergyRmse = e.valEnergyRmse ?? undefined;
      if (e.valForceRmse !== undefined) s.valForceRmse = e.valForceRmse;
      if (e.best) s.bestEpoch = e.epoch;
      break;
    case 'calibration':
      if (e.quantity === 'energy') s.mace = e.mace;
      break;
    case 'checkpoint':
      s.lastCheckpoint = e.file;
      break;
    case 'finished':
      s.status = e.stopped === 'cancelled' ? 'stopped' : 'done';
      s.bestEpoch = e.bestEpoch; s.report = e.report; s.etaSeconds = 0;
      s.stopReason = e.stopped ?? 'completed'; s.finalMetrics = e.summary;
      break;
    case 'failed':
      s.status = 'failed'; s.message = e.message;
      break;
    default:
      break;
  }
  return s;
}

/** Summary of a run that is not (or no longer) attached to a process: an open-ended run was interrupted. */
export function summarize(runId: string, events: RunEvent[], attached = false): RunSummary {
  const s = emptySummary(runId);
  for (const e of events) applyEvent(s, e);
  if (!attached && (s.status === 'running' || s.status === 'starting')) s.status = 'interrupted';
  return s;
}

export function formatDuration(seconds: number | undefined): string {
  if (seconds === undefined || !Number.isFinite(seconds)) return '–';
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/** The method in a few words: "ensemble ×10", "BNN lrt", "deterministic"; '' before the run has started. */
export function methodLabel(s: Pick<RunSummary, 'method' | 'estimator' | 'members'>): string {
  return s.method === 'bnn' ? `BNN ${s.estimator ?? ''}`.trim() : s.method === 'ensemble' ? `ensemble ×${s.members ?? '?'}` : s.method ?? '';
}

/** One line for the tree and tooltips: method, backend, epoch and the key metrics. */
export function describe(s: RunSummary): string {
  const parts = [s.status, methodLabel(s), s.backend ?? ''];
  if (s.epochs) parts.push(`epoch ${s.epoch}/${s.epochs}`);
  if (s.valEnergyRmse !== undefined) parts.push(`val E ${(s.valEnergyRmse * 1000).toFixed(1)} meV/atom`);
  if (s.mace !== undefined) parts.push(`MACE ${s.mace.toFixed(3)}`);
  return parts.filter(Boolean).join(' · ');
}
