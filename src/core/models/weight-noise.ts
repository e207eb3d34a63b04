/**
 * The standardised noise of K whole weight sets, θ_k = μ + σ⊙v_k: Gaussian v, or radial (per tensor
 * ε/‖ε‖·r, r ~ N(0, 1)) for the radial posterior, with each sample's Σ_tensors log-density constant for the
 * Monte Carlo KL. Shared by the tfjs model and the kernel path so both draw the same weight sets.
 */
import type { Rng } from '../rng';
import { radialLogDensityConstant } from './kl';
import type { ParamLayout } from './layout';

/** `into`: buffers of k·P and k values to draw into instead of new ones (training loops reuse theirs). */
export function weightSetNoise(layout: ParamLayout, k: number, rng: Rng, radial: boolean, into?: { v: Float32Array; constants: Float32Array }): { v: Float32Array; constants: Float32Array } {
  const p = layout.size;
  const v = into ? into.v : new Float32Array(k * p);
  const constants = into ? into.constants.fill(0) : new Float32Array(k);
  rng.fillNormal(v);
  if (radial) {
    for (let s = 0; s < k; s++) {
      for (const slot of layout.slots) {
        const o = s * p + slot.offset;
        let norm = 0;
        for (let i = 0; i < slot.size; i++) norm += v[o + i] * v[o + i];
        const r = rng.normal();
        const f = r / Math.sqrt(norm);
        for (let i = 0; i < slot.size; i++) v[o + i] *= f;
        constants[s] += radialLogDensityConstant(slot.size, r);
      }
    }
  }
  return { v, constants };
}
