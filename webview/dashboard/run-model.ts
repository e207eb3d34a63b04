/**
 * Everything the dashboard draws, folded from run events. Pure (no DOM), so it is unit-tested and
 * the same fold rebuilds a reloaded panel from events.ndjson or follows a live stream.
 */
import type { RunEvent, StartedEvent, CalibrationEvent, FinishedEvent, FailedEvent } from '../../src/protocol/events';
import type { Pt } from '../shared/decimate';

export interface RunModel {
  started?: StartedEvent;
  featurize?: { done: number; total: number };
  trainLoss: Pt[];
  valLoss: Pt[];
  dataTerm: Pt[];
  klTerm: Pt[];
  valEnergyRmse: Pt[];
  valForceRmse: Pt[];
  learningRate: Pt[];
  secondsPerEpoch: Pt[];
  memberTrainLoss: Pt[][];
  memberValEnergyRmse: Pt[][];
  memberValForceRmse: Pt[][];
  epoch: number;
  epochs?: number;
  etaSeconds?: number;
  bestEpoch?: number;
  calibration: Partial<Record<'energy' | 'forces', CalibrationEvent>>;
  /** MACE per snapshot, to see calibration evolve. */
  maceHistory: Partial<Record<'energy' | 'forces', Pt[]>>;
  parity?: CalibrationEvent['parity'] & { epoch: number };
  finished?: FinishedEvent;
  failed?: FailedEvent;
  warnings: string[];
  /** Events that could not be used (unknown version etc.), with why. */
  eventCount: number;
}

export function emptyModel(): RunModel {
  return {
    trainLoss: [], valLoss: [], dataTerm: [], klTerm: [], valEnergyRmse: [], valForceRmse: [], learningRate: [],
    secondsPerEpoch: [], memberTrainLoss: [], memberValEnergyRmse: [], memberValForceRmse: [], epoch: 0, calibration: {}, maceHistory: {},
    warnings: [], eventCount: 0,
  };
}

const num = (v: unknown): number => (typeof v === 'number' ? v : NaN);

/** A resumed run repeats epochs after its checkpoint: later values replace earlier ones at the same x. */
function put(series: Pt[], x: number, y: number): void {
  while (series.length && series[series.length - 1].x >= x) series.pop();
  series.push({ x, y });
}

export function applyRunEvent(m: RunModel, e: RunEvent): void {
  m.eventCount++;
  switch (e.type) {
    case 'started':
      m.started = e; m.epochs = e.epochs; m.failed = undefined; m.finished = undefined;
      break;
    case 'featurize':
      m.featurize = { done: e.done, total: e.total };
      break;
    case 'epoch': {
      const x = e.epoch;
      m.epoch = x; m.epochs = e.epochs; m.etaSeconds = e.etaSeconds;
      put(m.trainLoss, x, num(e.trainLoss));
      put(m.valLoss, x, num(e.valLoss));
      put(m.dataTerm, x, num(e.dataTerm));
      put(m.klTerm, x, num(e.klTerm));
      put(m.valEnergyRmse, x, num(e.valEnergyRmse));
      if (e.valForceRmse !== undefined) put(m.valForceRmse, x, num(e.valForceRmse));
      put(m.learningRate, x, num(e.learningRate));
      put(m.secondsPerEpoch, x, num(e.seconds));
      e.members?.forEach((mem, i) => {
        put((m.memberTrainLoss[i] ??= []), x, num(mem.trainLoss));
        put((m.memberValEnergyRmse[i] ??= []), x, num(mem.valEnergyRmse));
        if (mem.valForceRmse !== undefined) put((m.memberValForceRmse[i] ??= []), x, num(mem.valForceRmse));
      });
      if (e.best) m.bestEpoch = x;
      break;
    }
    case 'calibration':
      m.calibration[e.quantity] = e;
      put((m.maceHistory[e.quantity] ??= []), e.epoch, num(e.mace));
      if (e.parity) m.parity = { ...e.parity, epoch: e.epoch };
      break;
    case 'finished':
      m.finished = e; m.bestEpoch = e.bestEpoch; m.etaSeconds = 0;
      break;
    case 'failed':
      m.failed = e;
      break;
    case 'warning':
      m.warnings.push(e.message);
      break;
    default:
      break;
  }
}

export function isBnn(m: RunModel): boolean {
  return m.started?.method === 'bnn' || m.klTerm.some((p) => p.y > 0);
}

export function isEnsemble(m: RunModel): boolean {
  return m.started?.method === 'ensemble' || m.memberTrainLoss.length > 0;
}

/** Whether the run's validation carries force errors (forces trained): only then is there a force axis. */
export function hasForces(m: RunModel): boolean {
  return !!m.started?.trainForces || m.valForceRmse.some((p) => Number.isFinite(p.y));
}

/**
 * What the train loss is, which decides whether it shares an axis with the validation loss. The
 * validation loss is always the normalised (1−α)·RMSE(E/N) + α·RMSE(F) of the mean prediction
 * (src/core/training/engine.ts); a deterministic network's or a homoscedastic ensemble's train loss is
 * the same expression over the epoch's batches (members' mean), so the two are like with like. A
 * heteroscedastic ensemble trains on a Gaussian NLL (signed) and a BNN on NLL + KL/N_train: other
 * quantities, drawn on an axis of their own.
 */
export type LossKind = 'rmse' | 'nll' | 'elbo';

export function lossKind(m: RunModel): LossKind {
  return isBnn(m) ? 'elbo' : m.started?.heteroscedastic ? 'nll' : 'rmse';
}
