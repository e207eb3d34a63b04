/**
 * The shared training fixture: the first structures of the MIT 1,000-structure TiO2 archive (aenet-PyTorch
 * example), featurized with the aenet-PyTorch example set-up, prepared for training.
 */
import { join } from 'node:path';
import { featurize } from '../../../src/core/descriptors/featurize';
import type { ChebyshevSetup, StructureDescriptors } from '../../../src/core/descriptors/types';
import { readStructures } from '../../../src/core/structures/read';
import type { Structure } from '../../../src/core/structures/types';
import { prepareData, type PreparedData } from '../../../src/core/training/prepare';

export const TIO2_ARCHIVE = join(__dirname, '..', '..', '..', 'examples', 'data', 'tio2-1000-xsf.tar.gz');
export const TIO2_REFERENCE = { O: -432.503149303, Ti: -1604.604515075 };
export const ELEMENTS = ['O', 'Ti'];

/** Smaller than the paper's set-up (56 values) to keep tests fast; 2(4+2+2) = 16 values per atom. */
export function smallSetups(): ChebyshevSetup[] {
  return ELEMENTS.map((element) => ({ element, env: ['O', 'Ti'], rmin: 0.75, radialCutoff: 4.5, radialOrder: 4, angularCutoff: 3.5, angularOrder: 2 }));
}

let cache: Structure[] | null = null;
export function tio2Structures(n: number): Structure[] {
  cache ??= readStructures(TIO2_ARCHIVE);
  return cache.slice(0, n);
}

export function featurizeAll(structures: readonly Structure[], setups: ChebyshevSetup[], derivatives: boolean): StructureDescriptors[] {
  return structures.map((s) => featurize(s, setups, { derivatives }));
}

export function tio2Prepared(n: number, trainForces: boolean, seed = 7): { structures: Structure[]; descriptors: StructureDescriptors[]; data: PreparedData } {
  const structures = tio2Structures(n);
  const descriptors = featurizeAll(structures, smallSetups(), trainForces);
  const data = prepareData(structures, descriptors, {
    elements: ELEMENTS, reference: TIO2_REFERENCE, maxEnergy: null,
    split: { train: 0.8, validation: 0.1, test: 0.1, seed }, subset: { fraction: 1, seed },
    forceFraction: 1, trainForces,
  });
  return { structures, descriptors, data };
}
