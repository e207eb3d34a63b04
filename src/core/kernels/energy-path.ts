/**
 * Training steps of deterministic networks and deep ensembles on the wasm SIMD kernels (./mlp.wat) instead
 * of tfjs ops: forward, the ensemble loss of losses.ts, and the gradient of θ [M, P] by a hand-written
 * backward pass; energies and forces. Every training and validation atom's standardised descriptor row is
 * copied into kernel memory once; a batch is then a list of row numbers per element. BNN steps reuse it to
 * run sampled weight sets (radial) and to predict the validation set.
 * The work is split by job: ./energy-plan.ts (memory plan, packing), ./energy-passes.ts (forward, loss,
 * backward), ./energy-forces.ts (tangent and reverse force passes), ./energy-validation.ts.
 */
import type { Standardisation } from '../descriptors/types';
import type { TrainingSample } from '../data/samples';
import type { ParamLayout } from '../models/layout';
import { forceForward } from './energy-forces';
import { backwardEnergies, ensembleStep, forwardEnergies, networkShare } from './energy-passes';
import { packStage, packTheta, planElement, unpackGradient, type ElementPlan, type PackStage, type EnergyPathState, type KernelBatch, type KernelLossParts, type KernelValidation } from './energy-plan';
import { validationSums } from './energy-validation';
import { MlpKernel } from './mlp-kernel';
import { forceStructuresFirst, uploadForces, uploadRows, type ForceBatch, type RowSet } from './rows';

/** Why the kernel path cannot train this set-up, or null when it can. */
export function kernelUnsupported(layout: ParamLayout, activation: string): string | null {
  if (activation !== 'tanh') return `activation ${activation} has no wasm kernel (tanh only)`;
  if (layout.hidden.length === 0) return 'networks without hidden layers train with tfjs ops';
  return null;
}

export class KernelEnergyPath implements EnergyPathState {
  readonly k: MlpKernel;
  readonly plans: ElementPlan[];
  readonly train: RowSet;
  readonly val: RowSet;
  readonly energies: Float64Array[];
  readonly dE: Float64Array[];
  readonly trainF: ForceBatch[] | null = null;
  readonly valF: ForceBatch[] | null = null;
  readonly forces: number[] = [];
  readonly dForces: number[] = [];
  readonly variance: Float64Array[];
  readonly dV: Float64Array[];
  rows: number;
  readonly stage: PackStage;

  /**
   * `batches`: the training batches as lists of indices into `train` (fixed compositions). `alpha`: the force
   * weight when forces are trained (structures with targets and a Jacobian), null for energies only.
   */
  constructor(
    kernel: MlpKernel, readonly layout: ParamLayout, readonly members: number,
    train: readonly TrainingSample[], batches: readonly number[][],
    validation: readonly TrainingSample[], std: readonly Standardisation[], readonly alpha: number | null = null,
  ) {
    this.k = kernel;
    this.rows = members;
    let valBatches: number[][] = [];
    for (let s = 0; s < validation.length; s += 256) valBatches.push(Array.from({ length: Math.min(256, validation.length - s) }, (_, i) => s + i));
    if (alpha !== null) {
      const has = (set: readonly TrainingSample[]) => (i: number) => set[i].forces !== null && !!set[i].descriptors.jacobian;
      batches = forceStructuresFirst(batches, has(train));
      valBatches = forceStructuresFirst(valBatches, has(validation));
      this.trainF = uploadForces(kernel, layout, train, batches, std, has(train));
      this.valF = uploadForces(kernel, layout, validation, valBatches, std, has(validation));
      const atoms = Math.max(1, ...[...this.trainF, ...this.valF].map((f) => f.atoms));
      for (let m = 0; m < members; m++) { this.forces.push(kernel.alloc(atoms * 4)); this.dForces.push(kernel.alloc(atoms * 4)); }
    }
    this.train = uploadRows(kernel, layout, train, batches, std);
    this.val = uploadRows(kernel, layout, validation, valBatches, std);
    const maxRows = layout.elements.map((_, e) => Math.max(1, ...[this.train, this.val].flatMap((set) => set.batches.map((b) => b.count[e]))));
    const maxForceRows = layout.elements.map((_, e) => Math.max(1, ...[...(this.trainF ?? []), ...(this.valF ?? [])].map((f) => f.rows[e])));
    this.plans = layout.elements.map((_, e) => planElement(this, e, maxRows[e], alpha !== null ? maxForceRows[e] : 0));
    this.stage = packStage(this);
    const maxB = Math.max(1, ...batches.map((b) => b.length), ...valBatches.map((b) => b.length));
    this.energies = Array.from({ length: members }, () => new Float64Array(maxB));
    this.dE = Array.from({ length: members }, () => new Float64Array(maxB));
    this.variance = Array.from({ length: members }, () => new Float64Array(maxB));
    this.dV = Array.from({ length: members }, () => new Float64Array(maxB));
  }

