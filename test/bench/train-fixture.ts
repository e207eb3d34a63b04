/** The 1,000 TiO2 structures featurized with the aenet-PyTorch example set-up (56 values per atom), for the benches. */
import { join } from 'node:path';
import { Featurizer } from '../../src/core/descriptors/featurize';
import type { ChebyshevSetup, StructureDescriptors } from '../../src/core/descriptors/types';
import { readStructures } from '../../src/core/structures/read';
import type { Structure } from '../../src/core/structures/types';
import { prepareData, type PreparedData } from '../../src/core/training/prepare';

// MLIP_TIO2_ARCHIVE: where a bundled copy of the bench runs from elsewhere (a quiet machine).
export const ARCHIVE = process.env.MLIP_TIO2_ARCHIVE ?? join(__dirname, '..', '..', 'examples', 'data', 'tio2-1000-xsf.tar.gz');
export const REFERENCE = { O: -432.503149303, Ti: -1604.604515075 };
export const ELEMENTS = ['O', 'Ti'];
/** aenet's TiO2 example set-up: Chebyshev Rr 6.5 Å / N 20, Ra 5.0 Å / N 6, ENV Ti, O. */
export const SETUPS: ChebyshevSetup[] = ELEMENTS.map((element) => ({ element, env: ['Ti', 'O'], rmin: 0.35, radialCutoff: 6.5, radialOrder: 20, angularCutoff: 5.0, angularOrder: 6 }));

export function tio2Bench(split: { train: number; validation: number; test: number }, forceFraction: number, seed = 1, archive = ARCHIVE): { structures: Structure[]; data: PreparedData; featurizeSeconds: number } {
  const structures = readStructures(archive);
  const f = new Featurizer(SETUPS);
  const t0 = Date.now();
  // Derivatives for a seeded quarter of the structures, like aenet's generate.x force selection.
  const withForces = new Set<number>();
  if (forceFraction > 0) for (let i = 0; i < structures.length; i++) if ((i * 2654435761) % 1000 < forceFraction * 1000) withForces.add(i);
  const descriptors: StructureDescriptors[] = structures.map((s, i) => f.featurize(s, { derivatives: withForces.has(i), float32Jacobian: true }));
  const featurizeSeconds = (Date.now() - t0) / 1000;
  const data = prepareData(structures, descriptors, {
    elements: ELEMENTS, reference: REFERENCE, maxEnergy: null, split: { ...split, seed }, subset: { fraction: 1, seed },
    forceFraction: 1, trainForces: forceFraction > 0,
  });
  return { structures, data, featurizeSeconds };
}
