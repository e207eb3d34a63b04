/**
 * One row per finished run of the comparison: its test-set energy metrics, read back from the run's
 * report (the table shows exactly what the reports hold), and how the run ended.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { readReport } from '../../core/report/read-report';
import type { RecalibrationMethod, UqReport } from '../../protocol/report';
import type { StopReason } from '../../protocol/events';
import { RUN_FILES } from '../../protocol/run-dir';
import { readEventLines } from '../../core/run-dir/read-run-dir';
import type { PaperMethod, PaperRegime } from './paper-values';

export interface PaperMetrics {
  rmse: number;
  mae: number;
  nllNo2pi: number;
  mace: number;
  spearman: number | null;
  miscalibrationArea: number;
  /** eV/Å; null when forces were not trained or predicted. */
  forceRmse: number | null;
  /** The rest of the paper's §4.1 and §4.2 columns (raw σ, as the paper reports them). */
  maxError: number;
  rmsce: number;
  sharpness: number;
  r2AbsErrorOnSigma: number | null;
  topQuartileOverlapPercent: number;
  nll: number;
  ece10: number;
  forceMae: number | null;
  forceEce10: number | null;
}

/**
 * The test-set energy numbers after the run's own recalibration (σ fitted on its validation set by the product's
 * default method, as `predict` and the viewer show them): the paper tabulates raw σ, the product recalibrates.
 */
export type RecalibratedKey = 'nll' | 'nllNo2pi' | 'mace' | 'rmsce' | 'ece10' | 'picp95';
export const RECALIBRATED_KEYS: readonly RecalibratedKey[] = ['nll', 'nllNo2pi', 'mace', 'rmsce', 'ece10', 'picp95'];

export type RecalibratedEnergy = Record<RecalibratedKey, number> & {
  /** σ' = scale·σ fitted on validation (< 1: raw σ too large); not applied when `method` is "none". */
  scale: number;
  /** The recalibration the report applies (the σ scale, or the isotonic map on top of it; "none": raw σ kept on held-out folds). */
  method: RecalibrationMethod;
};

export interface PaperRunResult {
  method: PaperMethod;
  regime: PaperRegime;
  /** Training seed (absent in tables written before seeds were recorded). */
  seed?: number;
  /** Trained on forces too (α = 0.1). */
  forces: boolean;
  /** Relative to the output folder. */
  runDir: string;
  status: string;
  /** Null when the run wrote no report (failed). */
  metrics: PaperMetrics | null;
  /** After the run's recalibration; absent when the report has none (too few validation structures, or older results). */
  recalibrated?: RecalibratedEnergy | null;
  epochs: number;
  bestEpoch: number | null;
  trainSeconds: number;
  stoppedBy: 'epochs' | 'early-stopping' | 'time-budget' | 'failed' | 'cancelled';
  testCount: number;
  trainCount: number;
  validationCount: number;
  message?: string;
}

export function testEnergyMetrics(report: UqReport): PaperMetrics | null {
  const m = report.metrics.test?.energy?.raw.metrics;
  if (!m) return null;
  const f = report.metrics.test?.forces?.raw.metrics;
  return {
    rmse: m.rmse, mae: m.mae, nllNo2pi: m.nllNo2pi, mace: m.mace, spearman: m.spearman, miscalibrationArea: m.miscalibrationArea, forceRmse: f ? f.rmse : null,
    maxError: m.maxError, rmsce: m.rmsce, sharpness: m.sharpness, r2AbsErrorOnSigma: m.r2AbsErrorOnSigma,
    topQuartileOverlapPercent: m.topQuartileOverlapPercent, nll: m.nll, ece10: m.ece10,
    forceMae: f ? f.mae : null, forceEce10: f ? f.ece10 : null,
  };
}

export function recalibratedTestEnergy(report: UqReport): RecalibratedEnergy | null {
  const m = report.metrics.test?.energy?.recalibrated?.metrics;
  const fit = report.recalibration.energy;
  if (!m || !fit) return null;
  const out = { scale: fit.scale, method: fit.method ?? 'scale' } as RecalibratedEnergy;
  for (const k of RECALIBRATED_KEYS) out[k] = m[k];
  return out;
}

interface EventSummary { epochs: number; budget: boolean; seconds: number; stopped?: StopReason; finished: boolean }

/**
 * Epoch count, wall time and whether the time budget ended the run, from its events.ndjson. The budget is
 * the finished event's reason 'time-budget'; runs written before the runner recorded that reason said it
 * only in a warning, which is still recognised so their tables read the same.
 */
export function summariseEvents(runDir: string): EventSummary {
  const out: EventSummary = { epochs: 0, budget: false, seconds: 0, finished: false };
  for (const event of readEventLines(join(runDir, RUN_FILES.events))) {
    const e = event as { type?: string; epoch?: number; message?: string; seconds?: number; stopped?: StopReason };
    if (e.type === 'epoch' && typeof e.epoch === 'number') out.epochs = e.epoch;
    if (e.type === 'warning' && e.message?.startsWith('time budget reached')) out.budget = true;
    if (e.type === 'finished') {
      out.finished = true;
      out.seconds = e.seconds ?? 0;
      out.stopped = e.stopped;
      if (e.stopped === 'time-budget') out.budget = true;
    }
  }
  return out;
}

/** A run that ended with its report written (not cancelled): `paper --resume` keeps it as it is. */
export function runFinished(runDir: string): boolean {
  if (!existsSync(join(runDir, RUN_FILES.report))) return false;
  const ev = summariseEvents(runDir);
  return ev.finished && ev.stopped !== 'cancelled';
}

export function readRunResult(outDir: string, runDirName: string, method: PaperMethod, regime: PaperRegime, status: string, message?: string): PaperRunResult {
  const runDir = join(outDir, runDirName);
  const ev = summariseEvents(runDir);
  const reportFile = join(runDir, RUN_FILES.report);
  const report = existsSync(reportFile) ? readReport({ path: reportFile }) : null;
  const split = report?.producer.split;
  const stoppedBy: PaperRunResult['stoppedBy'] = status === 'failed' ? 'failed' : status === 'cancelled' ? 'cancelled'
    : ev.budget ? 'time-budget' : ev.stopped === 'early-stopping' ? 'early-stopping' : 'epochs';
  return {
    method, regime, forces: report?.method.trainForces ?? false, runDir: runDirName, status,
    metrics: report ? testEnergyMetrics(report) : null,
    recalibrated: report ? recalibratedTestEnergy(report) : null,
    epochs: ev.epochs, bestEpoch: report?.history.bestEpoch ?? null, trainSeconds: ev.seconds, stoppedBy,
    testCount: split?.test.length ?? 0, trainCount: split?.train.length ?? 0, validationCount: split?.validation.length ?? 0,
    ...(message ? { message } : {}),
  };
}
