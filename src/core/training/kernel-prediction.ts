/**
 * Prediction on the wasm SIMD kernels where they can run it, with the same rule as training
 * (./create-engine.ts): kernels unless switched off, the activation or layout has no kernel, wasm SIMD is
 * missing or the data do not fit one wasm memory; tfjs ops otherwise, with the reason. Every BNN estimator
 * predicts with whole weight sets θ_k = μ + σ⊙v_k, drawn per batch from the caller's generator exactly as
 * BnnModel.predict draws them (sampledWeightSets), so both engines use the same weight sets (to float32
 * rounding: θ is formed in double here, by float32 ops there).
 */
import type { TrainingSample } from '../data/samples';
import type { Standardisation } from '../descriptors/types';
import { estimatorOf } from '../estimators/registry';
import { KernelPredictor, type WeightSetOutputs } from '../kernels/energy-predict';
import { kernelUnsupported } from '../kernels/energy-path';
import { KernelMemoryError, MlpKernel } from '../kernels/mlp-kernel';
import { sampledWeightSets } from '../kernels/radial-step';
import type { PotentialModel } from '../models/potential';
import type { Rng } from '../rng';
import type { EngineInfo } from './engine';

/** The reason names the kernels' variant (plain SIMD or relaxed-SIMD FMA), as the training engine's does. */
export const KERNEL_PREDICTION: EngineInfo = { name: 'wasm-simd-kernels', get reason() { return `prediction on the wasm SIMD MLP kernels${MlpKernel.variantNote()}`; } };

/** The outputs of every weight set for the structures `list` (BNNs draw their weight sets from `rng`). */
export type BatchOutputs = (list: readonly number[], rng: Rng) => WeightSetOutputs;

export interface KernelPredictionOptions {
  forces: boolean;
  /** BNN weight sets per batch (ensembles predict with all their members). */
  samples: number;
  /** false: tfjs ops. */
  kernels?: boolean;
}

/** The model's predictions on the kernels for batches `lists` of `samples`, or why they run on tfjs ops. */
export function kernelPrediction(
  model: PotentialModel, samples: readonly TrainingSample[], std: readonly Standardisation[], lists: readonly number[][], o: KernelPredictionOptions,
): BatchOutputs | string {
  if (o.kernels === false) return 'kernels switched off';
  const refused = kernelUnsupported(model.layout, model.spec.activation) ?? MlpKernel.unavailable();
  if (refused !== null) return refused;
  const bnn = model.spec.kind === 'bnn';
  const sets = bnn ? o.samples : model.trainRows(1);
  let predictor: KernelPredictor | string;
  try {
    predictor = KernelPredictor.create(model.layout, sets, samples, lists, std, o.forces);
  } catch (e) {
    if (!(e instanceof KernelMemoryError)) throw e;
    return e.message;
  }
  if (typeof predictor === 'string') return predictor;
  const k = predictor;
  const params = model.exportParams();
  if (!bnn) return (list) => k.predict(params.theta, list);
  const x = new Float32Array(2 * model.layout.size);
  x.set(params.mu); x.set(params.rho, model.layout.size);
  const radial = estimatorOf(model.spec).radialWeightSets;
  return (list, rng) => k.predict(sampledWeightSets(x, model.layout, sets, rng, radial), list);
}
