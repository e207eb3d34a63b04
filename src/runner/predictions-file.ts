/**
 * The model's predictions in the units `predictions.json` holds (written by src/core/report's
 * writePredictionsFile, read by run-dir-inputs.ts): per set, per structure the per-atom energy truth,
 * μ and σ (eV/atom), and the force components (eV/Å, flat, structure → atom → x, y, z) when every
 * structure of the set has them, with each atom's element when `species` names every structure's atoms
 * (the report recalibrates force σ per element). Structures without a known energy are left out.
 */
import type { StructurePrediction as ModelPrediction } from '../core/training/evaluate';
import type { SetPredictionInput } from '../core/report/build-report';
import type { SetName } from '../protocol/report';

/** The model's own predictions (total energies in eV) per set. */
export type PredictionsBySet = Partial<Record<SetName, ModelPrediction[]>>;

/** `groups`: each structure's group (extended-XYZ config_type or its input entry), for per-group errors. */
export function predictionInputs(sets: PredictionsBySet, sources: Map<string, string>, species?: Map<string, readonly string[]>, groups?: Map<string, string>): Partial<Record<SetName, SetPredictionInput>> {
  const out: Partial<Record<SetName, SetPredictionInput>> = {};
  for (const [name, preds] of Object.entries(sets) as Array<[SetName, ModelPrediction[] | undefined]>) {
    if (!preds) continue;
    const known = preds.filter((p) => p.energy.truth !== null);
    const set: SetPredictionInput = {
      structures: known.map((p) => ({
        name: p.name, ...(sources.get(p.name) ? { source: sources.get(p.name) } : {}), atoms: p.nAtoms,
        energyTrue: p.energy.truth! / p.nAtoms, energyPred: p.energy.mu / p.nAtoms, energyStd: p.energy.sigma / p.nAtoms,
        ...(groups?.has(p.name) ? { group: groups.get(p.name) } : {}),
      })),
    };
    if (known.length > 0 && known.every((p) => p.forces && p.forces.truth)) {
      set.forces = {
        true: known.flatMap((p) => p.forces!.truth!),
        pred: known.flatMap((p) => p.forces!.mu),
        std: known.flatMap((p) => p.forces!.sigma),
      };
      if (species && known.every((p) => species.get(p.name)?.length === p.nAtoms)) set.forces.elements = known.flatMap((p) => [...species.get(p.name)!]);
    }
    out[name] = set;
  }
  return out;
}
