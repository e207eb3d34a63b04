/**
 * From structures and their descriptors to what the trainer eats: cohesive per-atom energies, the
 * MAXENERGY filter, the seeded split (and subset), the energy normalisation and the descriptor
 * standardisation fitted on the training split only, and the samples of each set.
 */
import { computeStandardisation } from '../descriptors/standardisation';
import type { Standardisation, StructureDescriptors } from '../descriptors/types';
import { LocatedError } from '../errors';
import { cohesiveEnergy } from '../structures/cohesive';
import type { Structure } from '../structures/types';
import { fitEnergyNormalisation, type EnergyNormalisation } from '../data/energy-normalisation';
import { makeSample, type TrainingSample } from '../data/samples';
import { maxEnergyFilter, seededSplit, type SplitFractions, type SplitIndices } from './split';

export interface PrepareOptions {
  elements: string[];
  reference: Record<string, number>;
  maxEnergy: number | null;
  split: SplitFractions & { seed: number };
  subset: { fraction: number; seed: number };
  /** Share of the training structures (with forces and a Jacobian) whose forces are trained on. */
  forceFraction: number;
  trainForces: boolean;
}

export interface PreparedData {
  split: SplitIndices;
  /** Structures dropped by the MAXENERGY filter. */
  filtered: number[];
  norm: EnergyNormalisation;
  std: Standardisation[];
  train: TrainingSample[];
  validation: TrainingSample[];
  test: TrainingSample[];
}

export interface SplitPlan {
  split: SplitIndices;
  filtered: number[];
  perAtom: number[];
}

/** The split alone (energies only), so a run can announce its data before the costly featurization. */
export function planSplit(structures: readonly Structure[], o: PrepareOptions): SplitPlan {
  if (structures.length === 0) throw new LocatedError('no structures to train on', { field: 'data.structures' }, 'at least one structure file with energies');
  const perAtom = structures.map((s) => cohesiveEnergy(s, o.reference) / s.species.length);
  const kept = maxEnergyFilter(perAtom, o.maxEnergy);
  const keptSet = new Set(kept);
  const filtered = structures.map((_, i) => i).filter((i) => !keptSet.has(i));
  const split = seededSplit(kept, o.split, o.split.seed, o.subset.fraction, o.subset.seed);
  return { split, filtered, perAtom };
}

/** Training structures whose forces are trained on (a seeded share of those with forces). */
export function forceStructures(structures: readonly Structure[], plan: SplitPlan, o: PrepareOptions): Set<number> {
  const set = new Set<number>();
  if (!o.trainForces) return set;
  const candidates = plan.split.train.filter((i) => structures[i].forces);
  for (const i of candidates.slice(0, Math.round(o.forceFraction * candidates.length))) set.add(i);
  return set;
}

/**
 * `descriptors[i]` must exist for every structure of the split (sparse arrays are fine); those that
 * carry a Jacobian get force predictions, and force training where chosen.
 */
export function prepareData(structures: readonly Structure[], descriptors: readonly StructureDescriptors[], o: PrepareOptions, plan = planSplit(structures, o)): PreparedData {
  const { split, filtered, perAtom } = plan;
  const norm = fitEnergyNormalisation(split.train.map((i) => perAtom[i]));
  const stats = computeStandardisation(split.train.map((i) => ({ species: structures[i].species, descriptors: descriptors[i] })));
  const std = o.elements.map((el) => {
    const s = stats.get(el);
    if (!s) throw new LocatedError(`element ${el} has no atom in the training split`, { field: 'data.split' }, 'every element present in the training structures');
    return { element: el, mean: s.mean, scale: s.scale };
  });
  const forceSet = forceStructures(structures, plan, o);
  const sample = (i: number, forces: boolean) => makeSample(structures[i], descriptors[i], o.elements, o.reference, norm, forces);
  const withForces = (i: number) => !!structures[i].forces && !!descriptors[i].jacobian;
  return {
    split, filtered, norm, std,
    train: split.train.map((i) => sample(i, forceSet.has(i) && withForces(i))),
    validation: split.validation.map((i) => sample(i, o.trainForces && withForces(i))),
    test: split.test.map((i) => sample(i, withForces(i))),
  };
}
