// Structures and set-ups taken from aenet's own output (test/fixtures/reference/tio2-descriptors.json).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Structure } from '../../../src/core/structures/types';
import type { ChebyshevSetup } from '../../../src/core/descriptors/types';

export interface RefAtom { element: string; position: number[]; descriptor: number[]; descriptor_normalized: number[] }
export interface RefStructure {
  xsf: string; natoms: number; lattice_vectors_rows_A: number[][]; total_energy_eV: number;
  atoms: RefAtom[]; descriptor_jacobian?: { dG_dR: number[][][][] };
}
export interface RefNormalization { neval_atoms: number; sfval_avg: number[]; sfval_cov_second_moment: number[]; shift: number[]; scale: number[] }
export interface Reference {
  fingerprint_setup: { radial_Rc: number; radial_N: number; angular_Rc: number; angular_N: number; rmin: number; env_order: string[]; central_species: string[] };
  normalization: Record<string, RefNormalization>;
  structures: RefStructure[];
}

export const repoRoot = join(__dirname, '..', '..', '..');
export const reference: Reference = JSON.parse(readFileSync(join(repoRoot, 'test/fixtures/reference/tio2-descriptors.json'), 'utf8'));

export function referenceSetups(): ChebyshevSetup[] {
  const f = reference.fingerprint_setup;
  return f.central_species.map((element) => ({
    element, env: [...f.env_order], rmin: f.rmin,
    radialCutoff: f.radial_Rc, radialOrder: f.radial_N, angularCutoff: f.angular_Rc, angularOrder: f.angular_N,
  }));
}

export function referenceStructure(s: RefStructure): Structure {
  return {
    name: s.xsf, source: { file: s.xsf },
    species: s.atoms.map((a) => a.element),
    positions: Float64Array.from(s.atoms.flatMap((a) => a.position)),
    cell: Float64Array.from(s.lattice_vectors_rows_A.flat()),
    pbc: [true, true, true], energy: s.total_energy_eV, forces: null,
  };
}

export function byName(name: string): RefStructure {
  const s = reference.structures.find((x) => x.xsf === name);
  if (!s) throw new Error(`reference has no ${name}`);
  return s;
}
