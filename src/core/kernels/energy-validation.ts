/** Validation on the energy path: sums of squared energy and force errors over the validation set. */
import { forceForward } from './energy-forces';
import { packTheta, type EnergyPathState, type KernelValidation } from './energy-plan';
import { forwardEnergies } from './energy-passes';

/**
 * Validation sums over all validation structures: Σ (mean over members of e)² and per member Σ e², with
 * e = (Ê − target)/N; and the count.
 */
export function validationSums(s: EnergyPathState, theta: Float32Array | ((batch: number) => Float32Array), rows: number): KernelValidation {
  if (rows > s.members) throw new Error(`kernel path sized for ${s.members} weight sets, asked for ${rows}`);
  s.rows = rows;
  if (typeof theta !== 'function') packTheta(s, theta);
  const M = s.rows;
  const memberSq = new Float64Array(M);
  const forceMemberSq = new Float64Array(M);
  let meanSq = 0, n = 0, forceMeanSq = 0, forceN = 0;
  s.val.batches.forEach((batch, bi) => {
    // Sampled weight sets (BNNs) are drawn afresh for every validation batch, as the tfjs prediction does.
    if (typeof theta === 'function') packTheta(s, theta(bi));
    forwardEnergies(s, s.val, bi);
    const fb = s.valF && s.valF[bi].atoms > 0 ? s.valF[bi] : null;
    if (fb) {
      forceForward(s, fb);
      const f = s.k.f32;
      for (let i = 0; i < fb.atoms * 3; i++) {
        const a = i / 3 | 0, c = i % 3;
        let mean = 0;
        for (let m = 0; m < M; m++) {
          const err = f[s.forces[m] / 4 + 4 * a + c] - fb.target[i];
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
        const err = (s.energies[m][b] - batch.energy[b]) * batch.invAtoms[b];
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
