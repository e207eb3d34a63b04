/**
 * The force passes of the energy path for the force structures' rows (a prefix of n_f rows per element):
 * the tangent pass δ_L = 1, a_{l−1} = W_l δ_l, δ_{l−1} = a_{l−1}⊙(1 − h²), g = W_0 δ_0 = ∂E/∂G̃ per member and
 * forces F = −Σ J·g; the force loss α·RMSE(F̂); and the reverse for Φ = Σ_i u_i·g_i (u = −Jᵀ∂loss/∂F), which
 * adds to the weights' gradients and injects h̄_l = −2h⊙δ̄⊙a into the energy backward pass.
 */
import { hiddenRows, type ElementPlan, type EnergyPathState } from './energy-plan';
import type { ForceBatch } from './rows';

/** Forces F = −Σ J·∂E/∂G̃ of every member for the force structures of a batch (after forward()). */
export function forceForward(s: EnergyPathState, fb: ForceBatch): void {
  const k = s.k.k, M = s.rows, f = s.k.f32;
  for (let m = 0; m < M; m++) f.fill(0, s.forces[m] / 4, s.forces[m] / 4 + fb.atoms * 4);
  s.plans.forEach((pl, e) => {
    const n = fb.rows[e], fp = pl.force!;
    if (n === 0) return;
    const L = pl.layers.length - 1, g0 = pl.layers[0].groups;
    for (let m = 0; m < M; m++) {
      let d = fp.ones, dGroups = 1;
      for (let l = L; l >= 1; l--) {
        const gin = pl.layers[l - 1].groups;
        const [h, hs] = hiddenRows(s, pl, l - 1, m);
        k.dense(d, dGroups * 16, 0, n, 4 * dGroups, pl.wt[l][m], pl.zeros, gin, fp.a[m][l - 1], gin * 16, 0);
        k.slope_mul(fp.a[m][l - 1], h, hs, fp.delta[m][l - 1], n, gin);
        d = fp.delta[m][l - 1]; dGroups = gin;
      }
      k.dense(d, g0 * 16, 0, n, 4 * g0, fp.w0t[m], fp.zerosD, fp.dp / 4, fp.g, fp.dp * 4, 0);
      k.jac_forces(fp.g, fp.dp * 4, fb.pairs[e], fb.blocks[e], fb.count[e], fp.dp, s.forces[m]);
    }
  });
}

/**
 * The reverse of forceForward for member m and element e (u = −Jᵀ∂loss/∂F): weight gradients into dw and
 * h̄_l (the force loss's gradient with respect to the hidden outputs) into fp.hbar[m], for the energy backward.
 */
export function forceReverse(s: EnergyPathState, pl: ElementPlan, e: number, m: number, fb: ForceBatch): void {
  const k = s.k.k, fp = pl.force!, n = fb.rows[e];
  const L = pl.layers.length - 1, g0 = pl.layers[0].groups, D = pl.dim;
  s.k.f32.fill(0, fp.u / 4, fp.u / 4 + n * fp.dp);
  k.jac_back(s.dForces[m], fb.pairs[e], fb.blocks[e], fb.count[e], fp.dp, fp.u, fp.dp * 4);
  k.dense(fp.u, fp.dp * 4, 0, n, D, fp.w0[m], pl.zeros, g0, fp.dbar, g0 * 16, 0);
  k.outer_acc(fp.u, fp.dp * 4, 0, n, D, fp.delta[m][0], g0, pl.dw[0][0] + m * g0 * D * 16, fp.dbScratch);
  for (let l = 0; l < L; l++) {
    const G = pl.layers[l].groups, next = pl.layers[l + 1];
    const [h, hs] = hiddenRows(s, pl, l, m);
    k.force_mid(fp.dbar, fp.a[m][l], h, hs, fp.abar, fp.hbar[m][l], n, G);
    k.outer_acc(fp.abar, G * 16, 0, n, 4 * G, l + 1 === L ? fp.ones : fp.delta[m][l + 1], next.groups, pl.dw[l + 1][m], fp.dbScratch);
    if (l + 1 < L) k.dense(fp.abar, G * 16, 0, n, 4 * G, pl.w[l + 1][m], pl.zeros, next.groups, fp.dbar, next.groups * 16, 0);
  }
}

/**
 * The force part of member m's loss, α·RMSE(F̂) over the batch's force components (bootstrap-weighted per
 * structure), with dLoss/dF into dForces[m]; the caller scales the energy part by 1 − α.
 */
export function forceLoss(s: EnergyPathState, m: number, fb: ForceBatch, members: readonly number[], weights: Float32Array[] | null): number {
  const alpha = s.alpha!, f = s.k.f32, F = s.forces[m] / 4, dF = s.dForces[m] / 4;
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
