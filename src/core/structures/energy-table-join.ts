/**
 * Gives every structure its energy from a separate table, matching a row's name to the structure's
 * file: the archive member path for archive members, else the file's path. A row names a file by its
 * whole path or by any tail of it that starts at a folder boundary (`qm7/0001.xyz` and `0001.xyz`
 * both name `/data/qm7/0001.xyz`), so tables written next to their files join without editing.
 * Every structure needs exactly one row (an error names the first few that have none); rows that
 * name no structure are only reported back (a table may cover more data than a run reads).
 */
import { resolve } from 'node:path';
import { LocatedError } from '../errors';
import type { EnergyRow, EnergyTable } from './energy-table';
import { energyTableName, readEnergyTable, type EnergyTableSource } from './energy-table-source';
import type { Structure } from './types';

export interface JoinResult {
  /** Rows that named no structure read. */
  unmatched: EnergyRow[];
  /** Structures whose own file energy the table replaced. */
  replaced: number;
}

/** How many missing names an error spells out. */
const SHOWN = 5;

function normalize(path: string): string {
  return path.replace(/\\/g, '/').replace(/^(\.\/)+/, '');
}

/** The path a table row can name: archive member, or the file's absolute path. */
function fileKey(s: Structure, cwd: string): string {
  return s.source.member !== undefined ? normalize(s.source.member) : normalize(resolve(cwd, s.source.file));
}

/** Every tail of `key` that starts after a '/' (and `key` itself). */
function tails(key: string): string[] {
  const out = [key];
  for (let i = key.indexOf('/'); i >= 0; i = key.indexOf('/', i + 1)) if (i + 1 < key.length) out.push(key.slice(i + 1));
  return out;
}

/**
 * Sets `energy` (eV) of every structure from `table`; throws a LocatedError when a structure has no
 * row, a row fits several files or several frames, or two rows name the same structure.
 */
export function joinEnergyTable(structures: Structure[], table: EnergyTable, cwd = process.cwd()): JoinResult {
  const framesOf = new Map<string, number[]>();
  structures.forEach((s, i) => {
    const key = fileKey(s, cwd);
    const list = framesOf.get(key);
    if (list) list.push(i); else framesOf.set(key, [i]);
  });
  const keysByTail = new Map<string, string[]>();
  for (const key of framesOf.keys()) {
    for (const t of tails(key)) {
      const list = keysByTail.get(t);
      if (list) list.push(key); else keysByTail.set(t, [key]);
    }
  }
  const file = table.file;
  const lookup = (name: string, row: EnergyRow): string | null => {
    const keys = keysByTail.get(name);
    if (!keys) return null;
    if (keys.length > 1) {
      throw new LocatedError(`'${row.name}' fits ${keys.length} files (${keys.slice(0, 3).join(', ')}${keys.length > 3 ? ', …' : ''})`,
        { file, line: row.line, column: 1, field: 'name' }, 'a name that fits one file: spell more of its path');
    }
    return keys[0];
  };

  const rowOf = new Int32Array(structures.length).fill(-1);
  const unmatched: EnergyRow[] = [];
  let replaced = 0;
  table.rows.forEach((row, r) => {
    const name = normalize(row.name);
    let target = -1;
    const key = lookup(name, row);
    if (key !== null) {
      const frames = framesOf.get(key)!;
      if (frames.length > 1) {
        throw new LocatedError(`'${row.name}' holds ${frames.length} frames`, { file, line: row.line, column: 1, field: 'name' },
          `one row per frame, named ${row.name}#0 … ${row.name}#${frames.length - 1}`);
      }
      target = frames[0];
    } else {
      // `file#k`: frame k (0-based, as in structure names) of a multi-frame file.
      const m = /^(.*)#(\d+)$/.exec(name);
      const base = m ? lookup(m[1], row) : null;
      if (m && base !== null) target = framesOf.get(base)!.find((i) => structures[i].source.frame === Number(m[2])) ?? -1;
    }
    if (target < 0) { unmatched.push(row); return; }
    if (rowOf[target] >= 0) {
      const other = table.rows[rowOf[target]];
      throw new LocatedError(`'${row.name}' and '${other.name}' (line ${other.line}) name the same structure ${structures[target].name}`,
        { file, line: row.line, column: 1, field: 'name' }, 'one row per structure');
    }
    rowOf[target] = r;
    if (structures[target].energy !== null) replaced++;
    structures[target].energy = row.energy;
  });

  const missing: string[] = [];
  let count = 0;
  for (let i = 0; i < structures.length; i++) {
    if (rowOf[i] >= 0) continue;
    if (count++ < SHOWN) missing.push(structures[i].name);
  }
  if (count) {
    throw new LocatedError(`${count} of ${structures.length} structures have no row in the energy table: ${missing.join(', ')}${count > SHOWN ? ', …' : ''}`,
      { file, field: 'data.energies' }, 'a row "NAME ENERGY" for every structure, NAME its file or archive member path (or a tail of it)');
  }
  return { unmatched, replaced };
}

/**
 * Reads the table named by `src` and joins it to `structures` (errors as joinEnergyTable); returns
 * the warnings a run should show: rows for no structure, file energies the table replaced.
 */
export function applyEnergyTable(structures: Structure[], src: EnergyTableSource, cwd = process.cwd()): string[] {
  const { unmatched, replaced } = joinEnergyTable(structures, readEnergyTable(src, cwd), cwd);
  const warnings: string[] = [];
  const name = energyTableName(src);
  if (unmatched.length) {
    const first = unmatched.slice(0, SHOWN).map((r) => `'${r.name}' (line ${r.line})`).join(', ');
    warnings.push(`${name}: ${unmatched.length} ${unmatched.length === 1 ? 'row names' : 'rows name'} no structure read: ${first}${unmatched.length > SHOWN ? ', …' : ''}`);
  }
  if (replaced) warnings.push(`${name}: the table's energies replace the energies of ${replaced} structure file${replaced === 1 ? '' : 's'}`);
  return warnings;
}
