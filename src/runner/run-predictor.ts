/**
 * A trained run's model, ready to predict new structures: model.json read and checked, the model built once,
 * structures featurised with the run's own descriptor set-ups. Shared by `predict --run` and `select`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StructureDescriptors } from '../core/descriptors/types';
import { Featurizer } from '../core/descriptors/featurize';
import { LocatedError } from '../core/errors';
import { parseJson } from '../core/json/parse-json';
import { createModel } from '../core/estimators/create-model';
import { decodeModel, type SavedModel } from '../core/models/saved-model';
import type { EngineInfo } from '../core/training/engine';
import { predictSet, type StructurePrediction } from '../core/training/evaluate';
import { makeSample } from '../core/data/samples';
import type { Structure } from '../core/structures/types';
import type { OodThresholds } from '../core/selection/ood';
import { RUN_FILES } from '../protocol/run-dir';

export interface RunPrediction {
  predictions: StructurePrediction[];
  /** Raw (unstandardised) descriptors per structure, for fingerprints and novelty. */
  descriptors: StructureDescriptors[];
  /** What computed the predictions: the wasm kernels, or tfjs ops and why. */
  engine: EngineInfo;
}

/** model.json of a run directory, or a located error naming the --run option. */
export function readRunModel(runDir: string, option = '--run'): SavedModel {
  const modelFile = join(runDir, RUN_FILES.model);
  let text: string;
  try {
    text = readFileSync(modelFile, 'utf8');
  } catch {
    throw new LocatedError('no trained model in the run directory', { file: modelFile, field: option }, 'the directory of a finished "mlip-uq train" run');
  }
  return decodeModel(text, modelFile);
}

/** The run's out-of-distribution thresholds (written at the end of training), or null for runs without. */
export function readOodThresholds(runDir: string): OodThresholds | null {
  const file = join(runDir, RUN_FILES.ood);
  if (!existsSync(file)) return null;
  return parseJson(readFileSync(file, 'utf8'), file) as OodThresholds;
}

/** Elements of the structures the model has no network for, or none. */
export function unknownElements(saved: SavedModel, structures: readonly Structure[]): string[] {
  const known = new Set(saved.spec.elements);
  return [...new Set(structures.flatMap((s) => s.species))].filter((e) => !known.has(e)).sort();
}

/** `descriptors`: the structures' descriptors when the caller has them already (with derivatives for forces). */
export function predictWithRun(saved: SavedModel, structures: readonly Structure[], o: { forces: boolean; samples?: number; descriptors?: readonly StructureDescriptors[] }): RunPrediction {
  const samples = o.samples ?? saved.prediction.samples;
  const featurizer = new Featurizer(saved.setups);
  const elements = saved.spec.elements;
  const descriptors = o.descriptors ? [...o.descriptors] : structures.map((s) => featurizer.featurize(s, { derivatives: o.forces, float32Jacobian: true }));
  const items = structures.map((s, i) => makeSample(s, descriptors[i], elements, saved.reference, saved.normalisation, false));
  const model = createModel(saved.spec);
  try {
    try {
      model.importParams(saved.params);
    } catch (e) {
      // Parameters that do not fit the spec: an edited or mixed-up model.json, not a bug.
      throw new LocatedError(`model file parameters do not fit its spec (${e instanceof Error ? e.message : String(e)})`, { file: RUN_FILES.model, field: 'params' }, 'a model.json as mlip-uq train wrote it');
    }
    const { predictions, engine } = predictSet(model, items, saved.standardisation, saved.normalisation, {
      forces: o.forces, samples, seed: saved.spec.seed + 77, ddof: saved.spec.kind === 'bnn' ? 1 : 0, observationNoise: saved.prediction.observationNoise,
    });
    return { predictions, descriptors, engine };
  } finally {
    model.dispose();
  }
}
