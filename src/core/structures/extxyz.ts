/**
 * Extended XYZ (ASE conventions), any number of frames: a count line, a key=value comment line
 * (Lattice, pbc, Properties, energy, …) and one line per atom with the Properties columns.
 * Energies and forces are converted from the caller's unit to eV and eV/Å. The energy is the comment
 * key `energyKey` names, or else the first of ENERGY_KEYS present (GAP/MACE files write `REF_energy`);
 * a `config_type` key becomes the structure's group (per-group errors in the report).
 */
import { LocatedError } from '../errors';
import { checkCell } from './cell';
import { elementSymbol } from './elements';
import { parseCommentLine, type CommentFields } from './extxyz-comment';
import { DEFAULT_PROPERTIES, parseProperties, type ColumnLayout } from './extxyz-properties';
import { STRUCTURE_LIMITS } from './limits';
import { numberAt, parseStrictNumber, quote, splitLines, tokenize, WordSpans } from './text-lines';
import type { EnergyUnit, Structure } from './types';
import { toElectronvoltFactor } from './units';
import type { ParseOptions } from './xsf';

/** Comment-line keys looked for, in this order, when no energy key is named (matched without regard to case). */
export const ENERGY_KEYS: readonly string[] = ['energy', 'REF_energy'];

export interface ExtxyzOptions extends ParseOptions {
  /** The comment-line key of the total energy; absent or null: the first of ENERGY_KEYS present. */
  energyKey?: string | null;
  /** The Properties column of the forces; absent or null: forces, force or REF_forces. */
  forcesKey?: string | null;
}

const TRUE = new Set(['t', 'true', '1']);
const FALSE = new Set(['f', 'false', '0']);

function parseLattice(fields: CommentFields, file: string, line: number): Float64Array | null {
  const f = fields.get('lattice');
  if (!f) return null;
  const where = { file, line, column: f.column, field: 'Lattice' };
  const words = f.value.trim().split(/\s+/).filter(Boolean);
  if (words.length !== 9) throw new LocatedError(`Lattice has ${words.length} numbers`, where, 'Lattice="ax ay az bx by bz cx cy cz" (9 numbers, Å)');
  const cell = Float64Array.from(words, (w) => numberAt(w, where, 'a lattice component in Å'));
  checkCell(cell, where);
  return cell;
}

function parsePbc(fields: CommentFields, hasLattice: boolean, file: string, line: number): [boolean, boolean, boolean] {
  const f = fields.get('pbc');
  if (!f) return hasLattice ? [true, true, true] : [false, false, false];
  const where = { file, line, column: f.column, field: 'pbc' };
  const words = f.value.trim().split(/\s+/).filter(Boolean).map((w) => w.toLowerCase());
  if (words.length !== 3 || words.some((w) => !TRUE.has(w) && !FALSE.has(w))) {
    throw new LocatedError(`bad pbc '${f.value}'`, where, 'pbc="T T T" (three of T/F)');
  }
  const pbc = words.map((w) => TRUE.has(w)) as [boolean, boolean, boolean];
  if (!hasLattice && pbc.some(Boolean)) throw new LocatedError('periodic frame without Lattice', where, 'a Lattice="…" for a periodic frame');
  return pbc;
}

/** Parses one frame starting at the count line (0-based index); returns the structure and the next index. */
interface FrameContext {
  file: string;
  factor: number;
  opts: ExtxyzOptions;
  /** Column layouts by Properties text: every frame of a file usually repeats the same one. */
  layouts: Map<string, ColumnLayout>;
  spans: WordSpans;
}

