/**
 * aenet's XSF dialect of XCrySDen's format: one structure per file, periodic
 * (CRYSTAL/SLAB/POLYMER + PRIMVEC + PRIMCOORD) or molecular (ATOMS), atom lines
 * `symbol-or-Z x y z [fx fy fz]` in Å and eV/Å, and the total energy in a comment line
 * `# total energy = E eV`.
 */
import { LocatedError } from '../errors';
import { checkCell } from './cell';
import { elementSymbol } from './elements';
import { STRUCTURE_LIMITS } from './limits';
import { countAt, numberAt, quote, splitLines, tokenize } from './text-lines';
import { AtomCollector, isKeyword } from './xsf-atoms';
import type { Structure } from './types';

export interface ParseOptions {
  /** Whether a structure without an energy is an error (training needs energies). Default true. */
  requireEnergy?: boolean;
}

type Dimensionality = 'CRYSTAL' | 'SLAB' | 'POLYMER' | 'MOLECULE';
const PBC: Record<Dimensionality, [boolean, boolean, boolean]> = {
  CRYSTAL: [true, true, true],
  SLAB: [true, true, false],
  POLYMER: [true, false, false],
  MOLECULE: [false, false, false],
};
// The value may touch its unit ('-5.0eV'); the lazy match leaves the letters to the unit.
const ENERGY = /^#\s*total\s+energy\s*=\s*(\S+?)\s*([A-Za-z]+)?\s*$/i;
const ENERGY_LIKE = /^#\s*total\s+energy\s*[:=]/i;

function isSkippable(line: string): boolean {
  const t = line.trim();
  return t === '' || t.startsWith('#');
}

