/**
 * A structure ready for training: normalised targets, element of every atom, raw descriptors (and their
 * Jacobian when forces are trained or predicted). Built once, after the split and the fits, from the
 * structures and descriptors the other stages produce.
 */
import type { StructureDescriptors } from '../descriptors/types';
import type { Structure } from '../structures/types';
import { cohesiveEnergy } from '../structures/cohesive';
import { normaliseEnergy, type EnergyNormalisation } from './energy-normalisation';
import { LocatedError } from '../errors';

export interface TrainingSample {
  name: string;
  nAtoms: number;
  /** Index into the run's element list, per atom. */
  element: Int32Array;
  /** Normalised target energy Ê (NaN when unknown, e.g. at prediction). */
  energy: number;
  /** Normalised target forces F̂ (3N), or null: not trained on / not known. */
  forces: Float32Array | null;
  descriptors: StructureDescriptors;
}

export function makeSample(
  s: Structure, d: StructureDescriptors, elements: readonly string[], reference: Record<string, number>,
  norm: EnergyNormalisation, useForces: boolean,
): TrainingSample {
  const element = new Int32Array(s.species.length);
  s.species.forEach((el, i) => {
    const k = elements.indexOf(el);
    if (k < 0) throw new LocatedError(`element ${el} of "${s.name}" has no descriptor set-up`, { file: s.source.file, field: 'descriptor' }, `one of ${elements.join(', ')}`);
    element[i] = k;
  });
  const energy = s.energy === null ? NaN : normaliseEnergy(norm, cohesiveEnergy(s, reference), s.species.length);
  let forces: Float32Array | null = null;
  if (useForces && s.forces && d.jacobian) {
    forces = new Float32Array(s.forces.length);
    for (let i = 0; i < forces.length; i++) forces[i] = s.forces[i] * norm.scale;
  }
  return { name: s.name, nAtoms: s.species.length, element, energy, forces, descriptors: d };
}
