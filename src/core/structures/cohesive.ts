import { LocatedError } from '../errors';
import type { Structure } from './types';

/**
 * Cohesive energy in eV: E_total − Σ_atoms E_ref(element), the quantity aenet fits (atomic reference
 * energies from generate.in, e.g. TiO2: O −432.503149303, Ti −1604.604515075 eV).
 */
export function cohesiveEnergy(structure: Structure, refs: Record<string, number>): number {
  if (structure.energy === null) {
    throw new LocatedError('structure has no total energy', { file: structure.name, line: structure.source.line, field: 'energy' },
      'a total energy to subtract the atomic references from');
  }
  let e = structure.energy;
  for (const el of structure.species) {
    const r = refs[el];
    if (typeof r !== 'number' || !Number.isFinite(r)) {
      throw new LocatedError(`no atomic reference energy for ${el}`, { file: structure.name, field: `refs.${el}` },
        `a reference energy (eV) for every element present`);
    }
    e -= r;
  }
  return e;
}
