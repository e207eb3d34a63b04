/**
 * Which structures to label next (active learning): the selection strategies by name, defined once.
 * - `sigma`: the K largest σ;
 * - `sigma-diverse`: greedy farthest-point sampling in descriptor space among the 3K largest σ, starting from
 *   the largest σ, so near-duplicates (e.g. consecutive MD frames) do not fill the batch; each next pick
 *   maximises σ_i · d_i, d_i its distance to the nearest earlier pick (distances scaled by their median, so
 *   σ and diversity both count);
 * - `random`: a seeded uniform draw, the baseline σ must beat.
 */
import { Rng } from '../rng';

export const SELECTION_STRATEGIES = ['sigma', 'sigma-diverse', 'random'] as const;
export type SelectionStrategy = typeof SELECTION_STRATEGIES[number];

/** How many σ-ranked candidates sigma-diverse chooses among, per pick. */
export const DIVERSE_POOL_FACTOR = 3;

export interface SelectionInput {
  /** The score to rank by per structure (σ; larger = more uncertain). */
  scores: ArrayLike<number>;
  /** Per structure a fingerprint vector (same length for all); needed by sigma-diverse only. */
  fingerprints?: readonly Float64Array[];
  count: number;
  seed: number;
}

/** Indices by descending score; ties keep input order (a stable ranking). */
export function rankByScore(scores: ArrayLike<number>): number[] {
  const idx = Array.from({ length: scores.length }, (_, i) => i);
  const key = (i: number) => (Number.isFinite(scores[i]) ? scores[i] : Infinity);
  return idx.sort((a, b) => key(b) - key(a) || a - b);
}

function distance(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] - b[i]) ** 2;
  return Math.sqrt(s);
}

function farthestPoint(input: SelectionInput, k: number): number[] {
  const fp = input.fingerprints;
  if (!fp) throw new Error('sigma-diverse needs fingerprints');
  const pool = rankByScore(input.scores).slice(0, Math.min(input.scores.length, DIVERSE_POOL_FACTOR * k));
  const picked = [pool[0]];
  const nearest = new Float64Array(pool.length).fill(Infinity);
  for (let step = 1; step < k; step++) {
    const last = fp[picked[picked.length - 1]];
    for (let j = 0; j < pool.length; j++) nearest[j] = Math.min(nearest[j], distance(fp[pool[j]], last));
    const positive = Array.from(nearest).filter((d) => d > 0 && Number.isFinite(d)).sort((a, b) => a - b);
    const scale = positive.length ? positive[Math.floor(positive.length / 2)] : 1;
    let best = -1, bestValue = -Infinity;
    for (let j = 0; j < pool.length; j++) {
      if (nearest[j] === 0) continue; // already picked, or an exact duplicate of a pick
      const value = input.scores[pool[j]] * (nearest[j] / scale);
      if (value > bestValue) { bestValue = value; best = j; }
    }
    if (best < 0) break;
    picked.push(pool[best]);
    nearest[best] = 0;
  }
  // Duplicates only left: fill up by σ so the batch has the size asked for.
  for (const i of pool) if (picked.length < k && !picked.includes(i)) picked.push(i);
  return picked;
}

/** The indices picked, in pick order. */
export function selectStructures(strategy: SelectionStrategy, input: SelectionInput): number[] {
  const k = Math.max(0, Math.min(input.count, input.scores.length));
  if (k === 0) return [];
  if (strategy === 'sigma') return rankByScore(input.scores).slice(0, k);
  if (strategy === 'random') return new Rng(input.seed).shuffled(Array.from({ length: input.scores.length }, (_, i) => i)).slice(0, k);
  return farthestPoint(input, k);
}
