/**
 * Builds the report at the end of a run (the runner calls this; `mlip-uq report` calls it again from a
 * run directory). All metrics come from src/core/uq: per set, energy per atom from the structures and
 * forces per component, raw and recalibrated (recalibration-section.ts: fitted on validation, forces
 * per element, both methods side by side, `recalibrated` by the default one), each with bootstrap 95 %
 * intervals of RMSE, MAE, MACE and PICP over the set's structures (interval-section.ts).
 */
import { LocatedError } from '../errors';
import { evaluatePredictions } from '../uq/evaluate';
import { fitQuantityRecalibrations, recalibratedMetrics, type QuantityVectors } from './recalibration-section';
import {
  REPORT_KIND, REPORT_SCHEMA_VERSION, SET_NAMES,
  type MethodSummary, type Producer, type QuantityMetrics, type SetMetrics,
  type SetName, type SetPredictions, type StructurePrediction, type TrainingHistory, type UqReport,
} from '../../protocol/report';
import { compactNumbers } from './number-array';
import { setBreakdown } from './breakdown-section';
import { oodSection } from './ood-section';
import { addIntervals, forceComponentStructures } from './interval-section';

/** Force components of a set: structure order, atom order, then x, y, z (eV/Å). */
export interface ForceVectors {
  true: ArrayLike<number>;
  pred: ArrayLike<number>;
  std: ArrayLike<number>;
  /** element of each atom (length/3 entries), for per-element force recalibration */
  elements?: string[];
}

export interface SetPredictionInput {
  /** Per-structure energies per atom (eV/atom) with σ. */
  structures: StructurePrediction[];
  forces?: ForceVectors;
}

export interface ReportInputs {
  producer: Producer;
  method: MethodSummary;
  history: TrainingHistory;
  predictions: Partial<Record<SetName, SetPredictionInput>>;
  /** ISO time; defaults to now. */
  createdAt?: string;
  notes?: string[];
  /** Force arrays longer than this are stored as base64 float32 (default 3000 values). */
  encodeForcesAbove?: number;
}

export function buildReport(inputs: ReportInputs): UqReport {
  const sets = SET_NAMES.filter((s) => inputs.predictions[s] !== undefined);
  if (!sets.length) throw new LocatedError('no predictions for any set', { field: 'predictions' }, 'train, validation or test predictions');
  const vectors: Partial<Record<SetName, QuantityVectors>> = {};
  for (const s of sets) vectors[s] = quantityVectors(inputs.predictions[s]!, s);

  const { recalibration, fits } = fitQuantityRecalibrations(vectors.validation);

  const metrics: Partial<Record<SetName, SetMetrics>> = {};
  for (const s of sets) {
    const m: SetMetrics = {};
    for (const q of ['energy', 'forces'] as const) {
      const v = vectors[s]?.[q];
      if (!v) continue;
      const where = { field: `predictions.${s}.${q}` };
      const qm: QuantityMetrics = { unit: q === 'energy' ? 'eV/atom' : 'eV/Å', raw: evaluatePredictions(v, where) };
      const fit = fits[q];
      const groups = q === 'forces' ? vectors[s]?.forceElements : undefined;
      if (fit) Object.assign(qm, recalibratedMetrics(v, fit, groups, where, qm.raw));
      // Bootstrap resamples draw whole structures: a force component moves with its structure.
      const units = q === 'forces' ? forceComponentStructures(inputs.predictions[s]!.structures, v.yTrue.length) : undefined;
      addIntervals(qm, v, fit, groups, units);
      m[q] = qm;
    }
    metrics[s] = m;
  }

  const predictions: Partial<Record<SetName, SetPredictions>> = {};
  const encodeAbove = inputs.encodeForcesAbove ?? 3000;
  for (const s of sets) {
    const p = inputs.predictions[s]!;
    const out: SetPredictions = { structures: p.structures };
    if (p.forces && p.forces.true.length) {
      out.forces = {
        count: p.forces.true.length,
        true: compactNumbers(p.forces.true, encodeAbove),
        pred: compactNumbers(p.forces.pred, encodeAbove),
        std: compactNumbers(p.forces.std, encodeAbove),
        ...(p.forces.elements?.length ? { elements: p.forces.elements } : {}),
      };
    }
    predictions[s] = out;
  }

  const notes = [...(inputs.notes ?? [])];
  for (const s of sets) {
    for (const q of ['energy', 'forces'] as const) {
      const v = vectors[s]?.[q];
      if (v && allZero(v.yStd)) {
        notes.push(`σ is zero for every ${s} ${q} value (a deterministic model?): uncertainty metrics use the 1e-8 σ floor and say nothing about calibration`);
      }
    }
  }

  const ood = oodSection(inputs.predictions);
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    kind: REPORT_KIND,
    createdAt: inputs.createdAt ?? new Date().toISOString(),
    producer: inputs.producer,
    method: inputs.method,
    metrics,
    recalibration,
    history: inputs.history,
    predictions,
    ...(breakdownOf(inputs.predictions) ?? {}),
    ...(ood ? { outOfDistribution: ood } : {}),
    ...(notes.length ? { notes } : {}),
  };
}

/** Errors per element (forces) and per group, for the sets that have something to break down. */
function breakdownOf(p: ReportInputs['predictions']): Pick<UqReport, 'breakdown'> | undefined {
  const out: NonNullable<UqReport['breakdown']> = {};
  for (const s of SET_NAMES) {
    const b = p[s] ? setBreakdown(p[s]!, s) : undefined;
    if (b) out[s] = b;
  }
  return Object.keys(out).length ? { breakdown: out } : undefined;
}

function allZero(v: ArrayLike<number>): boolean {
  for (let i = 0; i < v.length; i++) if (v[i] !== 0) return false;
  return true;
}

function quantityVectors(p: SetPredictionInput, set: SetName): QuantityVectors {
  const out: QuantityVectors = {};
  if (p.structures.length) {
    out.energy = {
      yTrue: p.structures.map((x) => x.energyTrue),
      yPred: p.structures.map((x) => x.energyPred),
      yStd: p.structures.map((x) => x.energyStd),
    };
  }
  if (p.forces && p.forces.true.length) {
    const f = p.forces;
    if (f.pred.length !== f.true.length || f.std.length !== f.true.length) {
      throw new LocatedError(`force arrays of ${set} differ in length (true ${f.true.length}, pred ${f.pred.length}, std ${f.std.length})`,
        { field: `predictions.${set}.forces` }, 'equally long arrays');
    }
    out.forces = { yTrue: f.true, yPred: f.pred, yStd: f.std };
    if (f.elements?.length) {
      if (3 * f.elements.length !== f.true.length) {
        throw new LocatedError(`force elements of ${set} name ${f.elements.length} atoms but there are ${f.true.length} components`,
          { field: `predictions.${set}.forces.elements` }, `${f.true.length / 3} elements`);
      }
      out.forceElements = f.elements.flatMap((e) => [e, e, e]);
      // Cross-validation folds keep the components of one structure together.
      out.forceUnits = forceComponentStructures(p.structures, f.true.length);
    }
  }
  return out;
}
