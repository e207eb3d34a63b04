/**
 * Energy-only training steps of deterministic networks and deep ensembles on the wasm SIMD kernels
 * (../kernels/mlp.wat) instead of tfjs ops: forward, the ensemble loss of losses.ts (per member
 * RMSE(Ê/N), bootstrap-weighted when asked), and the gradient of θ [M, P] by a hand-written backward pass.
 * Every training and validation atom's standardised descriptor row is copied into kernel memory once;
 * a batch is then a list of row numbers per element.
 *
 * Layouts (f32, padded to groups of 4 columns, H_l = hidden width l, G_l = ⌈H_l/4⌉):
 * - layer 0 of all members at once ("wide", the input rows are shared): M·G_0 groups over D inputs, out [n][M·G_0·4];
 * - layers l ≥ 1 per member: G_l groups over 4·G_{l−1} inputs, out [n][4·G_l]; the output layer has G = 1 (lane 0);
 * - weights packed as packedAt() says, gradients as [groups][inputs][4];
 * - the backward product dH_{l−1} = dZ_l·W_lᵀ reuses the forward kernel with Wᵀ (G_{l−1} groups over 4·G_l inputs).
 */
import type { Standardisation } from '../descriptors/types';
import { MlpKernel } from './mlp-kernel';
import type { ParamLayout } from '../models/layout';
import type { TrainingSample } from '../data/samples';
import { forceStructuresFirst, packedAt, padded, uploadForces, uploadRows, type ForceBatch, type RowSet } from './rows';
import { VARIANCE_FLOOR } from '../models/assemble';
import { kernelLayers, type KernelLayer } from './bnn-parts';

type LayerPlan = KernelLayer;

/** Kernel addresses of one element's parameters, gradients and activations. */
interface ElementPlan {
  dim: number;
  layers: LayerPlan[];
  /** Forward packed weights/biases: [layer 0 wide] then per member per layer ≥ 1. */
  w: number[][];
  b: number[][];
  /** Wᵀ packed per member per layer ≥ 1 (index by layer). */
  wt: number[][];
  dw: number[][];
  db: number[][];
  zeros: number;
  /** Activations for up to maxRows rows: h[0] wide; h[l][m] for l ≥ 1; out[m]. */
  h0: number;
  h: number[][];
  out: number[];
  dOut: number;
  dz0: number;
  dh: [number, number];
  maxRows: number;
  /** Force training (null without): see ForcePlan. */
  force: ForcePlan | null;
}

/**
 * Buffers of the force passes for the force structures' rows (a prefix of n_f rows) of one element:
 * the tangent pass δ_L = 1, a_{l−1} = W_l δ_l, δ_{l−1} = a_{l−1}⊙(1 − h²), g = W_0 δ_0 = ∂E/∂G̃ per member;
 * and its reverse for Φ = Σ_i u_i·g_i (u = ∂loss/∂g = −Jᵀ∂loss/∂F), which adds to the weights' gradients and
 * injects h̄_l = −2h⊙δ̄⊙a into the energy backward pass.
 */
interface ForcePlan {
  /** Per member: W_0 alone (forward packing) and W_0ᵀ (groups over the D padded inputs). */
  w0: number[];
  w0t: number[];
  /** Per member per hidden layer: a_l and δ_l [n_f][4·G_l]. */
  a: number[][];
  delta: number[][];
  g: number;
  u: number;
  dbar: number;
  abar: number;
  /** Per hidden layer: h̄_l for the member being differentiated. */
  hbar: number[];
  ones: number;
  dbScratch: number;
  /** Zero biases as wide as the padded descriptor. */
  zerosD: number;
  dp: number;
}

function softplus(s: number): number {
  return s > 20 ? s : Math.log1p(Math.exp(s));
}

