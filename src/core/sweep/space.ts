/**
 * The distributions of a search space: random draws, grid points, and the internal coordinate the TPE
 * sampler models each one in (the value itself for uniform and int, ln x for log-uniform, the index for
 * a choice), so that "near" means what it should (1e-4 is as far from 1e-3 as 1e-3 from 1e-2).
 */
import type { Rng } from '../rng';
import type { Distribution, ParamValue } from './types';

/** Rounds and clamps what a continuous draw produced for the field's kind. */
export function finishValue(dist: Distribution, x: number): ParamValue {
  if (dist.kind === 'choice') return dist.values[Math.min(dist.values.length - 1, Math.max(0, Math.round(x)))];
  const v = Math.min(dist.hi, Math.max(dist.lo, x));
  if (dist.kind === 'int' || dist.integer) return Math.min(Math.floor(dist.hi), Math.max(Math.ceil(dist.lo), Math.round(v)));
  return v;
}

export function drawRandom(dist: Distribution, rng: Rng): ParamValue {
  switch (dist.kind) {
    case 'choice': return dist.values[rng.int(dist.values.length)];
    case 'uniform': return finishValue(dist, dist.lo + rng.uniform() * (dist.hi - dist.lo));
    case 'log_uniform': return finishValue(dist, Math.exp(Math.log(dist.lo) + rng.uniform() * (Math.log(dist.hi) - Math.log(dist.lo))));
    case 'int': return dist.lo + rng.int(dist.hi - dist.lo + 1);
  }
}

/** Internal coordinate of a value and its bounds (int: ±0.5 around the ends, so each integer gets equal width). */
export function internalBounds(dist: Exclude<Distribution, { kind: 'choice' }>): [number, number] {
  if (dist.kind === 'log_uniform') return [Math.log(dist.lo), Math.log(dist.hi)];
  if (dist.kind === 'int' || dist.integer) return [dist.lo - 0.5, dist.hi + 0.5];
  return [dist.lo, dist.hi];
}

export function toInternal(dist: Distribution, value: ParamValue): number {
  if (dist.kind === 'choice') {
    const key = JSON.stringify(value);
    return dist.values.findIndex((v) => JSON.stringify(v) === key);
  }
  const x = Number(value);
  return dist.kind === 'log_uniform' ? Math.log(x) : x;
}

export function fromInternal(dist: Distribution, x: number): ParamValue {
  if (dist.kind === 'log_uniform') return finishValue(dist, Math.exp(x));
  return finishValue(dist, x);
}

/** Grid points: the choices, or `steps` points from lo to hi (geometric for log-uniform), duplicates dropped. */
export function gridValues(dist: Distribution): ParamValue[] {
  if (dist.kind === 'choice') return dist.values;
  const n = dist.kind === 'int' ? Math.min(dist.steps, dist.hi - dist.lo + 1) : dist.steps;
  const out: ParamValue[] = [];
  for (let i = 0; i < n; i++) {
    const t = n === 1 ? 0 : i / (n - 1);
    const x = dist.kind === 'log_uniform' ? Math.exp(Math.log(dist.lo) + t * (Math.log(dist.hi) - Math.log(dist.lo))) : dist.lo + t * (dist.hi - dist.lo);
    const v = dist.kind === 'int' ? Math.round(x) : finishValue(dist, x);
    if (!out.some((o) => o === v)) out.push(v);
  }
  return out;
}

/** Combinations of the grid in order, the last parameter varying fastest. */
export function gridSize(dists: Distribution[]): number {
  return dists.reduce((n, d) => n * gridValues(d).length, 1);
}

export function gridPoint(dists: Distribution[], index: number): ParamValue[] {
  const out: ParamValue[] = new Array(dists.length);
  let rest = index;
  for (let i = dists.length - 1; i >= 0; i--) {
    const values = gridValues(dists[i]);
    out[i] = values[rest % values.length];
    rest = Math.floor(rest / values.length);
  }
  return out;
}
