/**
 * Atom lines of an XSF PRIMCOORD or ATOMS block (`symbol-or-Z x y z [fx fy fz]`) and the keyword
 * test that tells where a block ends.
 */
import { LocatedError } from '../errors';
import { elementSymbol } from './elements';
import { STRUCTURE_LIMITS } from './limits';
import { parseStrictNumber, WordSpans } from './text-lines';

const KEYWORDS = new Set([
  'CRYSTAL', 'SLAB', 'POLYMER', 'MOLECULE', 'PRIMVEC', 'CONVVEC', 'PRIMCOORD', 'CONVCOORD', 'ATOMS', 'ANIMSTEPS',
]);

export function isKeyword(word: string): boolean {
  if (word.length <= 2) return false; // element symbols, the common case
  const w = word.toUpperCase();
  return KEYWORDS.has(w) || w.startsWith('BEGIN_') || w.startsWith('END_');
}

/** Collects the atoms of one block; the first atom line decides whether every line carries forces. */
export class AtomCollector {
  species: string[] = [];
  positions: number[] = [];
  forces: number[] = [];
  /** Line of the first atom: decides whether forces are present. */
  firstLine = 0;
  withForces = false;
  private readonly spans = new WordSpans();

  constructor(private readonly file: string) {}

  /**
   * Reads one atom line; returns false, changing nothing, when the line is blank, a comment or a
   * keyword (the block has ended). Hot path: no substrings but the species.
   */
  add(raw: string, line: number): boolean {
    const w = this.spans;
    const count = w.scan(raw);
    if (count === 0 || raw.charCodeAt(w.starts[0]) === 35 /* # */) return false;
    const first = w.word(raw, 0);
    if (isKeyword(first)) return false;
    const file = this.file;
    if (count !== 4 && count !== 7) {
      throw new LocatedError(`atom line has ${count} columns`, { file, line, column: w.starts[0] + 1, field: 'atom' },
        'symbol x y z, or symbol x y z fx fy fz');
    }
    if (this.species.length === 0) {
      this.firstLine = line;
      this.withForces = count === 7;
    } else if ((count === 7) !== this.withForces) {
      throw new LocatedError(
        `forces on some atoms only: this line has ${count} columns, line ${this.firstLine} has ${this.withForces ? 7 : 4}`,
        { file, line, column: w.starts[0] + 1, field: 'forces' },
        'forces on every atom or on none');
    }
    const el = elementSymbol(first);
    if (!el) {
      throw new LocatedError(`unknown element '${first}'`, { file, line, column: w.starts[0] + 1, field: 'species' },
        'an element symbol (H…Og) or atomic number 1…118');
    }
    for (let k = 1; k < count; k++) {
      const v = parseStrictNumber(raw, w.starts[k], w.ends[k]);
      if (Number.isNaN(v)) {
        throw new LocatedError(`bad number '${w.word(raw, k)}'`, { file, line, column: w.starts[k] + 1, field: k < 4 ? 'position' : 'forces' },
          'a finite decimal number');
      }
      if (k < 4 && Math.abs(v) > STRUCTURE_LIMITS.maxCoordinate) {
        throw new LocatedError(`coordinate ${w.word(raw, k)} Å`, { file, line, column: w.starts[k] + 1, field: 'position' }, `|coordinate| ≤ ${STRUCTURE_LIMITS.maxCoordinate} Å`);
      }
      if (k < 4) this.positions.push(v);
      else this.forces.push(v);
    }
    this.species.push(el);
    return true;
  }
}
