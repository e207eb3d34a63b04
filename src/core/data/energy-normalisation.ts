/**
 * aenet's target normalisation (methods.md §3): per-atom cohesive energies of the TRAINING split span
 * [E_min, E_max]; scale = 2/(E_max − E_min), shift = (E_max + E_min)/2; Ê = (E − N·shift)·scale and
 * F̂ = F·scale, so per-atom targets lie in [−1, 1] and the tanh network starts in its useful range.
 */
import { LocatedError } from '../errors';

export interface EnergyNormalisation {
  scale: number;
  shift: number;
}

export function fitEnergyNormalisation(perAtomEnergies: ArrayLike<number>): EnergyNormalisation {
  if (perAtomEnergies.length === 0) throw new LocatedError('no training structures to fit the energy normalisation on', { field: 'data' }, 'at least one training structure');
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < perAtomEnergies.length; i++) {
    lo = Math.min(lo, perAtomEnergies[i]);
    hi = Math.max(hi, perAtomEnergies[i]);
  }
  // One structure or identical energies: no spread to scale by; keep the targets as they are.
  const scale = hi > lo ? 2 / (hi - lo) : 1;
  return { scale, shift: (hi + lo) / 2 };
}

export function normaliseEnergy(n: EnergyNormalisation, energy: number, nAtoms: number): number {
  return (energy - nAtoms * n.shift) * n.scale;
}

export function denormaliseEnergy(n: EnergyNormalisation, normalised: number, nAtoms: number): number {
  return normalised / n.scale + nAtoms * n.shift;
}
