/**
 * `predict --run` on structures that carry reference energies (or forces): their errors and the
 * calibration of the σ printed (recalibrated unless --raw), overall, per element of the atom (forces)
 * and per group (extended-XYZ config_type, or the input each structure came from when several are
 * given), with the metrics the report uses (src/core/uq, src/core/report/breakdown-section.ts).
 */
import { setBreakdown } from '../../core/report/breakdown-section';
import { terminalText } from '../../core/report/escape-text';
import type { StructurePrediction as ModelPrediction } from '../../core/training/evaluate';
import type { EnergyUnit, Structure } from '../../core/structures/types';
import { toElectronvoltFactor } from '../../core/structures/units';
import { evaluatePredictions } from '../../core/uq/evaluate';
import type { SetBreakdown, UqMetricSet } from '../../protocol/report';
import { predictionInputs } from '../predictions-file';

/** The few numbers a user reads first; the rest of a UqMetricSet is in the report. */
export interface ErrorLine {
  count: number;
  mae: number;
  rmse: number;
  maxError: number;
  /** interval calibration: mean absolute calibration error over 100 levels, and the 95 % interval's coverage */
  mace: number;
  picp95: number;
  nll: number;
}

export interface PredictErrors {
  /** eV/atom */
  energy: ErrorLine & { structures: number };
  /** eV/Å per component */
  forces?: ErrorLine;
  forcesByElement?: Record<string, ErrorLine>;
  groups?: Record<string, { structures: number; energy?: ErrorLine; forces?: ErrorLine }>;
}

function line(m: UqMetricSet): ErrorLine {
  return { count: m.count, mae: m.mae, rmse: m.rmse, maxError: m.maxError, mace: m.mace, picp95: m.picp95, nll: m.nll };
}

/** Null when no structure has a reference energy. */
export function predictErrors(preds: ModelPrediction[], structures: readonly Structure[]): PredictErrors | null {
  const byName = new Map(structures.map((s) => [s.name, s]));
  const groups = new Map(structures.flatMap((s) => (s.group !== undefined ? [[s.name, s.group] as [string, string]] : [])));
  const set = predictionInputs({ test: preds }, new Map(), new Map([...byName].map(([n, s]) => [n, s.species])), groups).test;
  if (!set || set.structures.length === 0) return null;
  const st = set.structures;
  const energy = evaluatePredictions({ yTrue: st.map((s) => s.energyTrue), yPred: st.map((s) => s.energyPred), yStd: st.map((s) => s.energyStd) }, { field: 'FILES' }).metrics;
  const out: PredictErrors = { energy: { ...line(energy), structures: st.length } };
  if (set.forces && set.forces.true.length) {
    out.forces = line(evaluatePredictions({ yTrue: set.forces.true, yPred: set.forces.pred, yStd: set.forces.std }, { field: 'FILES' }).metrics);
  }
  const b: SetBreakdown | undefined = setBreakdown(set, 'predict');
  if (b?.forcesByElement) out.forcesByElement = Object.fromEntries(Object.entries(b.forcesByElement).map(([el, m]) => [el, line(m)]));
  if (b?.groups) {
    out.groups = Object.fromEntries(Object.entries(b.groups).map(([g, m]) => [g, {
      structures: m.structures, ...(m.energy ? { energy: line(m.energy) } : {}), ...(m.forces ? { forces: line(m.forces) } : {}),
    }]));
  }
  return out;
}

/** Errors as the field writes them: meV/atom and meV/Å for eV data, kcal/mol and kcal/mol/Å for kcal/mol data. */
function display(unit: EnergyUnit): { scale: number; energy: string; forces: string } {
  return unit === 'kcal/mol'
    ? { scale: 1 / toElectronvoltFactor('kcal/mol'), energy: 'kcal/mol/atom', forces: 'kcal/mol/Å' }
    : { scale: 1000, energy: 'meV/atom', forces: 'meV/Å' };
}

function text(label: string, l: ErrorLine, unit: string, scale: number): string {
  const v = (x: number) => (scale * x).toFixed(scale === 1000 ? 2 : 4).padStart(9);
  return `${label.padEnd(28)} MAE ${v(l.mae)}  RMSE ${v(l.rmse)}  max ${v(l.maxError)} ${unit}   MACE ${l.mace.toFixed(3)}  PICP95 ${(100 * l.picp95).toFixed(1)} %  (${l.count})`;
}

/** The printed block, in the unit of the inputs (`--energy-unit`), with the calibration of the σ shown. */
export function errorLines(e: PredictErrors, recalibrated: boolean, unit: EnergyUnit = 'eV'): string[] {
  const d = display(unit);
  const out = [`errors against the reference energies in the inputs (${e.energy.structures} structures; calibration of the ${recalibrated ? 'recalibrated' : 'raw'} σ):`];
  out.push(text('energy', e.energy, d.energy, d.scale));
  if (e.forces) out.push(text('forces', e.forces, d.forces, d.scale));
  for (const [el, l] of Object.entries(e.forcesByElement ?? {})) out.push(text(`  forces on ${el}`, l, d.forces, d.scale));
  for (const [g, m] of Object.entries(e.groups ?? {})) {
    // Group names come from files and paths: inert on a terminal, the last 20 characters kept.
    const name = terminalText(g).slice(-20);
    if (m.energy) out.push(text(`  group ${name} energy`, m.energy, d.energy, d.scale));
    if (m.forces) out.push(text(`  group ${name} forces`, m.forces, d.forces, d.scale));
  }
  return out;
}