function parseFrame(lines: string[], start: number, frame: number, ctx: FrameContext): [Structure, number] {
  const { file, factor, opts } = ctx;
  const countLine = start + 1;
  const head = tokenize(lines[start]);
  const natoms = head.words.length === 1 && /^\+?\d+$/.test(head.words[0]) ? Number(head.words[0]) : -1;
  if (natoms <= 0) {
    throw new LocatedError(`bad atom count line ${quote(lines[start])}`, { file, line: countLine, column: head.cols[0], field: 'count' },
      'a positive number of atoms alone on the line');
  }
  const commentLine = countLine + 1;
  if (commentLine > lines.length) {
    throw new LocatedError('frame ends after its count line', { file, line: countLine, field: 'comment' }, 'a comment line and atom lines');
  }
  const comment = lines[commentLine - 1];
  const fields = parseCommentLine(comment, file, commentLine);
  const props = fields.get('properties');
  const spec = props?.value ?? DEFAULT_PROPERTIES;
  let layout = ctx.layouts.get(spec);
  if (!layout) {
    layout = parseProperties(spec, { file, line: commentLine, column: props?.column, field: 'Properties' }, opts.forcesKey);
    ctx.layouts.set(spec, layout);
  }
  const cell = parseLattice(fields, file, commentLine);
  const pbc = parsePbc(fields, cell !== null, file, commentLine);

  let energy: number | null = null;
  const energyKeys = opts.energyKey ? [opts.energyKey] : ENERGY_KEYS;
  const e = energyKeys.map((k) => fields.get(k.toLowerCase())).find((f) => f !== undefined);
  if (e) energy = factor * numberAt(e.value, { file, line: commentLine, column: e.column, field: e.key }, 'the total energy, a finite number');
  else if (opts.requireEnergy !== false) {
    const named = energyKeys.map((k) => `${k}=<E>`).join(' or ');
    throw new LocatedError(`frame has no energy (looked for ${energyKeys.join(', ')})`, { file, line: commentLine, field: energyKeys[0] },
      `${named} on the comment line${opts.energyKey ? '' : ', data.energy_key naming the key'}, or energies from a data.energies table (plain XYZ)`);
  }
  const configType = fields.get('config_type')?.value.trim();

  // Sized by what the file can hold, so an absurd count is reported below instead of exhausting memory.
  const room = Math.min(natoms, lines.length - commentLine);
  const species: string[] = [];
  const positions = new Float64Array(3 * room);
  const forces = layout.forces ? new Float64Array(3 * room) : null;
  const w = ctx.spans;
  const number = (raw: string, line: number, k: number, field: string): number => {
    const v = parseStrictNumber(raw, w.starts[k], w.ends[k]);
    if (Number.isNaN(v)) {
      throw new LocatedError(`bad number '${w.word(raw, k)}'`, { file, line, column: w.starts[k] + 1, field }, 'a finite decimal number');
    }
    return v;
  };
  for (let a = 0; a < natoms; a++) {
    const line = commentLine + 1 + a;
    const raw = line <= lines.length ? lines[line - 1] : '';
    const count = w.scan(raw);
    if (count === 0 || (count === 1 && /^\d+$/.test(w.word(raw, 0)))) {
      // The file ended, or the next frame began: reported at the count that promised more atoms.
      // The count as written: a 20-digit count would print rounded.
      const declared = head.words[0].replace(/^\+/, '');
      throw new LocatedError(`frame declares ${declared} atoms but has ${a}`, { file, line: countLine, column: head.cols[0], field: 'atoms' },
        `${declared} atom lines after line ${commentLine}`);
    }
    if (count !== layout.width) {
      throw new LocatedError(`atom line has ${count} columns, Properties declares ${layout.width}`,
        { file, line, column: w.starts[0] + 1, field: 'Properties' },
        `${layout.width} columns (${layout.columns.map((c) => `${c.name}:${c.count}`).join(' ')})`);
    }
    const sp = w.word(raw, layout.species.offset);
    const el = elementSymbol(sp);
    if (!el) {
      throw new LocatedError(`unknown element '${sp}'`, { file, line, column: w.starts[layout.species.offset] + 1, field: 'species' },
        'an element symbol (H…Og) or atomic number 1…118');
    }
    species.push(el);
    for (let c = 0; c < 3; c++) {
      const x = number(raw, line, layout.pos.offset + c, layout.pos.name);
      if (Math.abs(x) > STRUCTURE_LIMITS.maxCoordinate) {
        const k = layout.pos.offset + c;
        throw new LocatedError(`coordinate ${w.word(raw, k)} Å`, { file, line, column: w.starts[k] + 1, field: layout.pos.name }, `|coordinate| ≤ ${STRUCTURE_LIMITS.maxCoordinate} Å`);
      }
      positions[3 * a + c] = x;
    }
    if (forces && layout.forces) {
      for (let c = 0; c < 3; c++) forces[3 * a + c] = factor * number(raw, line, layout.forces.offset + c, layout.forces.name);
    }
  }
  const periodic = pbc.some(Boolean);
  const structure: Structure = {
    name: `${file}#${frame}`,
    source: { file, frame, line: countLine },
    species,
    positions,
    cell: periodic ? cell : null,
    pbc,
    energy,
    forces,
    ...(configType ? { group: configType } : {}),
  };
  return [structure, commentLine + natoms];
}

/**
 * Parses every frame of an extended-XYZ text. `unit` is the unit of its energies (forces: per Å);
 * frames are named `file#0`, `file#1`, … (0-based like ASE's index).
 */
export function parseExtxyz(text: string, file: string, unit: EnergyUnit = 'eV', opts: ExtxyzOptions = {}): Structure[] {
  const lines = splitLines(text);
  const ctx: FrameContext = { file, factor: toElectronvoltFactor(unit), opts, layouts: new Map(), spans: new WordSpans() };
  const out: Structure[] = [];
  let i = 0;
  let lastCountLine = 0;
  let lastWidth = 0;
  let lastNatoms = 0;
  while (i < lines.length) {
    if (lines[i].trim() === '') { i++; continue; }
    const words = tokenize(lines[i]).words;
    if (out.length && words.length === lastWidth && words.length > 1 && elementSymbol(words[0])) {
      throw new LocatedError(`more atom lines than the ${lastNatoms} declared on line ${lastCountLine}`,
        { file, line: i + 1, column: 1, field: 'atoms' }, `exactly ${lastNatoms} atom lines, then the next frame's count`);
    }
    const [s, next] = parseFrame(lines, i, out.length, ctx);
    lastCountLine = i + 1;
    lastNatoms = s.species.length;
    lastWidth = tokenize(lines[i + 2]).words.length;
    out.push(s);
    i = next;
  }
  if (out.length === 0) throw new LocatedError('empty file', { file, line: 1 }, 'an extended-XYZ frame (count line, comment line, atom lines)');
  return out;
}
