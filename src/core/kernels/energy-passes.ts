/**
 * Forward and backward passes of the energy path, and the ensemble loss of losses.ts (per member RMSE(Ê/N),
 * bootstrap-weighted when asked; Gaussian NLL for heteroscedastic members; with forces (1 − α)·energy part +
 * α·RMSE(F̂)) with its gradient dLoss/dÊ.
 */
import { VARIANCE_FLOOR } from '../models/assemble';
import { forceForward, forceLoss, forceReverse } from './energy-forces';
import { packTheta, unpackGradient, type EnergyPathState, type KernelLossParts } from './energy-plan';
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
    for (let m = 0; m < M; m++) {
      let x = pl.h0 + m * g0 * 16, xs = M * g0 * 16;
      for (let l = 1; l <= L; l++) {
        const p = pl.layers[l];
        const out = l < L ? pl.h[l][m] : pl.out[m];
        k.dense(x, xs, 0, n, p.kIn, pl.w[l][m], pl.b[l][m], p.groups, out, p.groups * 16, l < L ? 1 : 0);
        x = out; xs = p.groups * 16;
      }
      const o = pl.out[m] / 4;
      const en = s.energies[m];
      const st = batch.structure[e];
      for (let r = 0; r < n; r++) en[st[r]] += f[o + 4 * r];
    }
  });
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
 * Heteroscedastic member m (losses.ts): v_b = Σ_atoms softplus(s_i)/N² + floor from the variance logits in
 * lane 1 of the output rows; loss Σ_b w_b·½[log v_b + e_b²/v_b]/Σw; fills dE and, per structure, dLoss/dv.
 */
export function heteroscedasticLoss(s: EnergyPathState, m: number, batch: RowSet['batches'][number], weights: Float32Array[] | null, sw: number): number {
  const B = batch.members.length;
  const v = s.variance[m].fill(0, 0, B);
  const f = s.k.f32;
  s.plans.forEach((pl, e) => {
    const o = pl.out[m] / 4, st = batch.structure[e];
    for (let r = 0; r < batch.count[e]; r++) v[st[r]] += softplus(f[o + 4 * r + 1]);
  });
  let loss = 0;
  for (let b = 0; b < B; b++) {
    const w = (weights ? weights[m][batch.members[b]] : 1) / sw;
    const inv = batch.invAtoms[b];
    const vb = (v[b] = v[b] * inv * inv + VARIANCE_FLOOR);
    const err = (s.energies[m][b] - batch.energy[b]) * inv;
    loss += w * 0.5 * (Math.log(vb) + (err * err) / vb);
    s.dE[m][b] = (w * err * inv) / vb;
    s.dV[m][b] = w * 0.5 * (1 / vb - (err * err) / (vb * vb));
  }
  return loss;
}

export function backwardEnergies(s: EnergyPathState, batch: RowSet['batches'][number], fb: ForceBatch | null): void {
  const k = s.k.k;
  const M = s.rows;
  s.plans.forEach((pl, e) => {
    const n = batch.count[e];
    const f = s.k.f32;
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
      const d = s.dE[m];
      for (let r = 0; r < n; r++) f[dOut + 4 * r] = d[st[r]];
      if (s.layout.outputs === 2) {
        // ∂/∂s_i = ∂/∂v · sigmoid(s_i)/N² for the atom's structure.
        const o = pl.out[m] / 4, dv = s.dV[m];
        for (let r = 0; r < n; r++) {
          const b = st[r], inv = batch.invAtoms[b];
          f[dOut + 4 * r + 1] = (dv[b] * inv * inv) / (1 + Math.exp(-f[o + 4 * r + 1]));
        }
      }
      const nf = fb && pl.force ? fb.rows[e] : 0;
      if (nf > 0) forceReverse(s, pl, e, m, fb!);
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
    k.outer_acc(s.train.x[e], pl.dim * 4, batch.idx[e], n, pl.dim, pl.dz0, M * g0, pl.dw[0][0], pl.db[0][0]);
  });
}
