/**
 * Forward and backward passes of the energy path, and the ensemble loss of losses.ts (per member RMSE(Ê/N),
 * bootstrap-weighted when asked; Gaussian NLL for heteroscedastic members; with forces (1 − α)·energy part +
 * α·RMSE(F̂)) with its gradient dLoss/dÊ.
 */
import { VARIANCE_FLOOR } from '../models/assemble';
import { forceForward, forceLoss, forceReverse } from './energy-forces';
import { outAt, packTheta, unpackGradient, type EnergyPathState, type KernelLossParts } from './energy-plan';
import type { ForceBatch, RowSet } from './rows';

function softplus(s: number): number {
  return s > 20 ? s : Math.log1p(Math.exp(s));
}

/** Per-member structure energies Ê (normalised) of batch `bi` of `set` into s.energies. */
export function forwardEnergies(s: EnergyPathState, set: RowSet, bi: number): void {
  const k = s.k.k;
  const M = s.rows;
  const batch = set.batches[bi];
  const B = batch.members.length;
  for (let m = 0; m < M; m++) s.energies[m].fill(0, 0, B);
  s.plans.forEach((pl, e) => {
    const n = batch.count[e];
    if (n === 0) return;
    const L = pl.layers.length - 1;
    const g0 = pl.layers[0].groups;
    k.dense(set.x[e], pl.dim * 4, batch.idx[e], n, pl.dim, pl.w[0][0], pl.b[0][0], M * g0, pl.h0, M * g0 * 16, 1);
    const f = s.k.f32;
    // Layers ≥ 1 of all members in one block-diagonal call each: member m reads its columns of the wide rows.
    let x = pl.h0, gin = g0;
    for (let l = 1; l <= L; l++) {
      const p = pl.layers[l], G = p.groups;
      const out = l < L ? pl.h[l][0] : pl.out[0];
      if (l === L && s.layout.outputs === 1) {
        k.out1_bd(x, M * gin * 16, gin * 16, n, gin, pl.wo[0], gin * 16, pl.b[l][0], 16, M, out, M * 16, 16);
      } else {
        k.dense_bd(x, M * gin * 16, gin * 16, n, p.kIn, pl.w[l][0], G * p.kIn * 16, pl.b[l][0], G * 16, G, M, out, M * G * 16, G * 16, l < L ? 1 : 0);
      }
      x = out; gin = G;
    }
    sumEnergies(f, pl.out[0] / 4, M, n, batch.structure[e], s.energies);
  });
}

/**
 * Ê_m[structure of row r] += output lane 0 of member m's row r, the rows wide (member m's 4 lanes at m·4
 * floats into a row of M·4): outAt's addressing, walked row by row with a running index.
 */
function sumEnergies(f: Float32Array, out: number, M: number, n: number, st: Int32Array, energies: readonly Float64Array[]): void {
  for (let r = 0, at = out; r < n; r++) {
    const b = st[r];
    for (let m = 0; m < M; m++, at += 4) energies[m][b] += f[at];
  }
}

/**
 * One training step's loss and gradient for batch `bi`: returns the loss parts and writes dLoss/dθ into
 * `grad` [M·P]. `weights[m][structure]` are bootstrap multiplicities (null: 1).
 */
export function ensembleStep(s: EnergyPathState, theta: Float32Array, bi: number, grad: Float32Array, weights: Float32Array[] | null): KernelLossParts {
  s.rows = s.members;
  packTheta(s, theta);
  forwardEnergies(s, s.train, bi);
  const batch = s.train.batches[bi];
  const fb = s.trainF && s.trainF[bi].atoms > 0 ? s.trainF[bi] : null;
  if (fb) forceForward(s, fb);
  const B = batch.members.length;
  const M = s.rows;
  const perRow = new Float64Array(M);
  for (let m = 0; m < M; m++) {
    const en = s.energies[m];
    let sw = 0, s2 = 0;
    for (let b = 0; b < B; b++) {
      const w = weights ? weights[m][batch.members[b]] : 1;
      const err = (en[b] - batch.energy[b]) * batch.invAtoms[b];
      sw += w; s2 += w * err * err;
    }
    sw = Math.max(sw, 1e-12);
    if (s.layout.outputs === 2) {
      perRow[m] = heteroscedasticLoss(s, m, batch, weights, sw);
    } else {
      const rmse = Math.sqrt(s2 / sw + 1e-20);
      perRow[m] = rmse;
      const d = s.dE[m];
      for (let b = 0; b < B; b++) {
        const w = weights ? weights[m][batch.members[b]] : 1;
        d[b] = (w * (en[b] - batch.energy[b]) * batch.invAtoms[b] * batch.invAtoms[b]) / (sw * rmse);
      }
    }
    if (fb) {
      // (1 − α)·energy part + α·RMSE(F̂), as losses.ts when the batch has force structures.
      const keep = 1 - s.alpha!;
      for (let b = 0; b < B; b++) { s.dE[m][b] *= keep; s.dV[m][b] *= keep; }
      perRow[m] = keep * perRow[m] + forceLoss(s, m, fb, batch.members, weights);
    }
  }
  backwardEnergies(s, batch, fb);
  unpackGradient(s, grad);
  let total = 0;
  for (const r of perRow) total += r;
  return { total, perRow };
}

