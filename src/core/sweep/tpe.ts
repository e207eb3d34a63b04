/**
 * Tree-structured Parzen estimator (Bergstra et al. 2011; as Optuna's TPESampler, which the paper's search
 * used), one parameter at a time (Optuna's default, univariate).
 *
 * The finished trials are ranked by their objective y (lower is better; pruned trials rank after every
 * completed one). The best n_good = ⌈γ·n⌉ (γ = 0.25, at most 25) form the "good" set, the rest the "bad" set.
 * For each group a Parzen (kernel density) estimator is fitted in the parameter's internal coordinate x
 * (ln x for log-uniform, so bandwidths are relative):
 *
 *   l(x) = Σ_i w_i · N_[a,b](x | μ_i, σ_i)   over the good points μ_i,   g(x) the same over the bad points,
 *
 * where N_[a,b] is a normal truncated to the range [a, b] (density φ((x−μ)/σ)/σ divided by
 * Z = Φ((b−μ)/σ) − Φ((a−μ)/σ)), plus one prior component μ₀ = (a+b)/2, σ₀ = b − a, all weights equal,
 * w = 1/(m+1) for m points. Each point's bandwidth σ_i is the larger distance to its sorted neighbours
 * (a and b bounding the ends), clipped to [(b−a)/min(100, 1+m), b−a]: dense regions get narrow kernels.
 * TPE maximises expected improvement, which for this model is monotone in l(x)/g(x): it draws 24 candidates
 * from l and keeps the one with the largest log l(x) − log g(x).
 * A choice among K values uses the categorical analogue: l(k) ∝ 1/K + #{good trials with value k}, g likewise.
 */
import { Rng } from '../rng';
import { fromInternal, internalBounds, toInternal } from './space';
import type { Distribution, ParamValue } from './types';

export const TPE_GAMMA = 0.25;
export const TPE_CANDIDATES = 24;

export interface Observation {
  /** The trial's value of this parameter. */
  value: ParamValue;
  /** Objective (lower is better). */
  score: number;
  /** Pruned trials rank after every completed trial. */
  pruned?: boolean;
}

/** Abramowitz & Stegun 7.1.26 (|error| < 1.5e-7): enough for kernel weights. */
function erf(x: number): number {
  const s = Math.sign(x);
  const a = Math.abs(x);
  const t = 1 / (1 + 0.3275911 * a);
  const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-a * a);
  return s * y;
}
const Phi = (z: number) => 0.5 * (1 + erf(z / Math.SQRT2));

export interface Parzen { mus: number[]; sigmas: number[]; a: number; b: number }

/** The Parzen estimator of one group's points in [a, b] (prior component first). */
export function fitParzen(points: number[], a: number, b: number): Parzen {
  const range = b - a;
  const sorted = points.slice().sort((p, q) => p - q);
  const m = sorted.length;
  const lo = range / Math.min(100, 1 + m);
  const sigmas = sorted.map((mu, i) => {
    const left = mu - (i > 0 ? sorted[i - 1] : a);
    const right = (i < m - 1 ? sorted[i + 1] : b) - mu;
    return Math.min(range, Math.max(lo, left, right));
  });
  return { mus: [(a + b) / 2, ...sorted], sigmas: [range, ...sigmas], a, b };
}

export function parzenLogDensity(p: Parzen, x: number): number {
  let sum = 0;
  for (let i = 0; i < p.mus.length; i++) {
    const s = p.sigmas[i];
    const z = (x - p.mus[i]) / s;
    const norm = Phi((p.b - p.mus[i]) / s) - Phi((p.a - p.mus[i]) / s);
    sum += Math.exp(-0.5 * z * z) / (s * Math.sqrt(2 * Math.PI) * Math.max(norm, 1e-12));
  }
  return Math.log(Math.max(sum / p.mus.length, 1e-300));
}

function sampleParzen(p: Parzen, rng: Rng): number {
  const i = rng.int(p.mus.length);
  for (let tries = 0; tries < 100; tries++) {
    const x = p.mus[i] + p.sigmas[i] * rng.normal();
    if (x >= p.a && x <= p.b) return x;
  }
  return p.a + rng.uniform() * (p.b - p.a);
}

/** The good / bad split: completed trials by score, then pruned ones; n_good = ⌈γ n⌉, at most 25. */
export function splitObservations(obs: Observation[]): { good: Observation[]; bad: Observation[] } {
  const ranked = obs.slice().sort((p, q) => Number(!!p.pruned) - Number(!!q.pruned) || p.score - q.score);
  const nGood = Math.min(25, Math.max(1, Math.ceil(TPE_GAMMA * ranked.length)));
  return { good: ranked.slice(0, nGood), bad: ranked.slice(nGood) };
}

/** TPE's proposal for one parameter, from the finished trials' values of it. */
export function tpeSuggest(dist: Distribution, obs: Observation[], rng: Rng): ParamValue {
  const { good, bad } = splitObservations(obs);
  if (dist.kind === 'choice') {
    const k = dist.values.length;
    const weights = (group: Observation[]) => {
      const w = new Array<number>(k).fill(1 / k);
      for (const o of group) { const i = toInternal(dist, o.value); if (i >= 0) w[i] += 1; }
      const total = w.reduce((s, v) => s + v, 0);
      return w.map((v) => v / total);
    };
    const l = weights(good);
    const g = weights(bad);
    let best = 0;
    let bestScore = -Infinity;
    for (let c = 0; c < TPE_CANDIDATES; c++) {
      let u = rng.uniform();
      let idx = 0;
      while (idx < k - 1 && u >= l[idx]) { u -= l[idx]; idx++; }
      const score = Math.log(l[idx]) - Math.log(g[idx]);
      if (score > bestScore) { bestScore = score; best = idx; }
    }
    return dist.values[best];
  }
  const [a, b] = internalBounds(dist);
  const pts = (group: Observation[]) => group.map((o) => toInternal(dist, o.value)).filter(Number.isFinite);
  const l = fitParzen(pts(good), a, b);
  const g = fitParzen(pts(bad), a, b);
  let best = l.mus[0];
  let bestScore = -Infinity;
  for (let c = 0; c < TPE_CANDIDATES; c++) {
    const x = sampleParzen(l, rng);
    const score = parzenLogDensity(l, x) - parzenLogDensity(g, x);
    if (score > bestScore) { bestScore = score; best = x; }
  }
  return fromInternal(dist, best);
}
