/**
 * Energies and forces of one structure from its raw descriptors, exactly as aenet evaluates a
 * potential (aenet.f90 aenet_atomic_energy_and_forces):
 *   G̃ = (G − avg)/√(cov − avg²),  E_i = y(G̃)/scale + shift  (cohesive, eV),
 *   F_k = −Σ_i Σ_n ∂E_i/∂G_i[n] · ∂G_i[n]/∂R_k.
 * The total energy adds the free-atom reference energies the potential file stores.
 */
import { LocatedError } from '../errors';
import type { StructureDescriptors } from '../descriptors/types';
import type { AenetModel } from './model';

export interface AenetPrediction {
  /** Σ_i E_i: energy relative to the free atoms (eV); aenet's "cohesive energy". */
  cohesiveEnergy: number;
  /** Cohesive energy plus the free-atom reference energies (eV). */
  totalEnergy: number;
  /** E_i of every atom, relative to its free atom (eV). */
  atomEnergies: Float64Array;
  /** Free-atom reference energy of every atom (eV). */
  freeAtomEnergies: Float64Array;
  /** 3N values (eV/Å), or null when not requested. */
  forces: Float64Array | null;
}

export function predictFromDescriptors(
  model: AenetModel, species: string[], d: StructureDescriptors, withForces: boolean, file = '',
): AenetPrediction {
  const n = species.length;
  if (d.n !== n) throw new LocatedError(`descriptors for ${d.n} atoms but the structure has ${n}`, { file }, `${n} descriptor rows`);
  const jac = withForces ? d.jacobian : undefined;
  if (withForces && !jac) throw new LocatedError('forces need descriptor derivatives', { file }, 'descriptors computed with derivatives');

  const atomEnergies = new Float64Array(n);
  const freeAtomEnergies = new Float64Array(n);
  const forces = withForces ? new Float64Array(3 * n) : null;
  let maxDim = 0;
  for (const e of model.elements.values()) maxDim = Math.max(maxDim, e.potential.setup.nsf);
  const x = new Float64Array(maxDim);
  const grad = new Float64Array(maxDim);
  let cohesive = 0;
  let free = 0;

  for (let i = 0; i < n; i++) {
    const el = model.elements.get(species[i]);
    if (!el) {
      throw new LocatedError(`atom ${i + 1} is ${species[i]}, for which no potential was given`, { file, field: 'species' },
        `one of ${[...model.elements.keys()].join(', ')}`);
    }
    const p = el.potential;
    const dim = p.setup.nsf;
    if (d.dims[i] !== dim) {
      throw new LocatedError(`atom ${i + 1} (${species[i]}) has ${d.dims[i]} descriptor values`, { file, field: 'descriptor' },
        `${dim}, as the potential ${p.file} expects`);
    }
    const off = d.offsets[i];
    for (let k = 0; k < dim; k++) x[k] = (d.values[off + k] - p.inputMean[k]) * p.inputScale[k];
    const y = el.evaluator.evaluate(x, 0, forces ? grad : undefined);
    const ei = p.energyScale * y + p.energyShift;
    atomEnergies[i] = ei;
    freeAtomEnergies[i] = p.atomicEnergy;
    cohesive += ei;
    free += p.atomicEnergy;

    if (forces && jac) {
      // dE_i/dG[k] = energyScale · ∂y/∂G̃[k] · inputScale[k]
      for (let k = 0; k < dim; k++) grad[k] *= p.energyScale * p.inputScale[k];
      for (let pr = jac.pairStart[i]; pr < jac.pairStart[i + 1]; pr++) {
        const k = jac.pairAtom[pr];
        const bx = jac.blockStart[pr];
        const by = bx + dim;
        const bz = by + dim;
        const J = jac.values;
        let sx = 0, sy = 0, sz = 0;
        for (let m = 0; m < dim; m++) {
          const g = grad[m];
          sx += J[bx + m] * g;
          sy += J[by + m] * g;
          sz += J[bz + m] * g;
        }
        forces[3 * k] -= sx;
        forces[3 * k + 1] -= sy;
        forces[3 * k + 2] -= sz;
      }
    }
  }
  return { cohesiveEnergy: cohesive, totalEnergy: cohesive + free, atomEnergies, freeAtomEnergies, forces };
}