/**
 * A single network's part of a step whose batch is split by structure over threads
 * (../training/parallel/split-network-step.ts). The loss RMSE = √(Σ_b e_b²/B + 1e−20), e_b = (Ê_b − E_b)/N_b,
 * couples the batch's structures only through one factor: ∂RMSE/∂θ = Σ_b e_b/N_b·∂Ê_b/∂θ / (B·RMSE). So this
 * thread backpropagates the unscaled dÊ_b = e_b/N_b of its structures into `part` [P] and returns Σ e² over
 * them; the caller sums the parts and the sums in part order and scales once (energy only, no bootstrap).
 */
export function networkShare(s: EnergyPathState, theta: Float32Array, bi: number, part: Float32Array): number {
  s.rows = 1;
  packTheta(s, theta);
  forwardEnergies(s, s.train, bi);
  const batch = s.train.batches[bi];
  const en = s.energies[0], d = s.dE[0];
  let s2 = 0;
  for (let b = 0; b < batch.members.length; b++) {
    const err = (en[b] - batch.energy[b]) * batch.invAtoms[b];
    s2 += err * err;
    d[b] = err * batch.invAtoms[b];
  }
  backwardEnergies(s, batch, null);
  unpackGradient(s, part);
  return s2;
}

/**
 * Heteroscedastic member m (losses.ts): v_b = Σ_atoms softplus(s_i)/N² + floor from the variance logits in
 * lane 1 of the output rows; loss Σ_b w_b·½[log v_b + e_b²/v_b]/Σw; fills dE and, per structure, dLoss/dv.
 */
export function heteroscedasticLoss(s: EnergyPathState, m: number, batch: RowSet['batches'][number], weights: Float32Array[] | null, sw: number): number {
  const B = batch.members.length;
  const v = memberVariances(s, m, batch);
  let loss = 0;
  for (let b = 0; b < B; b++) {
    const w = (weights ? weights[m][batch.members[b]] : 1) / sw;
    const inv = batch.invAtoms[b];
    const vb = v[b];
    const err = (s.energies[m][b] - batch.energy[b]) * inv;
    loss += w * 0.5 * (Math.log(vb) + (err * err) / vb);
    s.dE[m][b] = (w * err * inv) / vb;
    s.dV[m][b] = w * 0.5 * (1 / vb - (err * err) / (vb * vb));
  }
  return loss;
}

/**
 * Heteroscedastic member m's variance of Ê/N per structure of `batch` (after forwardEnergies), into and
 * returned as s.variance[m]: v_b = Σ_atoms softplus(s_i)/N_b² + floor, s_i the logits in lane 1 (assemble.ts).
 */
export function memberVariances(s: EnergyPathState, m: number, batch: RowSet['batches'][number]): Float64Array {
  const B = batch.members.length;
  const v = s.variance[m].fill(0, 0, B);
  const f = s.k.f32;
  s.plans.forEach((pl, e) => {
    const st = batch.structure[e];
    for (let r = 0; r < batch.count[e]; r++) v[st[r]] += softplus(f[outAt(s, pl, m, r) + 1]);
  });
  for (let b = 0; b < B; b++) v[b] = v[b] * batch.invAtoms[b] * batch.invAtoms[b] + VARIANCE_FLOOR;
  return v;
}

