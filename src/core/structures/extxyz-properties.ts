/**
 * The `Properties=name:type:count:…` column spec of extended XYZ. Types: S string, R real, I integer,
 * L logical. Only species (or Z), pos and forces are used; any other column is counted and skipped.
 * Forces are the column `forcesKey` names, or else the first of FORCE_COLUMNS present (GAP/MACE
 * training files keep the reference forces in `REF_forces`, next to a model's own `forces`).
 */
import { LocatedError } from '../errors';
import type { Where } from './text-lines';

export interface Column {
  name: string;
  type: 'S' | 'R' | 'I' | 'L';
  count: number;
  /** Index of the first token of this column in an atom line. */
  offset: number;
}

export interface ColumnLayout {
  columns: Column[];
  /** Tokens per atom line. */
  width: number;
  species: Column;
  pos: Column;
  forces: Column | null;
}

export const DEFAULT_PROPERTIES = 'species:S:1:pos:R:3';

/** Force columns looked for, in this order, when no key is named (matched without regard to case). */
export const FORCE_COLUMNS: readonly string[] = ['forces', 'force', 'REF_forces'];

/** `forcesKey`: the force column's name (any case); absent or null: the first of FORCE_COLUMNS. */
export function parseProperties(spec: string, where: Where, forcesKey?: string | null): ColumnLayout {
  const parts = spec.split(':');
  if (parts.length % 3 !== 0 || spec.trim() === '') {
    throw new LocatedError(`Properties '${spec}' is not a list of name:type:count triples`, where, 'e.g. species:S:1:pos:R:3:forces:R:3');
  }
  const columns: Column[] = [];
  const byName = new Map<string, Column>();
  let offset = 0;
  for (let k = 0; k < parts.length; k += 3) {
    const [name, type, countText] = parts.slice(k, k + 3);
    if (!/^[A-Za-z_][\w-]*$/.test(name)) throw new LocatedError(`bad column name '${name}' in Properties`, where, 'a column name');
    if (!/^[SRIL]$/.test(type)) throw new LocatedError(`bad type '${type}' of column ${name} in Properties`, where, 'S, R, I or L');
    if (!/^[1-9]\d*$/.test(countText)) throw new LocatedError(`bad count '${countText}' of column ${name} in Properties`, where, 'a positive integer');
    const key = name.toLowerCase();
    if (byName.has(key)) throw new LocatedError(`column ${name} appears twice in Properties`, where, 'each column once');
    const col: Column = { name, type: type as Column['type'], count: Number(countText), offset };
    offset += col.count;
    columns.push(col);
    byName.set(key, col);
  }
  const species = byName.get('species') ?? byName.get('z') ?? null;
  if (!species) throw new LocatedError("Properties has no species column", where, 'species:S:1 (or Z:I:1)');
  const speciesType = species.name.toLowerCase() === 'z' ? 'I' : 'S';
  if (species.type !== speciesType || species.count !== 1) {
    throw new LocatedError(`column ${species.name} is ${species.type}:${species.count}`, where, `${species.name}:${speciesType}:1`);
  }
  const pos = byName.get('pos') ?? byName.get('positions') ?? null;
  if (!pos) throw new LocatedError('Properties has no pos column', where, 'pos:R:3');
  if (pos.type !== 'R' || pos.count !== 3) throw new LocatedError(`column ${pos.name} is ${pos.type}:${pos.count}`, where, `${pos.name}:R:3`);
  const forceNames = forcesKey ? [forcesKey] : FORCE_COLUMNS;
  const forces = forceNames.map((n) => byName.get(n.toLowerCase())).find((c) => c !== undefined) ?? null;
  if (forces && (forces.type !== 'R' || forces.count !== 3)) {
    throw new LocatedError(`column ${forces.name} is ${forces.type}:${forces.count}`, where, `${forces.name}:R:3`);
  }
  return { columns, width: offset, species, pos, forces };
}
