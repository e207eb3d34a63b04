/**
 * Where an energy table lives: a text file (optionally `.gz`), or a member of a `.tar.gz`/`.tgz`/`.tar`
 * archive (QM7 ships `hof_qm7.txt` beside its `qm7/*.xyz` in one archive). Named as
 * `{ file, member }` rather than one `archive:member` string, so no path has to be split at a colon.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { LocatedError } from '../errors';
import { gunzipLocated, isGzip } from './gzip';
import { formatFromName } from './inputs';
import { parseEnergyTable, type EnergyTable } from './energy-table';
import { readTar } from './tar';
import type { EnergyUnit } from './types';

export interface EnergyTableSource {
  /** The table, or the tar archive that holds it; relative paths start at the reader's cwd. */
  file: string;
  /** The table's path inside the archive (required for an archive, refused otherwise). */
  member?: string | null;
  /** 1-based column of the energy; column 1 is the name. Default 2. */
  column?: number;
  /** Unit of the table's energies. Default eV. */
  units?: EnergyUnit;
}

/** Display name of the table in messages: `file` or `file:member`. */
export function energyTableName(src: EnergyTableSource): string {
  return src.member ? `${src.file}:${src.member}` : src.file;
}

/** The table's text, out of its archive and gzip as needed; every failure is a LocatedError. */
export function readEnergyTableText(src: EnergyTableSource, cwd = process.cwd()): string {
  let bytes: Buffer;
  try {
    bytes = readFileSync(resolve(cwd, src.file));
  } catch (e) {
    throw new LocatedError(`cannot read energy table (${(e as NodeJS.ErrnoException).code ?? 'error'})`, { file: src.file, field: 'data.energies.file' },
      'a readable text table or archive');
  }
  const archive = formatFromName(src.file)?.kind === 'archive';
  if (!archive) {
    if (src.member) {
      throw new LocatedError(`'${src.file}' is not an archive, so it has no member '${src.member}'`, { file: src.file, field: 'data.energies.member' },
        'a .tar.gz, .tgz or .tar file, or no member');
    }
    return (isGzip(bytes) ? gunzipLocated(bytes, src.file) : bytes).toString('utf8');
  }
  if (!src.member) {
    throw new LocatedError('the energy table is an archive; name the table inside it', { file: src.file, field: 'data.energies.member' },
      'member: PATH_IN_ARCHIVE (e.g. hof_qm7.txt)');
  }
  const tar = isGzip(bytes) ? gunzipLocated(bytes, src.file) : bytes;
  const want = src.member.replace(/^(\.\/)+/, '');
  const entries = readTar(tar, src.file);
  const entry = entries.find((e) => e.name === want);
  if (!entry) {
    const others = entries.filter((e) => !formatFromName(e.name)).map((e) => e.name).slice(0, 5);
    throw new LocatedError(`archive has no member '${src.member}'`, { file: src.file, field: 'data.energies.member' },
      others.length ? `one of its non-structure members: ${others.join(', ')}` : 'the path of the table inside the archive');
  }
  const name = energyTableName(src);
  return (isGzip(entry.data) ? gunzipLocated(entry.data, name) : entry.data).toString('utf8');
}

/** Reads and parses the table named by `src`. */
export function readEnergyTable(src: EnergyTableSource, cwd = process.cwd()): EnergyTable {
  return parseEnergyTable(readEnergyTableText(src, cwd), energyTableName(src), { column: src.column, units: src.units });
}