/**
 * dLoss/dθ from dLoss/dÊ (and dLoss/dv, and the force reverse): all members' layers ≥ 1 run fused, one
 * block-diagonal call per product (dW_l = Xᵀ·dZ_l with outer_acc_bd, dH_{l−1} = dZ_l·W_lᵀ with dense_bd),
 * layer 0 as one wide product.
 */
export function backwardEnergies(s: EnergyPathState, batch: RowSet['batches'][number], fb: ForceBatch | null): void {
  const k = s.k.k;
  const M = s.rows;
  s.plans.forEach((pl, e) => {
    const n = batch.count[e];
    const f = s.k.f32;
    pl.layers.forEach((p, l) => {
      // Every member's blocks are contiguous, so one fill clears the layer.
      const dwAt = pl.dw[l][0] / 4, dbAt = pl.db[l][0] / 4;
      f.fill(0, dwAt, dwAt + M * p.groups * p.kIn * 4);
      f.fill(0, dbAt, dbAt + M * p.groups * 4);
    });
    if (n === 0) return;
    const L = pl.layers.length - 1;
    const g0 = pl.layers[0].groups;
    const st = batch.structure[e];
    const dOut = pl.dOut / 4;
    const nf = fb && pl.force ? fb.rows[e] : 0;
    // dZ_L wide like the outputs: member m's row r at lanes 4·(r·M + m) …, written row by row so the writes run
    // along memory (member by member they strode M·16 bytes: 74 of a 10-member step's 3,260 µs).
    const dE = s.dE;
    for (let r = 0, at = dOut; r < n; r++) {
      const b = st[r];
      for (let m = 0; m < M; m++, at += 4) f[at] = dE[m][b];
    }
    for (let m = 0; m < M; m++) {
      if (s.layout.outputs === 2) {
        // ∂/∂s_i = ∂/∂v · sigmoid(s_i)/N² for the atom's structure.
        const dv = s.dV[m];
        for (let r = 0; r < n; r++) {
          const b = st[r], inv = batch.invAtoms[b];
          f[dOut + 4 * (r * M + m) + 1] = (dv[b] * inv * inv) / (1 + Math.exp(-f[outAt(s, pl, m, r) + 1]));
        }
      }
      // The force reverse adds to the weight gradients first (as before fusion) and leaves h̄ per member.
      if (nf > 0) forceReverse(s, pl, e, m, fb!);
    }
    let dz = pl.dOut, G = 1, spare = 0;
    for (let l = L; l >= 1; l--) {
      const p = pl.layers[l], gin = pl.layers[l - 1].groups;
      const x = l === 1 ? pl.h0 : pl.h[l - 1][0];
      const dh = l === 1 ? pl.dz0 : pl.dh[spare];
      if (l === L && s.layout.outputs === 1) {
        // One output: dZ_L's lane 0 alone is non-zero (dOut above).
        k.out1_grad_bd(x, M * gin * 16, gin * 16, n, gin, dz, M * 16, 16, M, pl.dw[l][0], p.kIn * 16, pl.db[l][0], 16);
        k.out1_back_bd(dz, M * 16, 16, n, gin, pl.wo[0], gin * 16, M, dh, M * gin * 16, gin * 16);
      } else {
        k.outer_acc_bd(x, M * gin * 16, gin * 16, n, p.kIn, dz, M * G * 16, G * 16, G, M, pl.dw[l][0], G * p.kIn * 16, pl.db[l][0], G * 16);
        k.dense_bd(dz, M * G * 16, G * 16, n, 4 * G, pl.wt[l][0], gin * 4 * G * 16, pl.zeros, 0, gin, M, dh, M * gin * 16, gin * 16, 0);
      }
      if (nf > 0) for (let m = 0; m < M; m++) k.add_strided(dh + m * gin * 16, M * gin * 16, pl.force!.hbar[m][l - 1], nf, gin);
      if (l > 1) {
        k.tanh_back(dh, pl.h[l - 1][0], n * M * gin);
        dz = dh; G = gin; spare = 1 - spare;
      }
    }
    k.tanh_back(pl.dz0, pl.h0, n * M * g0);
    k.outer_acc(s.train.x[e], pl.dim * 4, batch.idx[e], n, pl.dim, pl.dz0, M * g0, pl.dw[0][0], pl.db[0][0]);
  });
}
