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

export type HeldOutSet = 'validation' | 'test';
const SETS = ['train', 'validation', 'test'] as const;

/** Sets fixed in advance (given test or validation files, a split file): structure indices per set. */
export type FixedSets = Partial<Record<keyof SplitIndices, number[]>>;

/**
 * The split with some sets fixed: the structures of `pool` (those in no fixed set) are divided among the
 * sets that are not fixed, with their fractions. Training drawn from the pool: `seededSplit` with the
 * fixed sets' fractions at 0 (so the subset applies to the drawn train + validation). Training fixed:
 * the pool is shuffled and shared between validation and test (what no free set takes is `leftOut`),
 * and a subset keeps its seeded share of the training and validation sets each.
 */
export function splitWithFixed(
  pool: readonly number[], fixed: FixedSets, fractions: SplitFractions, seed: number, subset = 1, subsetSeed = seed ^ 0x5bd1e995,
): SplitIndices & { leftOut: number[] } {
  if (SETS.every((s) => fixed[s] === undefined)) return { ...seededSplit(pool, fractions, seed, subset, subsetSeed), leftOut: [] };
  const free = (s: keyof SplitIndices) => fixed[s] === undefined;
  let drawn: SplitIndices = { train: [], validation: [], test: [] };
  let leftOut: number[] = [];
  if (free('train')) {
    const share = { train: fractions.train, validation: free('validation') ? fractions.validation : 0, test: free('test') ? fractions.test : 0 };
    if (pool.length === 0) throw new LocatedError('no structures left to train on: every structure is in a given validation or test set', { field: 'data.structures' }, 'training structures in data.structures');
    drawn = seededSplit(pool, share, seed, subset, subsetSeed);
  } else {
    const order = new Rng(seed).shuffled(pool);
    const wv = free('validation') ? fractions.validation : 0;
    const wt = free('test') ? fractions.test : 0;
    if (wv + wt > 0) {
      const nTest = Math.round((wt / (wv + wt)) * order.length);
      drawn = { train: [], test: order.slice(0, nTest), validation: order.slice(nTest) };
    } else {
      leftOut = order.slice().sort((a, b) => a - b);
    }
  }
  const out: SplitIndices = { train: fixed.train ?? drawn.train, validation: fixed.validation ?? drawn.validation, test: fixed.test ?? drawn.test };
  if (!free('train') && subset < 1) {
    const keep = (list: number[], salt: number) => (list.length ? new Rng(subsetSeed + salt).shuffled(list).slice(0, Math.max(1, Math.round(subset * list.length))) : list);
    out.train = keep(out.train, 0);
    out.validation = keep(out.validation, 1);
  }
  if (out.train.length === 0) throw new LocatedError('the training split is empty', { field: 'data.split_file' }, 'at least one training structure');
  return { ...out, leftOut };
}

/** A structure moved into training so that one of its elements has atoms there. */
export interface SplitMove {
  index: number;
  from: HeldOutSet;
  /** The elements that had no atom in training before the move. */
  elements: string[];
}

/**
 * Moves structures from validation and test into training until every element of `elements` has
 * atoms in training (a network per element needs training atoms, and its descriptor standardisation
 * too). Each round moves the structure that covers the most missing elements; ties go to drawn sets
 * before fixed (given) ones, validation before test, fewer atoms, then set order; so the moves are
 * deterministic and as few as this greedy choice gives. Elements found in no set are left missing.
 */
export function coverElements(
  split: SplitIndices, species: (i: number) => readonly string[], elements: readonly string[], fixed: ReadonlySet<HeldOutSet> = new Set(),
): { split: SplitIndices; moves: SplitMove[]; missing: string[] } {
  const out: SplitIndices = { train: [...split.train], validation: [...split.validation], test: [...split.test] };
  const inTrain = new Set(out.train.flatMap((i) => species(i)));
  let missing = elements.filter((e) => !inTrain.has(e));
  const moves: SplitMove[] = [];
  while (missing.length) {
    let best: { index: number; from: HeldOutSet; pos: number; covers: string[]; rank: number[] } | null = null;
    for (const from of ['validation', 'test'] as const) {
      out[from].forEach((i, pos) => {
        const sp = species(i);
        const covers = missing.filter((e) => sp.includes(e));
        if (!covers.length) return;
        const rank = [-covers.length, fixed.has(from) ? 1 : 0, from === 'validation' ? 0 : 1, sp.length, pos];
        if (!best || lexLess(rank, best.rank)) best = { index: i, from, pos, covers, rank };
      });
    }
    if (!best) break;
    const b: { index: number; from: HeldOutSet; pos: number; covers: string[] } = best;
    out[b.from].splice(b.pos, 1);
    out.train.push(b.index);
    moves.push({ index: b.index, from: b.from, elements: b.covers });
    missing = missing.filter((e) => !b.covers.includes(e));
  }
  return { split: out, moves, missing };
}

function lexLess(a: number[], b: number[]): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] < b[i];
  return false;
}
