/**
 * Which structures train, validate and test (methods.md §3): an optional MAXENERGY filter, a seeded
 * train/validation/test split, and a seeded subset of train+validation (the paper's 20 % regime) that
 * keeps the same test set.
 */
import { LocatedError } from '../errors';
import { Rng } from '../rng';

export interface SplitFractions {
  train: number;
  validation: number;
  test: number;
}

export interface SplitIndices {
  train: number[];
  validation: number[];
  test: number[];
}

/** Indices of structures whose per-atom energy is at most `maxEnergy` eV/atom above the lowest. */
export function maxEnergyFilter(perAtomEnergies: ArrayLike<number>, maxEnergy: number | null | undefined): number[] {
  const idx = Array.from({ length: perAtomEnergies.length }, (_, i) => i);
  if (maxEnergy === null || maxEnergy === undefined) return idx;
  let lo = Infinity;
  for (let i = 0; i < perAtomEnergies.length; i++) lo = Math.min(lo, perAtomEnergies[i]);
  return idx.filter((i) => perAtomEnergies[i] - lo <= maxEnergy);
}

/**
 * Shuffles `items` with the seed, takes the test set first (so a subset run keeps the same test set),
 * then optionally keeps `subset` of the rest and divides that between training and validation.
 */
export function seededSplit(items: readonly number[], fractions: SplitFractions, seed: number, subset = 1, subsetSeed = seed ^ 0x5bd1e995): SplitIndices {
  const total = fractions.train + fractions.validation + fractions.test;
  if (!(total > 0) || fractions.train <= 0) {
    throw new LocatedError('split fractions must be non-negative with a positive training share', { field: 'data.split' }, 'train > 0, validation ≥ 0, test ≥ 0');
  }
  if (items.length === 0) throw new LocatedError('no structures left to split', { field: 'data' }, 'at least one structure');
  const order = new Rng(seed).shuffled(items);
  const nTest = Math.round((fractions.test / total) * order.length);
  const test = order.slice(0, nTest);
  let rest = order.slice(nTest);
  if (subset < 1) {
    rest = new Rng(subsetSeed).shuffled(rest).slice(0, Math.max(1, Math.round(subset * rest.length)));
  }
  const trainShare = fractions.train / (fractions.train + fractions.validation);
  let nTrain = Math.round(trainShare * rest.length);
  if (nTrain === 0) nTrain = 1;
  const train = rest.slice(0, nTrain);
  const validation = rest.slice(nTrain);
  if (train.length === 0) throw new LocatedError('the training split is empty', { field: 'data.split' }, 'more structures or a larger training share');
  return { train, validation, test };
}