/** A training batch as a loss sees it: targets Ê and 1/N per structure, and the structures' indices. */
export interface KernelBatch {
  size: number; samples: readonly number[]; energy: Float64Array; invAtoms: Float64Array;
  /**
   * Force structures' atoms, when the path trains forces and the batch has some: targets F̂ [atoms·3]; per
   * weight set the predicted forces and the place for dLoss/dF, both [atoms][4] (lanes 0–2 used).
   */
  forces?: { atoms: number; target: Float64Array; predicted: Float32Array[]; dF: Float32Array[] };
}

/** Validation sums: squared per-atom energy errors of the members' mean and of each member, and the same for force components. */
export interface KernelValidation {
  meanSq: number; memberSq: Float64Array; n: number;
  forceMeanSq: number; forceMemberSq: Float64Array; forceN: number;
}

export interface KernelLossParts {
  /** Σ_m RMSE_m (what is minimised) and the per-member RMSE_m. */
  total: number;
  perRow: Float64Array;
}

/** Why the kernel path cannot train this set-up, or null when it can. */
export function kernelUnsupported(layout: ParamLayout, activation: string): string | null {
  if (activation !== 'tanh') return `activation ${activation} has no wasm kernel (tanh only)`;
  if (layout.hidden.length === 0) return 'networks without hidden layers train with tfjs ops';
  return null;
}

export class KernelEnergyPath {
  private readonly k: MlpKernel;
  private readonly plans: ElementPlan[];
  private readonly train: RowSet;
  private readonly val: RowSet;
  private readonly energies: Float64Array[];
  private readonly dE: Float64Array[];
  private readonly trainF: ForceBatch[] | null = null;
  private readonly valF: ForceBatch[] | null = null;
  /** Per member: predicted forces [atoms][4] of the current batch, and dLoss/dF. */
  private readonly forces: number[] = [];
  private readonly dForces: number[] = [];
  /** Heteroscedastic members: per structure variance v and dLoss/dv. */
  private readonly variance: Float64Array[];
  private readonly dV: Float64Array[];
  /** Weight sets in the current call (≤ members, the capacity the buffers are sized for). */
  private rows: number;

