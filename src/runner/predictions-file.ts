/**
 * `predictions.json` in the format the report builder reads (src/core/report/run-dir-inputs.ts): per set,
 * per structure the per-atom energy truth, μ and σ (eV/atom), and the force components (eV/Å, flat,
 * structure → atom → x, y, z) when every structure of the set has them.
 */
import type { StructurePrediction as ModelPrediction } from '../core/training/evaluate';
import type { MethodSummary, RunPredictionsFile, SetName } from '../protocol/report';

/** The model's own predictions (total energies in eV) per set, before conversion to the file's units. */
export type PredictionsBySet = Partial<Record<SetName, ModelPrediction[]>>;

export function predictionsDocument(sets: PredictionsBySet, method: MethodSummary, sources: Map<string, string>): RunPredictionsFile {
  const out: RunPredictionsFile['sets'] = {};
  for (const [name, preds] of Object.entries(sets) as Array<[SetName, ModelPrediction[] | undefined]>) {
    if (!preds) continue;
    const structures = preds.filter((p) => p.energy.truth !== null).map((p) => ({
      name: p.name, ...(sources.get(p.name) ? { source: sources.get(p.name) } : {}), atoms: p.nAtoms,
      energyTrue: p.energy.truth! / p.nAtoms, energyPred: p.energy.mu / p.nAtoms, energyStd: p.energy.sigma / p.nAtoms,
    }));
    const set: NonNullable<RunPredictionsFile['sets'][SetName]> = { structures };
    const known = preds.filter((p) => p.energy.truth !== null);
    if (known.length > 0 && known.every((p) => p.forces && p.forces.truth)) {
      set.forces = {
        true: known.flatMap((p) => p.forces!.truth!),
        pred: known.flatMap((p) => p.forces!.mu),
        std: known.flatMap((p) => p.forces!.sigma),
      };
    }
    out[name] = set;
  }
  return { format: 'mlip-uq-predictions', version: 1, sets: out, method };
}
