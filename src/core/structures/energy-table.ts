/**
 * A text table of energies kept apart from the structure files (QM7's `hof_qm7.txt`, many QML data
 * sets): one row per structure, `NAME ENERGY [more columns]`, split at blanks. Column 1 is the name
 * (a file path or archive member, optionally `#k` for frame k of a multi-frame file); the energy is
 * column 2 unless told otherwise. Blank lines and lines starting with `#` are skipped, so a header
 * must be a comment. Values are converted to eV here, once.
 */
import { LocatedError } from '../errors';
import { parseStrictNumber, splitLines, tokenize } from './text-lines';
import type { EnergyUnit } from './types';
import { toElectronvoltFactor } from './units';

export interface EnergyRow {
  /** Column 1 as written. */
  name: string;
  /** Energy in eV. */
  energy: number;
  /** 1-based line in the table. */
  line: number;
}

export interface EnergyTable {
  /** Display name for errors: the path, or `archive.tar.gz:member`. */
  file: string;
  rows: EnergyRow[];
}

export interface EnergyTableOptions {
  /** 1-based column of the energy; column 1 is the name. Default 2. */
  column?: number;
  /** Unit of the energies in the table. Default eV. */
  units?: EnergyUnit;
}

/** Parses a whole table; any bad row throws a LocatedError at `file:line:column`. */
export function parseEnergyTable(text: string, file: string, opts: EnergyTableOptions = {}): EnergyTable {
  const column = opts.column ?? 2;
  if (!Number.isInteger(column) || column < 2) {
    throw new LocatedError(`energy column ${column} is not a value column`, { file, field: 'column' }, 'an integer ≥ 2 (column 1 is the name)');
  }
  const factor = toElectronvoltFactor(opts.units ?? 'eV');
  const rows: EnergyRow[] = [];
  const firstLine = new Map<string, number>();
  const lines = splitLines(text);
  for (let i = 0; i < lines.length; i++) {
    const line = i + 1;
    const { words, cols } = tokenize(lines[i]);
    if (words.length === 0 || words[0].startsWith('#')) continue;
    if (words.length < column) {
      throw new LocatedError(`row has ${words.length} column${words.length === 1 ? '' : 's'}, the energy is column ${column}`,
        { file, line, column: cols[0], field: 'energy' }, 'NAME ENERGY [more columns], blank-separated (a header line must start with #)');
    }
    const raw = words[column - 1];
    const value = parseStrictNumber(raw);
    if (Number.isNaN(value)) {
      throw new LocatedError(`bad number '${raw}' in column ${column}`, { file, line, column: cols[column - 1], field: 'energy' },
        'a finite decimal energy (a header line must start with #)');
    }
    const name = words[0];
    const before = firstLine.get(name);
    if (before !== undefined) {
      throw new LocatedError(`'${name}' is listed twice (lines ${before} and ${line})`, { file, line, column: cols[0], field: 'name' },
        'one row per structure');
    }
    firstLine.set(name, line);
    rows.push({ name, energy: factor * value, line });
  }
  if (rows.length === 0) throw new LocatedError('energy table has no rows', { file, line: 1 }, 'rows "NAME ENERGY"');
  return { file, rows };
}
