/**
 * The structures a training run can use, and for each one it cannot, the reason: energies or forces
 * that are not finite or far beyond physical magnitudes (|E|/atom > 1e7 eV would swamp the energy
 * normalisation and vanish from the metrics later), and atoms at one place (duplicated positions,
 * atoms closer than 0.1 Å). Excluded structures are listed, never silently dropped.
 */
import { STRUCTURE_LIMITS as L } from './limits';
import type { Structure } from './types';

export interface Exclusion {
  name: string;
  reason: string;
}

/** The first pair of atoms closer than the minimum distance (a grid of that side: each atom checks 27 cells). */
function overlappingPair(p: Float64Array): [number, number, number] | null {
  const d = L.minAtomDistance;
  const cells = new Map<string, number[]>();
  const n = p.length / 3;
  for (let i = 0; i < n; i++) {
    const cx = Math.floor(p[3 * i]! / d), cy = Math.floor(p[3 * i + 1]! / d), cz = Math.floor(p[3 * i + 2]! / d);
    for (let a = -1; a <= 1; a++) for (let b = -1; b <= 1; b++) for (let c = -1; c <= 1; c++) {
      for (const j of cells.get(`${cx + a},${cy + b},${cz + c}`) ?? []) {
        const r = Math.hypot(p[3 * i]! - p[3 * j]!, p[3 * i + 1]! - p[3 * j + 1]!, p[3 * i + 2]! - p[3 * j + 2]!);
        if (r < d) return [j, i, r];
      }
    }
    const key = `${cx},${cy},${cz}`;
    const list = cells.get(key);
    if (list) list.push(i); else cells.set(key, [i]);
  }
  return null;
}

/** Why `s` cannot be trained on or evaluated, or null when it can. */
export function exclusionReason(s: Structure): string | null {
  const n = s.species.length;
  if (s.energy !== null && !(Math.abs(s.energy) / n <= L.maxEnergyPerAtom)) {
    return `energy ${s.energy} eV is not a plausible total energy (|E|/atom over ${L.maxEnergyPerAtom} eV)`;
  }
  if (s.forces) {
    for (let k = 0; k < s.forces.length; k++) {
      if (!(Math.abs(s.forces[k]!) <= L.maxForce)) return `force component ${s.forces[k]} eV/Å on atom ${Math.floor(k / 3) + 1} (|F| over ${L.maxForce} eV/Å)`;
    }
  }
  for (let k = 0; k < s.positions.length; k++) {
    if (!Number.isFinite(s.positions[k]!)) return `position of atom ${Math.floor(k / 3) + 1} is not finite`;
  }
  const pair = overlappingPair(s.positions);
  if (pair) {
    const [i, j, r] = pair;
    return r === 0 ? `atoms ${i + 1} and ${j + 1} share one position` : `atoms ${i + 1} and ${j + 1} overlap (${r.toPrecision(3)} Å apart)`;
  }
  return null;
}

export function screenStructures(structures: readonly Structure[]): { kept: Structure[]; excluded: Exclusion[] } {
  const kept: Structure[] = [];
  const excluded: Exclusion[] = [];
  for (const s of structures) {
    const reason = exclusionReason(s);
    if (reason) excluded.push({ name: s.name, reason });
    else kept.push(s);
  }
  return { kept, excluded };
}