/** Parses one XSF file's text. `file` names it in errors (`archive.tar.gz:member` inside archives). */
export function parseXsf(text: string, file: string, opts: ParseOptions = {}): Structure {
  const lines = splitLines(text);
  const n = lines.length;
  if (lines.every((l) => l.trim() === '')) {
    throw new LocatedError('empty file', { file, line: 1 }, 'an XSF structure');
  }
  let energy: number | null = null;
  let energyLine = 0;
  let dim: Dimensionality | null = null;
  let dimLine = 0;
  let cell: Float64Array | null = null;
  let coordLine = 0;
  const atoms = new AtomCollector(file);

  const readVectors = (kwLine: number, field: string): Float64Array => {
    const v = new Float64Array(9);
    for (let r = 0; r < 3; r++) {
      const line = kwLine + 1 + r;
      if (line > n || lines[line - 1].trim() === '') {
        throw new LocatedError(`${field} has ${r} of 3 lattice vectors`, { file, line: Math.min(line, n), field }, 'three lines of x y z (Å)');
      }
      const { words, cols } = tokenize(lines[line - 1]);
      if (isKeyword(words[0]) || lines[line - 1].trim().startsWith('#')) {
        throw new LocatedError(`${field} has ${r} of 3 lattice vectors`, { file, line, column: cols[0], field }, 'three lines of x y z (Å)');
      }
      if (words.length !== 3) {
        throw new LocatedError(`lattice vector line has ${words.length} columns`, { file, line, column: cols[0], field }, 'three numbers x y z (Å)');
      }
      for (let c = 0; c < 3; c++) v[3 * r + c] = numberAt(words[c], { file, line, column: cols[c], field });
    }
    return v;
  };

  /** Reads `count` atom lines after a `N 1` header into `into`; returns the next line index (0-based). */
  const readCoordBlock = (kwLine: number, field: string, into: AtomCollector): number => {
    const headLine = kwLine + 1;
    if (headLine > n || lines[headLine - 1].trim() === '') {
      throw new LocatedError(`${field} has no atom count line`, { file, line: Math.min(headLine, n), field }, "'N 1' (number of atoms, 1)");
    }
    const head = tokenize(lines[headLine - 1]);
    if (head.words.length < 1 || head.words.length > 2 || (head.words.length === 2 && head.words[1] !== '1')) {
      throw new LocatedError(`bad ${field} header ${quote(lines[headLine - 1])}`, { file, line: headLine, column: head.cols[0], field }, "'N 1' (number of atoms, 1)");
    }
    const count = countAt(head.words[0], { file, line: headLine, column: head.cols[0], field }, 'the number of atoms, a positive integer');
    if (count === 0) throw new LocatedError('zero atoms declared', { file, line: headLine, column: head.cols[0], field }, 'at least one atom');
    if (count > STRUCTURE_LIMITS.maxAtoms) {
      throw new LocatedError(`${head.words[0]} atoms declared`, { file, line: headLine, column: head.cols[0], field }, `at most ${STRUCTURE_LIMITS.maxAtoms} atoms`);
    }
    for (let a = 0; a < count; a++) {
      const line = headLine + 1 + a;
      if (line > n || !into.add(lines[line - 1], line)) {
        // Reported at the count: the missing line has no place of its own to point at.
        throw new LocatedError(`${field} declares ${count} atoms but has ${a}`, { file, line: headLine, column: head.cols[0], field },
          `${count} atom lines after line ${headLine}`);
      }
    }
    // One more atom-like line right after the block means the count is too small.
    let next = headLine + count;
    while (next < n && isSkippable(lines[next])) next++;
    if (next < n) {
      const tok = tokenize(lines[next]);
      if (!isKeyword(tok.words[0]) && elementSymbol(tok.words[0])) {
        throw new LocatedError(`more atom lines than the ${count} declared on line ${headLine}`,
          { file, line: next + 1, column: tok.cols[0], field }, `exactly ${count} atom lines`);
      }
    }
    return headLine + count;
  };

  let i = 0;
  while (i < n) {
    const raw = lines[i];
    const line = i + 1;
    const t = raw.trim();
    if (t === '') { i++; continue; }
    if (t.startsWith('#')) {
      const m = ENERGY.exec(t);
      if (m) {
        if (energyLine) throw new LocatedError(`second total energy line (first on line ${energyLine})`, { file, line, field: 'energy' }, 'one total energy');
        energy = numberAt(m[1], { file, line, column: raw.indexOf(m[1]) + 1, field: 'energy' }, 'the total energy in eV');
        if ((m[2] ?? '').toLowerCase() !== 'ev') {
          throw new LocatedError(m[2] ? `total energy unit '${m[2]}'` : 'total energy without its unit', { file, line, field: 'energy' },
            "'# total energy = <E> eV'");
        }
        energyLine = line;
      } else if (ENERGY_LIKE.test(t)) {
        throw new LocatedError(`malformed energy comment ${quote(t)}`, { file, line, field: 'energy' }, "'# total energy = <E> eV'");
      }
      i++;
      continue;
    }
    const tok = tokenize(raw);
    const kw = tok.words[0].toUpperCase();
    const where = { file, line, column: tok.cols[0], field: kw };
    if (isKeyword(kw) && tok.words.length > 1) {
      const what = kw === 'PRIMVEC' || kw === 'PRIMCOORD' || kw === 'ANIMSTEPS' ? 'a single structure (animated XSF is not supported)' : `${kw} alone on its line`;
      throw new LocatedError(`unexpected text after ${kw}`, { ...where, column: tok.cols[1] }, what);
    }
    switch (kw) {
      case 'CRYSTAL': case 'SLAB': case 'POLYMER': case 'MOLECULE':
        if (dim) throw new LocatedError(`${kw} after ${dim} (line ${dimLine})`, where, 'one dimensionality keyword');
        dim = kw; dimLine = line; i++;
        break;
      case 'PRIMVEC': case 'CONVVEC': {
        if (!dim) throw new LocatedError(`${kw} before CRYSTAL, SLAB, POLYMER or MOLECULE`, where, 'the dimensionality keyword first');
        if (kw === 'PRIMVEC' && cell) throw new LocatedError('second PRIMVEC', where, 'one PRIMVEC block');
        if (kw === 'PRIMVEC' && coordLine) throw new LocatedError('PRIMVEC after the atoms', where, 'PRIMVEC before PRIMCOORD');
        const v = readVectors(line, kw);
        if (kw === 'PRIMVEC') { checkCell(v, where); cell = v; }
        i += 4;
        break;
      }
      case 'PRIMCOORD': case 'CONVCOORD': {
        if (!dim) throw new LocatedError(`${kw} before CRYSTAL, SLAB, POLYMER or MOLECULE`, where, 'the dimensionality keyword first');
        if (dim !== 'MOLECULE' && !cell) throw new LocatedError(`${kw} of a periodic structure without PRIMVEC`, { ...where, field: 'PRIMVEC' }, 'PRIMVEC and its three lattice vectors before the coordinates');
        if (kw === 'PRIMCOORD') {
          if (coordLine) throw new LocatedError(`second atom block (first on line ${coordLine})`, where, 'one PRIMCOORD block');
          coordLine = line;
          i = readCoordBlock(line, kw, atoms);
        } else {
          i = readCoordBlock(line, kw, new AtomCollector(file)); // conventional cell: not used
        }
        break;
      }
      case 'ATOMS': {
        if (dim && dim !== 'MOLECULE') throw new LocatedError(`ATOMS in a ${dim} file`, where, 'PRIMCOORD for a periodic structure');
        if (coordLine) throw new LocatedError(`second atom block (first on line ${coordLine})`, where, 'one ATOMS block');
        coordLine = line;
        i++;
        while (i < n) {
          if (isSkippable(lines[i])) { i++; continue; }
          if (!atoms.add(lines[i], i + 1)) break;
          i++;
        }
        if (atoms.species.length === 0) throw new LocatedError('ATOMS block without atoms', where, 'atom lines: symbol x y z [fx fy fz]');
        break;
      }
      default:
        if (kw === 'ANIMSTEPS' || kw.startsWith('BEGIN_') || kw.startsWith('END_')) {
          throw new LocatedError(`${kw} is not supported`, where, 'a single structure without data grids');
        }
        if (elementSymbol(tok.words[0])) {
          throw new LocatedError(`atom line outside a PRIMCOORD or ATOMS block`, where, 'atoms after PRIMCOORD/N 1 or ATOMS');
        }
        throw new LocatedError(`unknown keyword ${quote(tok.words[0], 20)}`, where, 'CRYSTAL, PRIMVEC, PRIMCOORD, ATOMS or a # comment');
    }
  }

  if (!coordLine) {
    let last = n;
    while (last > 1 && lines[last - 1].trim() === '') last--;
    throw new LocatedError(dim ? `${dim} structure has no atoms` : 'no atoms',
      { file, line: dim ? dimLine : last, field: dim && dim !== 'MOLECULE' ? 'PRIMCOORD' : 'ATOMS' },
      dim && dim !== 'MOLECULE' ? 'a PRIMCOORD block' : 'an ATOMS or PRIMCOORD block');
  }
  if (energy === null && opts.requireEnergy !== false) {
    throw new LocatedError('no total energy', { file, line: 1, field: 'energy' }, "a first line '# total energy = <E> eV'");
  }
  const periodic = dim !== null && dim !== 'MOLECULE';
  return {
    name: file,
    source: { file, line: 1 },
    species: atoms.species,
    positions: Float64Array.from(atoms.positions),
    cell: periodic ? cell : null,
    pbc: periodic ? [...PBC[dim as Dimensionality]] as [boolean, boolean, boolean] : [false, false, false],
    energy,
    forces: atoms.withForces ? Float64Array.from(atoms.forces) : null,
  };
}
