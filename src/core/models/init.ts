/**
 * Initial parameters. Ensemble members: Kaiming-normal weights (std √(2/fan_in)), zero biases, each member
 * from its own seed; a heteroscedastic member's variance output starts small and flat (see below). BNN means: the median of 15 prior draws per weight (the paper's choice: small,
 * prior-shaped values); log-scales: log(q_scale).
 */
import { Rng } from '../rng';
import type { ParamLayout } from './layout';

export function kaimingMember(layout: ParamLayout, rng: Rng): Float32Array {
  const out = new Float32Array(layout.size);
  for (const s of layout.slots) {
    if (s.kind !== 'W') continue;
    const std = Math.sqrt(2 / s.rows);
    for (let i = 0; i < s.size; i++) out[s.offset + i] = rng.normal() * std;
  }
  if (layout.outputs === 2) startVarianceOutputs(layout, out);
  return out;
}

/**
 * softplus(b) = 0.01, i.e. every atom's energy contribution starts with σ_i = 0.1 in normalised units:
 * per-atom energies of the training split span [−1, 1] after aenet's normalisation, so an untrained
 * network errs by a good fraction of 0.1 per atom, and a variance that starts near that size keeps the
 * first NLL steps from being dominated by e²/v (σ too small) or ignoring the errors (σ too large). The
 * structure's per-atom σ then starts at 0.1/√N (independent contributions of a sum). The variance
 * weights keep a tenth of their Kaiming draw, so members differ without the logits swinging far from b.
 */
const INITIAL_ATOM_VARIANCE = 0.01;
const VARIANCE_BIAS = Math.log(Math.expm1(INITIAL_ATOM_VARIANCE));

function startVarianceOutputs(layout: ParamLayout, theta: Float32Array): void {
  const last = layout.hidden.length;
  for (const s of layout.slots) {
    if (s.layer !== last) continue;
    if (s.kind === 'b') theta[s.offset + 1] = VARIANCE_BIAS;
    else for (let r = 0; r < s.rows; r++) theta[s.offset + r * s.cols + 1] *= 0.1;
  }
}

/** Members first … first + members − 1 of the ensemble with this seed (each from its own stream `first + m`). */
export function ensembleInit(layout: ParamLayout, members: number, seed: number, first = 0): Float32Array {
  const theta = new Float32Array(members * layout.size);
  for (let m = 0; m < members; m++) theta.set(kaimingMember(layout, Rng.derive(seed, first + m)), m * layout.size);
  return theta;
}

export function bnnInit(layout: ParamLayout, priorScale: number, qScale: number, seed: number): { mu: Float32Array; rho: Float32Array } {
  const rng = Rng.derive(seed, 0);
  const mu = new Float32Array(layout.size);
  const draws = new Float64Array(15);
  for (let i = 0; i < mu.length; i++) {
    for (let k = 0; k < 15; k++) draws[k] = rng.normal() * priorScale;
    draws.sort();
    mu[i] = draws[7];
  }
  return { mu, rho: new Float32Array(layout.size).fill(Math.log(qScale)) };
}
