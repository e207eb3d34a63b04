/**
 * Initial parameters. Ensemble members: Kaiming-normal weights (std √(2/fan_in)), zero biases, each member
 * from its own seed. BNN means: the median of 15 prior draws per weight (the paper's choice: small,
 * prior-shaped values); log-scales: log(q_scale).
 */
import { Rng } from '../training/rng';
import type { ParamLayout } from './layout';

export function kaimingMember(layout: ParamLayout, rng: Rng): Float32Array {
  const out = new Float32Array(layout.size);
  for (const s of layout.slots) {
    if (s.kind !== 'W') continue;
    const std = Math.sqrt(2 / s.rows);
    for (let i = 0; i < s.size; i++) out[s.offset + i] = rng.normal() * std;
  }
  return out;
}

export function ensembleInit(layout: ParamLayout, members: number, seed: number): Float32Array {
  const theta = new Float32Array(members * layout.size);
  for (let m = 0; m < members; m++) theta.set(kaimingMember(layout, Rng.derive(seed, m)), m * layout.size);
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
