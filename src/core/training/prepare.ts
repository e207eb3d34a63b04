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
import { fitEnergyNormalisation, type EnergyNormalisation } from './energy-normalisation';
import { makeSample, type TrainingSample } from './samples';
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

export function prepareData(structures: readonly Structure[], descriptors: readonly StructureDescriptors[], o: PrepareOptions): PreparedData {
  if (structures.length === 0) throw new LocatedError('no structures to train on', { field: 'data.structures' }, 'at least one structure file with energies');
  const perAtom = structures.map((s) => cohesiveEnergy(s, o.reference) / s.species.length);
  const kept = maxEnergyFilter(perAtom, o.maxEnergy);
  const keptSet = new Set(kept);
  const filtered = structures.map((_, i) => i).filter((i) => !keptSet.has(i));
  const split = seededSplit(kept, o.split, o.split.seed, o.subset.fraction, o.subset.seed);
  const norm = fitEnergyNormalisation(split.train.map((i) => perAtom[i]));
  const stats = computeStandardisation(split.train.map((i) => ({ species: structures[i].species, descriptors: descriptors[i] })));
  const std = o.elements.map((el) => {
    const s = stats.get(el);
    if (!s) throw new LocatedError(`element ${el} has no atom in the training split`, { field: 'data.split' }, 'every element present in the training structures');
    return { element: el, mean: s.mean, scale: s.scale };
  });
  const forceSet = new Set<number>();
  if (o.trainForces) {
    const candidates = split.train.filter((i) => structures[i].forces && descriptors[i].jacobian);
    const n = Math.round(o.forceFraction * candidates.length);
    for (const i of candidates.slice(0, n)) forceSet.add(i);
  }
  const sample = (i: number, forces: boolean) => makeSample(structures[i], descriptors[i], o.elements, o.reference, norm, forces);
  return {
    split, filtered, norm, std,
    train: split.train.map((i) => sample(i, forceSet.has(i))),
    validation: split.validation.map((i) => sample(i, o.trainForces && !!structures[i].forces && !!descriptors[i].jacobian)),
    test: split.test.map((i) => sample(i, !!structures[i].forces && !!descriptors[i].jacobian)),
  };
}
