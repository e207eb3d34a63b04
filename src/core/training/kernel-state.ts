/**
 * Which engine a Trainer's steps run on, and the kernel side of it: the wasm SIMD kernel paths (networks and
 * ensembles with or without forces, LRT, Flipout and radial BNNs) with their flat Adam, or the reason the
 * steps stay on tfjs ops (an unsupported set-up, no wasm SIMD, or data too large for one wasm memory).
 */
import type { Standardisation } from '../descriptors/types';
import { KernelMemoryError, MlpKernel } from '../kernels/mlp-kernel';
import type { ParamLayout } from '../models/layout';
import type { ModelSpec, PotentialModel } from '../models/potential';
import { FlatAdam } from './flat-adam';
import { createKernelEnergyPath, kernelUnsupported, type KernelEnergyPath } from '../kernels/energy-path';
import { KernelFlipoutStep } from '../kernels/flipout-step';
import { KernelLrtStep } from '../kernels/lrt-step';
import { KernelRadialStep } from '../kernels/radial-step';
import type { TrainingSample } from '../data/samples';
import type { TrainerOptions } from './trainer';

/** What runs the training steps: the wasm SIMD kernels or tfjs ops, and why. */
export interface TrainingEngine { name: 'wasm-simd-kernels' | 'tfjs-ops'; reason: string }

export interface KernelState {
  path: KernelEnergyPath; adam: FlatAdam; grad: Float32Array; weights: Float32Array[] | null; sizes: number[];
  /** BNNs (radial, LRT): the step that samples and applies the chain rule to μ and ρ; null for ensembles. */
  bnn: KernelRadialStep | KernelLrtStep | KernelFlipoutStep | null;
}

/** Why this model and these options train on tfjs ops rather than the wasm kernels (null: kernels). */
export function kernelsRefused(spec: ModelSpec, layout: ParamLayout, o: Pick<TrainerOptions, 'kernels'>): string | null {
  if (o.kernels === false) return 'kernels switched off';
  return kernelUnsupported(layout, spec.activation) ?? MlpKernel.unavailable();
}

/** The engine a Trainer with these settings will use (what the runner announces before featurizing). */
export function trainingEngine(spec: ModelSpec, layout: ParamLayout, o: Pick<TrainerOptions, 'kernels'>): TrainingEngine {
  const why = kernelsRefused(spec, layout, o);
  return why === null ? KERNEL_ENGINE : { name: 'tfjs-ops', reason: why };
}

export const KERNEL_ENGINE: TrainingEngine = { name: 'wasm-simd-kernels', reason: 'training steps on the wasm SIMD MLP kernels' };

/** The kernel state for this model and options, or why the steps run on tfjs ops. */
export function createKernelState(
  model: PotentialModel, train: readonly TrainingSample[], lists: number[][], validation: readonly TrainingSample[],
  std: readonly Standardisation[], o: TrainerOptions, counts: Float32Array[] | null, trainForces: boolean, validationSamples: number,
): KernelState | string {
  const members = model.trainRows(1);
  const why = kernelsRefused(model.spec, model.layout, o);
  if (why !== null) return why;
  const bnn = o.bnn;
  const rows = bnn ? Math.max(bnn.trainSamples, validationSamples) : members;
  // LRT and Flipout train on their own kernel paths; the weight-set path then only predicts the validation set.
  const estimator = bnn ? model.spec.estimator : null;
  const own = estimator === 'lrt' || estimator === 'flipout';
  const alpha = trainForces ? o.alpha : null;
  let path: KernelEnergyPath | string;
  let step: KernelState['bnn'] = null;
  try {
    path = createKernelEnergyPath(model.layout, rows, own ? [] : train, own ? [] : lists, validation, std, alpha);
    if (typeof path !== 'string' && bnn) {
      const bo = { samples: bnn.trainSamples, sigmaEnergy: bnn.sigmaEnergy, weighting: bnn.weighting, nTrain: train.length, priorScale: model.spec.priorScale ?? 1 };
      step = estimator === 'lrt' ? new KernelLrtStep(path.kernel, model.layout, train, lists, std, bo, alpha !== null ? { alpha, sigma: bnn.sigmaForces } : null)
        : estimator === 'flipout' ? new KernelFlipoutStep(path.kernel, model.layout, train, lists, std, bo, alpha !== null ? { alpha, sigma: bnn.sigmaForces } : null)
          : new KernelRadialStep(path, model.layout, { ...bo, ...(alpha !== null ? { forces: { alpha, sigma: bnn.sigmaForces } } : {}) });
    }
  } catch (e) {
    // Too large for one wasm memory: train on tfjs ops instead, and say why.
    if (!(e instanceof KernelMemoryError)) throw e;
    return e.message;
  }
  if (typeof path === 'string') return path;
  const p = model.layout.size;
  const sizes = bnn ? [p, p] : [members * p];
  return { path, adam: new FlatAdam(sizes, o.adam), grad: new Float32Array(sizes.reduce((a, b) => a + b, 0)), weights: counts, sizes: lists.map((l) => l.length), bnn: step };
}
