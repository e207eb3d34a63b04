/**
 * aenet train.x's `energies.train.N` / `energies.test.N` (SAVE_ENERGIES): one line per structure with
 * the reference and network energies, relative to the free atoms, and the structure's path.
 * Columns: Ref(eV) ANN(eV) #atoms Ref(eV/atom) ANN(eV/atom) Ref-ANN(eV/atom) Cost-Func #type… path.
 */
import { LocatedError } from '../errors';

export interface AenetEnergiesRow {
  /** 1-based line in the file. */
  line: number;
  refEnergy: number;
  annEnergy: number;
  nAtoms: number;
  refPerAtom: number;
  annPerAtom: number;
  /** Atom counts per species, in the training set's species order. */
  typeCounts: number[];
  path: string;
}

export function parseAenetEnergies(text: string, file: string): AenetEnergiesRow[] {
  const rows: AenetEnergiesRow[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, idx) => {
    const t = raw.trim();
    if (!t || /^Ref\(eV\)/.test(t)) return;
    const tok = t.split(/\s+/);
    const where = { file, line: idx + 1 };
    if (tok.length < 8) throw new LocatedError(`${tok.length} columns`, where, 'Ref(eV) ANN(eV) #atoms Ref/atom ANN/atom diff cost, atom counts and a path');
    const num = (k: number, what: string) => {
      const v = Number(tok[k]);
      if (!Number.isFinite(v)) throw new LocatedError(`"${tok[k]}" is not a number`, { ...where, column: k + 1, field: what }, 'a number');
      return v;
    };
    const nAtoms = num(2, '#atoms');
    if (!Number.isInteger(nAtoms) || nAtoms < 1) throw new LocatedError(`atom count ${tok[2]}`, { ...where, field: '#atoms' }, 'a positive integer');
    rows.push({
      line: idx + 1,
      refEnergy: num(0, 'Ref(eV)'), annEnergy: num(1, 'ANN(eV)'), nAtoms,
      refPerAtom: num(3, 'Ref(eV/atom)'), annPerAtom: num(4, 'ANN(eV/atom)'),
      typeCounts: tok.slice(7, -1).map((_, k) => num(7 + k, '#type')),
      path: tok[tok.length - 1],
    });
  });
  return rows;
}
