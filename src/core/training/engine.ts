/**
 * The seam between the training loop (./trainer.ts: epochs, best epoch, early stopping, divergence) and
 * what runs the steps: tfjs ops with autograd (./tfjs-engine.ts) or the wasm SIMD kernels with hand-written
 * gradients (./kernel-engine.ts). ./create-engine.ts chooses one, once. Both keep the model's parameters
 * current after every epoch, so the loop reads and writes them through the model alone.
 */
import type { KernelValidation } from '../kernels/energy-plan';
import type { Rng } from '../rng';
import type { AdamState } from './adam';

/** What runs the training steps, and why (the `started` event's engine and engineReason). */
export interface EngineInfo { name: 'wasm-simd-kernels' | 'tfjs-ops'; reason: string }

/** An epoch's sums over its batches, each batch weighted by its size. */
export interface EpochSums {
  /** Σ_batches size·data term, and Σ sizes. */
  data: number;
  weight: number;
  /** The last batch's KL term (the same for every batch of an epoch up to the parameter updates). */
  kl: number;
  /** Per output row (member or sample): Σ_batches size·row loss. */
  perRow: Float64Array;
}

/** Sums over the validation set (squared energy and force errors of the mean and of each output row). */
export type ValidationSums = KernelValidation;

/** Called with each batch's data and KL terms; throws when training has diverged. */
export type BatchCheck = (data: number, kl: number) => void;

export interface TrainingEngine extends EngineInfo {
  /** Training batches per epoch (fixed compositions). */
  readonly batchCount: number;
  /** Threads the steps run on, where the engine runs its own (the kernels: a deep ensemble's member ranges). */
  readonly threads?: number;
  readonly hasValidation: boolean;
  /** Per member, how often each training structure is in its bootstrap resample (null: no bootstrap). */
  readonly bootstrapCounts: Float32Array[] | null;
  learningRate: number;
  /** One pass over the training batches in `order`, noise from `rng`; the model holds the new parameters after. */
  epoch(order: readonly number[], rng: Rng, check: BatchCheck): EpochSums;
  /** Validation sums of the model's current parameters (BNNs: the same draws every epoch). */
  validate(): ValidationSums;
  /** The optimiser's state (the parameters live in the model). */
  state(): AdamState;
  restore(s: AdamState): void;
  dispose(): void;
}

/** Validation errors of the mean prediction (eV/atom, eV/Å) and the loss early stopping watches. */
export interface ValidationErrors { loss: number; energyRmse: number; forceRmse?: number; memberEnergy: number[]; memberForce?: number[] }

/** RMSEs from validation sums; with forces trained (α > 0) the watched loss mixes both: (1 − α)·RMSE_E + α·RMSE_F. */
export function validationErrors(v: ValidationSums, alpha: number, energyScale: number): ValidationErrors {
  const sc = energyScale;
  const eRmseN = Math.sqrt(v.meanSq / v.n);
  const out: ValidationErrors = { loss: eRmseN, energyRmse: eRmseN / sc, memberEnergy: Array.from(v.memberSq, (x) => Math.sqrt(x / v.n) / sc) };
  if (v.forceN > 0) {
    const fRmseN = Math.sqrt(v.forceMeanSq / v.forceN);
    out.forceRmse = fRmseN / sc;
    out.memberForce = Array.from(v.forceMemberSq, (x) => Math.sqrt(x / v.forceN) / sc);
    if (alpha > 0) out.loss = (1 - alpha) * eRmseN + alpha * fRmseN;
  }
  return out;
}