  /** The kernel instance (its memory), for another path sharing it. */
  get kernel(): MlpKernel {
    return this.k;
  }

  /**
   * One training step's loss and gradient for batch `bi`: returns the loss parts and writes dLoss/dθ into
   * `grad` [M·P]. `weights[m][structure]` are bootstrap multiplicities (null: 1).
   */
  step(theta: Float32Array, bi: number, grad: Float32Array, weights: Float32Array[] | null): KernelLossParts {
    return ensembleStep(this, theta, bi, grad, weights);
  }

  /** This thread's part of a single network's step split by structure (energy-passes.ts networkShare): Σ e² of its structures. */
  share(theta: Float32Array, bi: number, part: Float32Array): number {
    return networkShare(this, theta, bi, part);
  }

  /**
   * Validation sums over all validation structures: Σ (mean over members of e)² and per member Σ e², with
   * e = (Ê − target)/N; and the count. A function for θ draws fresh weight sets for every validation batch.
   */
  validate(theta: Float32Array | ((batch: number) => Float32Array), rows = this.members): KernelValidation {
    return validationSums(this, theta, rows);
  }

  /**
   * The gradient of any loss of the structure energies of `rows` weight sets θ [rows·P] on training batch
   * `bi`: `loss` gets the energies Ê [row][structure] and the batch, returns its value and fills
   * dLoss/dÊ [row][structure]; the gradient with respect to θ goes to `grad` [rows·P].
   */
  gradient(theta: Float32Array, rows: number, bi: number, grad: Float32Array, loss: (energies: readonly Float64Array[], batch: KernelBatch, dE: Float64Array[]) => number): number {
    if (rows > this.members) throw new Error(`kernel path sized for ${this.members} weight sets, asked for ${rows}`);
    this.rows = rows;
    packTheta(this, theta);
    forwardEnergies(this, this.train, bi);
    const batch = this.train.batches[bi];
    const fb = this.trainF && this.trainF[bi].atoms > 0 ? this.trainF[bi] : null;
    const kb: KernelBatch = { size: batch.members.length, samples: batch.members, energy: batch.energy, invAtoms: batch.invAtoms };
    if (fb) {
      forceForward(this, fb);
      const f = this.k.f32, view = (at: number) => f.subarray(at / 4, at / 4 + fb.atoms * 4);
      kb.forces = { atoms: fb.atoms, target: fb.target, predicted: this.forces.slice(0, rows).map(view), dF: this.dForces.slice(0, rows).map(view) };
    }
    const value = loss(this.energies.slice(0, rows), kb, this.dE);
    backwardEnergies(this, batch, fb);
    unpackGradient(this, grad);
    return value;
  }

  /** Per-member structure energies Ê of the training batch `bi` (for tests). */
  batchEnergies(theta: Float32Array, bi: number): Float64Array[] {
    this.rows = this.members;
    packTheta(this, theta);
    forwardEnergies(this, this.train, bi);
    const B = this.train.batches[bi].members.length;
    return this.energies.map((e) => e.slice(0, B));
  }
}

/** Convenience: a kernel path, or the reason there is none. */
export function createKernelEnergyPath(
  layout: ParamLayout, members: number, train: readonly TrainingSample[], batches: readonly number[][],
  validation: readonly TrainingSample[], std: readonly Standardisation[], alpha: number | null = null,
): KernelEnergyPath | string {
  const kernel = MlpKernel.create();
  if (typeof kernel === 'string') return kernel;
  return new KernelEnergyPath(kernel, layout, members, train, batches, validation, std, alpha);
}