  /**
   * `batches`: the training batches as lists of indices into `train` (fixed compositions). `alpha`: the force
   * weight when forces are trained (structures with targets and a Jacobian), null for energies only.
   */
  constructor(
    kernel: MlpKernel, private readonly layout: ParamLayout, private readonly members: number,
    train: readonly TrainingSample[], batches: readonly number[][],
    validation: readonly TrainingSample[], std: readonly Standardisation[], private readonly alpha: number | null = null,
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
    this.plans = layout.elements.map((_, e) => this.plan(e, maxRows[e], alpha !== null ? maxForceRows[e] : 0));
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

  private plan(e: number, maxRows: number, forceRows: number): ElementPlan {
    const M = this.members;
    const layers = kernelLayers(this.layout, e);
    const k = this.k;
    const L = layers.length - 1;
    const g0 = layers[0].groups;
    const w: number[][] = [[k.alloc(M * g0 * layers[0].kIn * 4)]];
    const b: number[][] = [[k.alloc(M * g0 * 4)]];
    const dw: number[][] = [[k.alloc(M * g0 * layers[0].kIn * 4)]];
    const db: number[][] = [[k.alloc(M * g0 * 4)]];
    const wt: number[][] = [[]];
    const h: number[][] = [[]];
    for (let l = 1; l <= L; l++) {
      const p = layers[l];
      const inGroups = layers[l - 1].groups;
      w.push(Array.from({ length: M }, () => k.alloc(p.groups * p.kIn * 4)));
      b.push(Array.from({ length: M }, () => k.alloc(p.groups * 4)));
      dw.push(Array.from({ length: M }, () => k.alloc(p.groups * p.kIn * 4)));
      db.push(Array.from({ length: M }, () => k.alloc(p.groups * 4)));
      wt.push(Array.from({ length: M }, () => k.alloc(inGroups * 4 * p.groups * 4)));
      h.push(l < L ? Array.from({ length: M }, () => k.alloc(maxRows * p.groups * 4)) : []);
    }
    const widest = Math.max(...layers.map((p) => p.groups));
    return {
      dim: layers[0].rows, layers, w, b, wt, dw, db,
      zeros: k.alloc(widest * 4),
      h0: k.alloc(maxRows * M * g0 * 4), h,
      out: Array.from({ length: M }, () => k.alloc(maxRows * 4)),
      dOut: k.alloc(maxRows * 4),
      dz0: k.alloc(maxRows * M * g0 * 4),
      dh: [k.alloc(maxRows * widest * 4), k.alloc(maxRows * widest * 4)],
      maxRows,
      force: forceRows ? this.forcePlan(layers, forceRows) : null,
    };
  }

  private forcePlan(layers: LayerPlan[], n: number): ForcePlan {
    const k = this.k, M = this.members;
    const hidden = layers.slice(0, -1);
    const dp = padded(layers[0].rows), g0 = layers[0].groups, widest = Math.max(...layers.map((p) => p.groups));
    const ones = k.alloc(n * 4);
    for (let r = 0; r < n; r++) k.f32[ones / 4 + 4 * r] = 1;
    return {
      w0: Array.from({ length: M }, () => k.alloc(g0 * layers[0].rows * 4)),
      w0t: Array.from({ length: M }, () => k.alloc((dp / 4) * 4 * g0 * 4)),
      a: Array.from({ length: M }, () => hidden.map((p) => k.alloc(n * p.groups * 4))),
      delta: Array.from({ length: M }, () => hidden.map((p) => k.alloc(n * p.groups * 4))),
      g: k.alloc(n * dp), u: k.alloc(n * dp), dbar: k.alloc(n * widest * 4), abar: k.alloc(n * widest * 4),
      hbar: hidden.map((p) => k.alloc(n * p.groups * 4)), ones, dbScratch: k.alloc(Math.max(widest, dp / 4) * 4), zerosD: k.alloc(dp), dp,
    };
  }

  /** Packs θ [M·P] into every element's kernel weights (forward and transposed). */
  private pack(theta: Float32Array): void {
    const f = this.k.f32;
    const P = this.layout.size;
    const M = this.rows;
    for (const pl of this.plans) {
      pl.layers.forEach((p, l) => {
        for (let m = 0; m < M; m++) {
          const row = m * P;
          // Layer 0 is wide: member m's groups follow member m−1's.
          const wAt = (l === 0 ? pl.w[0][0] : pl.w[l][m]) / 4;
          const [g0, m4] = l === 0 ? [m * p.groups, M * p.groups] : [0, p.groups];
          const bAt = (l === 0 ? pl.b[0][0] + m * p.groups * 16 : pl.b[l][m]) / 4;
          f.fill(0, bAt, bAt + p.groups * 4);
          for (let j = p.cols; j < 4 * p.groups; j++) for (let i = 0; i < p.kIn; i++) f[wAt + packedAt(g0 + (j >> 2), i, j & 3, p.kIn, m4)] = 0;
          for (let i = p.rows; i < p.kIn; i++) for (let j = 0; j < p.cols; j++) f[wAt + packedAt(g0 + (j >> 2), i, j & 3, p.kIn, m4)] = 0;
          for (let i = 0; i < p.rows; i++) {
            for (let j = 0; j < p.cols; j++) f[wAt + packedAt(g0 + (j >> 2), i, j & 3, p.kIn, m4)] = theta[row + p.wOffset + i * p.cols + j];
          }
          for (let j = 0; j < p.cols; j++) f[bAt + j] = theta[row + p.bOffset + j];
          if (l === 0 && pl.force) {
            // Member m's W_0 alone (δ̄_0 = u·W_0) and transposed (g = δ_0·W_0ᵀ), for the force passes.
            const w0 = pl.force.w0[m] / 4, w0t = pl.force.w0t[m] / 4, dp = pl.force.dp, kT = 4 * p.groups;
            f.fill(0, w0, w0 + p.groups * p.rows * 4);
            f.fill(0, w0t, w0t + dp * kT);
            for (let i = 0; i < p.rows; i++) {
              for (let j = 0; j < p.cols; j++) {
                const v = theta[row + p.wOffset + i * p.cols + j];
                f[w0 + packedAt(j >> 2, i, j & 3, p.rows, p.groups)] = v;
                f[w0t + packedAt(i >> 2, j, i & 3, kT, dp / 4)] = v;
              }
            }
          }
          if (l === 0) continue;
          // Wᵀ for dH_{l−1} = dZ_l·W_lᵀ: groups over W's rows, inputs over W's (padded) columns.
          const tAt = pl.wt[l][m] / 4;
          const kT = 4 * p.groups;
          const inGroups = pl.layers[l - 1].groups;
          f.fill(0, tAt, tAt + inGroups * kT * 4);
          for (let i = 0; i < p.rows; i++) {
            for (let j = 0; j < p.cols; j++) f[tAt + packedAt(i >> 2, j, i & 3, kT, inGroups)] = theta[row + p.wOffset + i * p.cols + j];
          }
        }
      });
    }
  }

  /** Rows of hidden layer l's outputs for member m: address and row stride (layer 0 is wide). */
  private hiddenRows(pl: ElementPlan, l: number, m: number): [number, number] {
    const g0 = pl.layers[0].groups;
    return l === 0 ? [pl.h0 + m * g0 * 16, this.rows * g0 * 16] : [pl.h[l][m], pl.layers[l].groups * 16];
  }

  /** Forces F = −Σ J·∂E/∂G̃ of every member for the force structures of a batch (after forward()). */
  private forceForward(fb: ForceBatch): void {
    const k = this.k.k, M = this.rows, f = this.k.f32;
    for (let m = 0; m < M; m++) f.fill(0, this.forces[m] / 4, this.forces[m] / 4 + fb.atoms * 4);
    this.plans.forEach((pl, e) => {
      const n = fb.rows[e], fp = pl.force!;
      if (n === 0) return;
      const L = pl.layers.length - 1, g0 = pl.layers[0].groups;
      for (let m = 0; m < M; m++) {
        let d = fp.ones, dGroups = 1;
        for (let l = L; l >= 1; l--) {
          const gin = pl.layers[l - 1].groups;
          const [h, hs] = this.hiddenRows(pl, l - 1, m);
          k.dense(d, dGroups * 16, 0, n, 4 * dGroups, pl.wt[l][m], pl.zeros, gin, fp.a[m][l - 1], gin * 16, 0);
          k.slope_mul(fp.a[m][l - 1], h, hs, fp.delta[m][l - 1], n, gin);
          d = fp.delta[m][l - 1]; dGroups = gin;
        }
        k.dense(d, g0 * 16, 0, n, 4 * g0, fp.w0t[m], fp.zerosD, fp.dp / 4, fp.g, fp.dp * 4, 0);
        k.jac_forces(fp.g, fp.dp * 4, fb.pairs[e], fb.blocks[e], fb.count[e], fp.dp, this.forces[m]);
      }
    });
  }

  /**
   * The reverse of forceForward for member m and element e (u = −Jᵀ∂loss/∂F): weight gradients into dw and
   * h̄_l (the force loss's gradient with respect to the hidden outputs) into fp.hbar, for the energy backward.
   */
  private forceReverse(pl: ElementPlan, e: number, m: number, fb: ForceBatch): void {
    const k = this.k.k, fp = pl.force!, n = fb.rows[e];
    const L = pl.layers.length - 1, g0 = pl.layers[0].groups, D = pl.dim;
    this.k.f32.fill(0, fp.u / 4, fp.u / 4 + n * fp.dp);
    k.jac_back(this.dForces[m], fb.pairs[e], fb.blocks[e], fb.count[e], fp.dp, fp.u, fp.dp * 4);
    k.dense(fp.u, fp.dp * 4, 0, n, D, fp.w0[m], pl.zeros, g0, fp.dbar, g0 * 16, 0);
    k.outer_acc(fp.u, fp.dp * 4, 0, n, D, fp.delta[m][0], g0, pl.dw[0][0] + m * g0 * D * 16, fp.dbScratch);
    for (let l = 0; l < L; l++) {
      const G = pl.layers[l].groups, next = pl.layers[l + 1];
      const [h, hs] = this.hiddenRows(pl, l, m);
      k.force_mid(fp.dbar, fp.a[m][l], h, hs, fp.abar, fp.hbar[l], n, G);
      k.outer_acc(fp.abar, G * 16, 0, n, 4 * G, l + 1 === L ? fp.ones : fp.delta[m][l + 1], next.groups, pl.dw[l + 1][m], fp.dbScratch);
      if (l + 1 < L) k.dense(fp.abar, G * 16, 0, n, 4 * G, pl.w[l + 1][m], pl.zeros, next.groups, fp.dbar, next.groups * 16, 0);
    }
  }

  /**
   * The force part of member m's loss, α·RMSE(F̂) over the batch's force components (bootstrap-weighted per
   * structure), with dLoss/dF into dForces[m]; the caller scales the energy part by 1 − α.
   */
  private forceLoss(m: number, fb: ForceBatch, members: readonly number[], weights: Float32Array[] | null): number {
    const alpha = this.alpha!, f = this.k.f32, F = this.forces[m] / 4, dF = this.dForces[m] / 4;
    let sw = 0, s2 = 0;
    for (let a = 0; a < fb.atoms; a++) {
      const w = weights ? weights[m][members[fb.atomStructure[a]]] : 1;
      sw += w;
      for (let c = 0; c < 3; c++) s2 += (w * (f[F + 4 * a + c] - fb.target[3 * a + c]) ** 2) / 3;
    }
    sw = Math.max(sw, 1e-12);
    const rmse = Math.sqrt(s2 / sw + 1e-20);
    for (let a = 0; a < fb.atoms; a++) {
      const w = weights ? weights[m][members[fb.atomStructure[a]]] : 1;
      for (let c = 0; c < 3; c++) f[dF + 4 * a + c] = (alpha * w * (f[F + 4 * a + c] - fb.target[3 * a + c])) / (3 * sw * rmse);
    }
    return alpha * rmse;
  }

  /** Per-member structure energies Ê (normalised) of batch `bi` of `set` into this.energies. */
  private forward(set: RowSet, bi: number): void {
    const k = this.k.k;
    const M = this.rows;
    const batch = set.batches[bi];
    const B = batch.members.length;
    for (let m = 0; m < M; m++) this.energies[m].fill(0, 0, B);
    this.plans.forEach((pl, e) => {
      const n = batch.count[e];
      if (n === 0) return;
      const L = pl.layers.length - 1;
      const g0 = pl.layers[0].groups;
      k.dense(set.x[e], pl.dim * 4, batch.idx[e], n, pl.dim, pl.w[0][0], pl.b[0][0], M * g0, pl.h0, M * g0 * 16, 1);
      const f = this.k.f32;
      for (let m = 0; m < M; m++) {
        let x = pl.h0 + m * g0 * 16, xs = M * g0 * 16;
        for (let l = 1; l <= L; l++) {
          const p = pl.layers[l];
          const out = l < L ? pl.h[l][m] : pl.out[m];
          k.dense(x, xs, 0, n, p.kIn, pl.w[l][m], pl.b[l][m], p.groups, out, p.groups * 16, l < L ? 1 : 0);
          x = out; xs = p.groups * 16;
        }
        const o = pl.out[m] / 4;
        const en = this.energies[m];
        const st = batch.structure[e];
        for (let r = 0; r < n; r++) en[st[r]] += f[o + 4 * r];
      }
    });
  }

  /**
   * One training step's loss and gradient for batch `bi`: returns the loss parts and writes dLoss/dθ into
   * `grad` [M·P]. `weights[m][structure]` are bootstrap multiplicities (null: 1).
   */
  step(theta: Float32Array, bi: number, grad: Float32Array, weights: Float32Array[] | null): KernelLossParts {
    this.rows = this.members;
    this.pack(theta);
    this.forward(this.train, bi);
    const batch = this.train.batches[bi];
    const fb = this.trainF && this.trainF[bi].atoms > 0 ? this.trainF[bi] : null;
    if (fb) this.forceForward(fb);
    const B = batch.members.length;
    const M = this.rows;
    const perRow = new Float64Array(M);
    for (let m = 0; m < M; m++) {
      const en = this.energies[m];
      let sw = 0, s2 = 0;
      for (let b = 0; b < B; b++) {
        const w = weights ? weights[m][batch.members[b]] : 1;
        const err = (en[b] - batch.energy[b]) * batch.invAtoms[b];
        sw += w; s2 += w * err * err;
      }
      sw = Math.max(sw, 1e-12);
      if (this.layout.outputs === 2) {
        perRow[m] = this.heteroscedasticLoss(m, batch, weights, sw);
      } else {
        const rmse = Math.sqrt(s2 / sw + 1e-20);
        perRow[m] = rmse;
        const d = this.dE[m];
        for (let b = 0; b < B; b++) {
          const w = weights ? weights[m][batch.members[b]] : 1;
          d[b] = (w * (en[b] - batch.energy[b]) * batch.invAtoms[b] * batch.invAtoms[b]) / (sw * rmse);
        }
      }
      if (fb) {
        // (1 − α)·energy part + α·RMSE(F̂), as losses.ts when the batch has force structures.
        const keep = 1 - this.alpha!;
        for (let b = 0; b < B; b++) { this.dE[m][b] *= keep; this.dV[m][b] *= keep; }
        perRow[m] = keep * perRow[m] + this.forceLoss(m, fb, batch.members, weights);
      }
    }
    this.backward(batch, fb);
    this.unpack(grad);
    let total = 0;
    for (const r of perRow) total += r;
    return { total, perRow };
  }

  /**
   * Heteroscedastic member m (losses.ts): v_b = Σ_atoms softplus(s_i)/N² + floor from the variance logits in
   * lane 1 of the output rows; loss Σ_b w_b·½[log v_b + e_b²/v_b]/Σw; fills dE and, per structure, dLoss/dv.
   */
  private heteroscedasticLoss(m: number, batch: RowSet['batches'][number], weights: Float32Array[] | null, sw: number): number {
    const B = batch.members.length;
    const v = this.variance[m].fill(0, 0, B);
    const f = this.k.f32;
    this.plans.forEach((pl, e) => {
      const o = pl.out[m] / 4, st = batch.structure[e];
      for (let r = 0; r < batch.count[e]; r++) v[st[r]] += softplus(f[o + 4 * r + 1]);
    });
    let loss = 0;
    for (let b = 0; b < B; b++) {
      const w = (weights ? weights[m][batch.members[b]] : 1) / sw;
      const inv = batch.invAtoms[b];
      const vb = (v[b] = v[b] * inv * inv + VARIANCE_FLOOR);
      const err = (this.energies[m][b] - batch.energy[b]) * inv;
      loss += w * 0.5 * (Math.log(vb) + (err * err) / vb);
      this.dE[m][b] = (w * err * inv) / vb;
      this.dV[m][b] = w * 0.5 * (1 / vb - (err * err) / (vb * vb));
    }
    return loss;
  }

  private backward(batch: RowSet['batches'][number], fb: ForceBatch | null): void {
    const k = this.k.k;
    const M = this.rows;
    this.plans.forEach((pl, e) => {
      const n = batch.count[e];
      const f = this.k.f32;
      pl.layers.forEach((p, l) => {
        const wide = l === 0;
        for (let m = 0; m < (wide ? 1 : M); m++) {
          const dwAt = pl.dw[l][m] / 4, dbAt = pl.db[l][m] / 4;
          f.fill(0, dwAt, dwAt + (wide ? M : 1) * p.groups * p.kIn * 4);
          f.fill(0, dbAt, dbAt + (wide ? M : 1) * p.groups * 4);
        }
      });
      if (n === 0) return;
      const L = pl.layers.length - 1;
      const g0 = pl.layers[0].groups;
      const st = batch.structure[e];
      const dOut = pl.dOut / 4;
      for (let m = 0; m < M; m++) {
        const d = this.dE[m];
        for (let r = 0; r < n; r++) f[dOut + 4 * r] = d[st[r]];
        if (this.layout.outputs === 2) {
          // ∂/∂s_i = ∂/∂v · sigmoid(s_i)/N² for the atom's structure.
          const o = pl.out[m] / 4, dv = this.dV[m];
          for (let r = 0; r < n; r++) {
            const b = st[r], inv = batch.invAtoms[b];
            f[dOut + 4 * r + 1] = (dv[b] * inv * inv) / (1 + Math.exp(-f[o + 4 * r + 1]));
          }
        }
        const nf = fb && pl.force ? fb.rows[e] : 0;
        if (nf > 0) this.forceReverse(pl, e, m, fb!);
        let dz = pl.dOut, dzGroups = 1, spare = 0;
        for (let l = L; l >= 1; l--) {
          const p = pl.layers[l];
          const [x, xs] = l === 1 ? [pl.h0 + m * g0 * 16, M * g0 * 16] : [pl.h[l - 1][m], pl.layers[l - 1].groups * 16];
          k.outer_acc(x, xs, 0, n, p.kIn, dz, p.groups, pl.dw[l][m], pl.db[l][m]);
          const inGroups = pl.layers[l - 1].groups;
          if (l === 1) {
            k.dense(dz, dzGroups * 16, 0, n, 4 * dzGroups, pl.wt[l][m], pl.zeros, inGroups, pl.dz0 + m * g0 * 16, M * g0 * 16, 0);
            if (nf > 0) k.add_strided(pl.dz0 + m * g0 * 16, M * g0 * 16, pl.force!.hbar[0], nf, g0);
          } else {
            const dh = pl.dh[spare];
            k.dense(dz, dzGroups * 16, 0, n, 4 * dzGroups, pl.wt[l][m], pl.zeros, inGroups, dh, inGroups * 16, 0);
            if (nf > 0) k.add_into(dh, pl.force!.hbar[l - 1], nf * inGroups);
            k.tanh_back(dh, pl.h[l - 1][m], n * inGroups);
            dz = dh; dzGroups = inGroups; spare = 1 - spare;
          }
        }
      }
      k.tanh_back(pl.dz0, pl.h0, n * M * g0);
      k.outer_acc(this.train.x[e], pl.dim * 4, batch.idx[e], n, pl.dim, pl.dz0, M * g0, pl.dw[0][0], pl.db[0][0]);
    });
  }

  /** Kernel gradients → dLoss/dθ in the θ layout. */
  private unpack(grad: Float32Array): void {
    const f = this.k.f32;
    const P = this.layout.size;
    for (const pl of this.plans) {
      pl.layers.forEach((p, l) => {
        for (let m = 0; m < this.rows; m++) {
          const row = m * P;
          const wAt = (l === 0 ? pl.dw[0][0] + m * p.groups * p.kIn * 16 : pl.dw[l][m]) / 4;
          const bAt = (l === 0 ? pl.db[0][0] + m * p.groups * 16 : pl.db[l][m]) / 4;
          for (let i = 0; i < p.rows; i++) {
            for (let j = 0; j < p.cols; j++) grad[row + p.wOffset + i * p.cols + j] = f[wAt + ((j >> 2) * p.kIn + i) * 4 + (j & 3)];
          }
          for (let j = 0; j < p.cols; j++) grad[row + p.bOffset + j] = f[bAt + j];
        }
      });
    }
  }

  /**
   * Validation sums over all validation structures: Σ (mean over members of e)² and per member Σ e², with
   * e = (Ê − target)/N; and the count.
   */
  validate(theta: Float32Array | ((batch: number) => Float32Array), rows = this.members): KernelValidation {
    if (rows > this.members) throw new Error(`kernel path sized for ${this.members} weight sets, asked for ${rows}`);
    this.rows = rows;
    if (typeof theta !== 'function') this.pack(theta);
    const M = this.rows;
    const memberSq = new Float64Array(M);
    const forceMemberSq = new Float64Array(M);
    let meanSq = 0, n = 0, forceMeanSq = 0, forceN = 0;
    this.val.batches.forEach((batch, bi) => {
      // Sampled weight sets (BNNs) are drawn afresh for every validation batch, as the tfjs prediction does.
      if (typeof theta === 'function') this.pack(theta(bi));
      this.forward(this.val, bi);
      const fb = this.valF && this.valF[bi].atoms > 0 ? this.valF[bi] : null;
      if (fb) {
        this.forceForward(fb);
        const f = this.k.f32;
        for (let i = 0; i < fb.atoms * 3; i++) {
          const a = i / 3 | 0, c = i % 3;
          let mean = 0;
          for (let m = 0; m < M; m++) {
            const err = f[this.forces[m] / 4 + 4 * a + c] - fb.target[i];
            forceMemberSq[m] += err * err;
            mean += err / M;
          }
          forceMeanSq += mean * mean;
          forceN++;
        }
      }
      for (let b = 0; b < batch.members.length; b++) {
        let mean = 0;
        for (let m = 0; m < M; m++) {
          const err = (this.energies[m][b] - batch.energy[b]) * batch.invAtoms[b];
          memberSq[m] += err * err;
          mean += err;
        }
        mean /= M;
        meanSq += mean * mean;
        n++;
      }
    });
    return { meanSq, memberSq, n, forceMeanSq, forceMemberSq, forceN };
  }

  /**
   * The gradient of any loss of the structure energies of `rows` weight sets θ [rows·P] on training batch
   * `bi`: `loss` gets the energies Ê [row][structure] and the batch, returns its value and fills
   * dLoss/dÊ [row][structure]; the gradient with respect to θ goes to `grad` [rows·P].
   */
  gradient(theta: Float32Array, rows: number, bi: number, grad: Float32Array, loss: (energies: readonly Float64Array[], batch: KernelBatch, dE: Float64Array[]) => number): number {
    if (rows > this.members) throw new Error(`kernel path sized for ${this.members} weight sets, asked for ${rows}`);
    this.rows = rows;
    this.pack(theta);
    this.forward(this.train, bi);
    const batch = this.train.batches[bi];
    const fb = this.trainF && this.trainF[bi].atoms > 0 ? this.trainF[bi] : null;
    const kb: KernelBatch = { size: batch.members.length, samples: batch.members, energy: batch.energy, invAtoms: batch.invAtoms };
    if (fb) {
      this.forceForward(fb);
      const f = this.k.f32, view = (at: number) => f.subarray(at / 4, at / 4 + fb.atoms * 4);
      kb.forces = { atoms: fb.atoms, target: fb.target, predicted: this.forces.slice(0, rows).map(view), dF: this.dForces.slice(0, rows).map(view) };
    }
    const value = loss(this.energies.slice(0, rows), kb, this.dE);
    this.backward(batch, fb);
    this.unpack(grad);
    return value;
  }

  /** Per-member structure energies Ê of the training batch `bi` (for tests). */
  batchEnergies(theta: Float32Array, bi: number): Float64Array[] {
    this.rows = this.members;
    this.pack(theta);
    this.forward(this.train, bi);
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
