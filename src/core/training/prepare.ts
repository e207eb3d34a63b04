/**
 * From structures and their descriptors to what the trainer eats: cohesive per-atom energies, the
 * MAXENERGY filter, the seeded split (and subset) around any fixed sets, structures moved into training
 * until every element has atoms there, reference energies fitted on the training split where asked,
 * the energy normalisation and the descriptor standardisation fitted on the training split only, and
 * the samples of each set.
 */
import { computeStandardisation } from '../descriptors/standardisation';
import type { Standardisation, StructureDescriptors } from '../descriptors/types';
import { LocatedError } from '../errors';
import { cohesiveEnergy } from '../structures/cohesive';
import type { Structure } from '../structures/types';
import { fitEnergyNormalisation, type EnergyNormalisation } from '../data/energy-normalisation';
import { makeSample, type TrainingSample } from '../data/samples';
import { fitReferenceEnergies, type ReferenceFit } from './reference-fit';
import { coverElements, maxEnergyFilter, splitWithFixed, type FixedSets, type HeldOutSet, type SplitFractions, type SplitIndices, type SplitMove } from './split';

export interface PrepareOptions {
  elements: string[];
  /** The given reference energies (eV); elements in `fitReference` are fitted instead. */
  reference: Record<string, number>;
  /** Elements whose reference energy is fitted on the training split (reference-fit.ts). */
  fitReference?: string[];
  /** Sets fixed in advance (given files, a split file); the other structures are split around them. */
  fixed?: FixedSets;
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
  /** Cohesive energy per atom with `reference` (eV/atom). */
  perAtom: number[];
  /** Every element's reference energy as trained on: given, or fitted on the training split. */
  reference: Record<string, number>;
  referenceFit?: ReferenceFit;
  /** Structures moved from validation/test into training so every element has training atoms. */
  moves: SplitMove[];
  /** Structures in no set (a split file that names all three sets but not these). */
  leftOut: number[];
}

/** The split alone (energies only), so a run can announce its data before the costly featurization. */
export function planSplit(structures: readonly Structure[], o: PrepareOptions): SplitPlan {
  if (structures.length === 0) throw new LocatedError('no structures to train on', { field: 'data.structures' }, 'at least one structure file with energies');
  const fit = o.fitReference ?? [];
  const fitOn = (idx: readonly number[]) => fitReferenceEnergies(idx.map((i) => ({ species: structures[i].species, energy: energyOf(structures[i]) })), fit, o.reference);
  const all = structures.map((_, i) => i);
  // The MAXENERGY filter needs cohesive energies before there is a split: with fitted references it
  // uses a fit on every structure; the model's references are fitted on the training split below.
  const filterRefs = fit.length ? fitOn(all).reference : o.reference;
  const fixed = o.fixed ?? {};
  const fixedSet = new Set([...(fixed.train ?? []), ...(fixed.validation ?? []), ...(fixed.test ?? [])]);
  const fixedCount = (fixed.train?.length ?? 0) + (fixed.validation?.length ?? 0) + (fixed.test?.length ?? 0);
  if (fixedSet.size !== fixedCount) throw new LocatedError('a structure is in two fixed sets', { field: 'data.split_file' }, 'each structure in at most one of train, validation, test');
  const pool = all.filter((i) => !fixedSet.has(i));
  const poolPerAtom = pool.map((i) => cohesiveEnergy(structures[i], filterRefs) / structures[i].species.length);
  // The filter cleans the data drawn from; fixed (given) sets are used as given.
  const keptPool = maxEnergyFilter(poolPerAtom, o.maxEnergy).map((k) => pool[k]);
  const keptSet = new Set(keptPool);
  const filtered = pool.filter((i) => !keptSet.has(i));
  const { leftOut, ...drawn } = splitWithFixed(keptPool, fixed, o.split, o.split.seed, o.subset.fraction, o.subset.seed);
  const fixedHeldOut = new Set((['validation', 'test'] as HeldOutSet[]).filter((s) => fixed[s] !== undefined));
  const { split, moves } = coverElements(drawn, (i) => structures[i].species, o.elements, fixedHeldOut);
  const referenceFit = fit.length ? fitOn(split.train) : undefined;
  const reference = referenceFit?.reference ?? o.reference;
  const perAtom = structures.map((s) => cohesiveEnergy(s, reference) / s.species.length);
  return { split, filtered, perAtom, reference, ...(referenceFit ? { referenceFit } : {}), moves, leftOut };
}

function energyOf(s: Structure): number {
  if (s.energy === null) throw new LocatedError('structure has no total energy', { file: s.name, line: s.source.line, field: 'energy' }, 'a total energy to fit reference energies on');
  return s.energy;
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
    // Only an element whose every structure the MAXENERGY filter dropped gets here (coverElements moves the rest).
    if (!s) throw new LocatedError(`element ${el} has no atom in the training split (its structures were all filtered out)`, { field: 'data.max_energy' }, 'a larger max_energy, or data without this element');
    return { element: el, mean: s.mean, scale: s.scale };
  });
  const forceSet = forceStructures(structures, plan, o);
  const sample = (i: number, forces: boolean) => makeSample(structures[i], descriptors[i], o.elements, plan.reference, norm, forces);
  const withForces = (i: number) => !!structures[i].forces && !!descriptors[i].jacobian;
  return {
    split, filtered, norm, std,
    train: split.train.map((i) => sample(i, forceSet.has(i) && withForces(i))),
    validation: split.validation.map((i) => sample(i, o.trainForces && withForces(i))),
    test: split.test.map((i) => sample(i, withForces(i))),
  };
}
