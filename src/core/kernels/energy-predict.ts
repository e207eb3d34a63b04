/**
 * Prediction on the wasm SIMD kernels: the structure energies (heteroscedastic members: also the variance
 * of Ê/N) and forces of S weight sets θ [S·P] (ensemble members, or sampled BNN weight sets) for one batch
 * of structures at a time, through the energy path's own passes (forwardEnergies, forceForward). Weights and
 * activations are planned once for the largest batch; each batch's descriptor rows and Jacobian blocks are
 * uploaded, run and released again, so a set of any size needs the memory of one batch.
 */
import type { TrainingSample } from '../data/samples';
import type { Standardisation } from '../descriptors/types';
import type { ParamLayout } from '../models/layout';
import { forceForward } from './energy-forces';
import { forwardEnergies, memberVariances } from './energy-passes';
import { packTheta, planElement, type ElementPlan, type EnergyPathState } from './energy-plan';
import { MlpKernel } from './mlp-kernel';
import { forceStructuresFirst, uploadForces, uploadRows, type RowSet } from './rows';

/** What S weight sets predict for a batch of B structures (normalised units), as the tfjs prediction gives it. */
export interface WeightSetOutputs {
  /** Per weight set: structure energies Ê [B]. */
  energy: ArrayLike<number>[];
  /** Heteroscedastic members: per weight set the variance of Ê/N [B]; null otherwise. */
  variance: ArrayLike<number>[] | null;
  /** Per weight set: forces F̂ [atoms·3] of the force structures' atoms, in batch order; null without. */
  forces: ArrayLike<number>[] | null;
  /** Per structure of the batch: its first atom in `forces`, −1 when it has no forces. */
  forceStart: Int32Array;
}

const NO_ROWS: RowSet = { x: [], x2: null, batches: [] };

export class KernelPredictor implements EnergyPathState {
  readonly plans: ElementPlan[];
  // The passes read their rows from the set they are given; the training sets stay empty here.
  readonly train = NO_ROWS;
  readonly val = NO_ROWS;
  readonly trainF = null;
  readonly valF = null;
  readonly alpha = null;
  readonly energies: Float64Array[];
  readonly dE: Float64Array[] = [];
  readonly variance: Float64Array[];
  readonly dV: Float64Array[] = [];
  readonly forces: number[] = [];
  readonly dForces: number[] = [];
  rows: number;
  private readonly mark: number;
  private packed: Float32Array | null = null;

  /**
   * A predictor for up to `members` weight sets over batches of `batches` (lists of indices into `samples`),
   * or the reason there is none (no wasm SIMD). Throws KernelMemoryError when one batch does not fit.
   * `forces`: forces for every structure with a descriptor Jacobian.
   */
  static create(
    layout: ParamLayout, members: number, samples: readonly TrainingSample[], batches: readonly number[][],
    std: readonly Standardisation[], forces: boolean,
  ): KernelPredictor | string {
    const kernel = MlpKernel.create();
    if (typeof kernel === 'string') return kernel;
    return new KernelPredictor(kernel, layout, members, samples, batches, std, forces);
  }

  private constructor(
    readonly k: MlpKernel, readonly layout: ParamLayout, readonly members: number, private readonly samples: readonly TrainingSample[],
    batches: readonly number[][], private readonly std: readonly Standardisation[], private readonly withForces: boolean,
  ) {
    this.rows = members;
    const nEl = layout.elements.length;
    const rows = (list: readonly number[], onlyForces: boolean) => {
      const count = new Array<number>(nEl).fill(0);
      for (const i of list) if (!onlyForces || this.hasForces(i)) for (const e of samples[i].element) count[e]++;
      return count;
    };
    const maxRows = layout.elements.map((_, e) => Math.max(1, ...batches.map((l) => rows(l, false)[e])));
    const maxForceRows = layout.elements.map((_, e) => Math.max(1, ...batches.map((l) => rows(l, true)[e])));
    this.plans = layout.elements.map((_, e) => planElement(this, e, maxRows[e], withForces ? maxForceRows[e] : 0));
    if (withForces) {
      const atoms = Math.max(1, ...batches.map((l) => l.reduce((a, i) => a + (this.hasForces(i) ? samples[i].nAtoms : 0), 0)));
      for (let m = 0; m < members; m++) this.forces.push(k.alloc(atoms * 4));
    }
    const maxB = Math.max(1, ...batches.map((l) => l.length));
    this.energies = Array.from({ length: members }, () => new Float64Array(maxB));
    this.variance = Array.from({ length: members }, () => new Float64Array(maxB));
    this.mark = k.bytes;
  }

  private hasForces(i: number): boolean {
    return this.withForces && !!this.samples[i].descriptors.jacobian;
  }

  /** The outputs of the first θ.length / P weight sets of θ for the structures `list` (indices into the samples). */
  predict(theta: Float32Array, list: readonly number[]): WeightSetOutputs {
    const S = theta.length / this.layout.size;
    if (S > this.members) throw new Error(`kernel predictor sized for ${this.members} weight sets, asked for ${S}`);
    if (this.packed !== theta || this.rows !== S) { this.rows = S; packTheta(this, theta); this.packed = theta; }
    const B = list.length;
    // Force structures first, so their atoms are a prefix of every element's rows (as the force passes expect).
    const [order] = forceStructuresFirst([list.map((_, b) => b)], (b) => this.hasForces(list[b]));
    const chunk = order.map((b) => this.samples[list[b]]);
    const local = [chunk.map((_, j) => j)];
    try {
      const set = uploadRows(this.k, this.layout, chunk, local, this.std);
      forwardEnergies(this, set, 0);
      const energy = Array.from({ length: S }, () => new Float64Array(B));
      const heteroscedastic = this.layout.outputs === 2;
      const variance = heteroscedastic ? Array.from({ length: S }, () => new Float64Array(B)) : null;
      for (let m = 0; m < S; m++) {
        const v = heteroscedastic ? memberVariances(this, m, set.batches[0]) : null;
        order.forEach((b, j) => { energy[m][b] = this.energies[m][j]; if (v) variance![m][b] = v[j]; });
      }
      const forceStart = new Int32Array(B).fill(-1);
      if (!this.withForces) return { energy, variance, forces: null, forceStart };
      const fb = uploadForces(this.k, this.layout, chunk, local, this.std, (j) => this.hasForces(list[order[j]]))[0];
      // The force atoms in batch order (forceStructuresFirst kept the force structures' order).
      let at = 0;
      for (let b = 0; b < B; b++) if (this.hasForces(list[b])) { forceStart[b] = at; at += this.samples[list[b]].nAtoms; }
      const forces = Array.from({ length: S }, () => new Float32Array(fb.atoms * 3));
      if (fb.atoms > 0) {
        forceForward(this, fb);
        const f = this.k.f32;
        for (let m = 0; m < S; m++) {
          const from = this.forces[m] / 4;
          for (let a = 0; a < fb.atoms; a++) for (let c = 0; c < 3; c++) forces[m][3 * a + c] = f[from + 4 * a + c];
        }
      }
      return { energy, variance, forces, forceStart };
    } finally {
      this.k.release(this.mark);
    }
  }
}
