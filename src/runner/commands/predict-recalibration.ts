/**
 * The recalibration `predict --run` applies: read from the run's report (fitted on the run's validation
 * set, src/core/report/recalibration-section.ts), one σ factor for energies and one per element for
 * force components (src/core/uq/recalibration-factor.ts), and the plain-words warnings that go with it.
 * `--raw` turns it off; a run without a readable report predicts raw σ and says so, and so does a quantity
 * whose held-out validation folds kept raw σ (method "none").
 */
import { join } from 'node:path';
import { readReport } from '../../core/report/read-report';
import { recalibrationWarnings } from '../../core/uq/miscalibration-warning';
import {
  isFittedRecalibration, keptRawSigma, KEPT_RAW_SIGMA_SENTENCE, recalibrationFactor,
} from '../../core/uq/recalibration-factor';
import type { QuantityName, Recalibration, RecalibrationMethod } from '../../protocol/report';
import { RUN_FILES } from '../../protocol/run-dir';

export interface PredictRecalibration {
  /** σ is multiplied by the factors below */
  applied: boolean;
  method?: RecalibrationMethod;
  energyFactor: number;
  /** per element; `forceFactor` for elements without their own */
  forceFactors: Record<string, number>;
  forceFactor: number;
  /** plain-words warnings (validation scale outside [0.5, 2]) */
  warnings: string[];
  /** why σ is raw, when it is */
  note?: string;
  /** the quantities whose held-out validation folds kept raw σ (method "none"), when σ of another is applied */
  keptRaw?: QuantityName[];
}

const RAW: Omit<PredictRecalibration, 'note' | 'warnings'> = { applied: false, energyFactor: 1, forceFactors: {}, forceFactor: 1 };

export function predictRecalibration(runDir: string, raw: boolean): PredictRecalibration {
  let rec: Partial<Record<QuantityName, Recalibration>>;
  try {
    rec = readReport({ path: join(runDir, RUN_FILES.report) }).recalibration ?? {};
  } catch {
    return { ...RAW, warnings: [], note: `no readable ${RUN_FILES.report} in the run directory: σ is the model's own, not recalibrated` };
  }
  if (raw) return { ...RAW, warnings: recalibrationWarnings(rec, 'raw'), note: 'σ is the model\'s own (--raw), not recalibrated' };
  const e = rec.energy, f = rec.forces;
  const keptRaw = (['energy', 'forces'] as const).filter((q) => keptRawSigma(rec[q]));
  if (!isFittedRecalibration(e) && !isFittedRecalibration(f)) {
    if (keptRaw.length) return { ...RAW, method: 'none', warnings: recalibrationWarnings(rec, 'recalibrated'), note: `${KEPT_RAW_SIGMA_SENTENCE} (the run's recalibration: none)` };
    return { ...RAW, warnings: [], note: `the run fitted no recalibration${e?.note ? ` (${e.note})` : ''}: σ is the model's own` };
  }
  return {
    applied: true,
    method: isFittedRecalibration(e) ? e!.method : f?.method,
    ...(keptRaw.length ? { keptRaw } : {}),
    energyFactor: recalibrationFactor(e),
    forceFactors: Object.fromEntries(Object.keys(f?.perElement ?? {}).map((el) => [el, recalibrationFactor(f, el)])),
    forceFactor: recalibrationFactor(f),
    warnings: recalibrationWarnings(rec, 'recalibrated'),
  };
}

/** One line for the text output: what σ is. */
export function recalibrationLine(r: PredictRecalibration): string {
  if (!r.applied) return r.note ?? 'σ is the model\'s own';
  const forces = Object.entries(r.forceFactors).map(([el, k]) => `${el} ×${k.toPrecision(3)}`).join(', ');
  const kept = r.keptRaw?.length ? `; ${r.keptRaw.join(' and ')}: ${KEPT_RAW_SIGMA_SENTENCE}` : '';
  return `σ recalibrated on the run's validation set (${r.method ?? 'scale'}: energy ×${r.energyFactor.toPrecision(3)}${forces ? `, forces ${forces}` : r.forceFactor !== 1 ? `, forces ×${r.forceFactor.toPrecision(3)}` : ''})${kept}; --raw for the model's own σ`;
}

/** The warnings of a finished run's report (none when it has no readable report), for `mlip-uq train`. */
export function runRecalibrationWarnings(runDir: string): string[] {
  try {
    return recalibrationWarnings(readReport({ path: join(runDir, RUN_FILES.report) }).recalibration);
  } catch {
    return [];
  }
}
