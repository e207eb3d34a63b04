/**
 * The one entry point for loading training data: files, folders, globs and tar archives of XSF or
 * extended-XYZ files, gzip handled transparently, energies converted to eV.
 */
import { readFileSync } from 'node:fs';
import { LocatedError } from '../errors';
import { applyEnergyTable } from './energy-table-join';
import type { EnergyTableSource } from './energy-table-source';
import { parseExtxyz } from './extxyz';
import { gunzipLocated } from './gzip';
import { formatFromName, resolveInputs, type FileFormat, type Format, type InputFile } from './inputs';
import { readTar } from './tar';
import type { EnergyUnit, Structure } from './types';
import { parseXsf } from './xsf';

export interface ReadOptions {
  /** 'auto' (default) decides by file name; 'xsf' or 'extxyz' force one format for plain files. */
  format?: Format;
  /** Unit of energies in extended-XYZ files (forces: this unit per Å). XSF files are always eV. Default 'eV'. */
  energyUnit?: EnergyUnit;
  /** Folder that relative inputs are resolved against. Default: the process's working directory. */
  cwd?: string;
  /** Whether a structure without an energy is an error. Default true. */
  requireEnergy?: boolean;
  /** Energies from a separate table joined by file name (energy-table-join.ts); the files then need none. */
  energies?: EnergyTableSource;
  /** Receives the energy table's warnings (rows that name no structure, file energies replaced). */
  onWarning?: (message: string) => void;
  /** Extended XYZ: the comment key of the energy and the Properties column of the forces (null: the usual names). */
  energyKey?: string | null;
  forcesKey?: string | null;
  /**
   * Give structures without a `config_type` the input entry (folder, glob, file) they came from as their
   * group, when the inputs name more than one entry. Default false.
   */
  groupByEntry?: boolean;
}

function readBytes(f: InputFile): Buffer {
  try {
    return readFileSync(f.path);
  } catch (e) {
    throw new LocatedError(`cannot read file (${(e as NodeJS.ErrnoException).code ?? 'error'})`, { file: f.display }, 'a readable file');
  }
}

/** A NUL byte (a binary file, or text damaged on disk) would vanish inside a token, e.g. `Ti\0` read as Ti. */
function refuseNul(text: string, file: string): void {
  const at = text.indexOf('\0');
  if (at < 0) return;
  let line = 1, lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < at; i = text.indexOf('\n', i + 1)) { line++; lineStart = i + 1; }
  throw new LocatedError('NUL byte in a text structure file', { file, line, column: at - lineStart + 1 }, 'text (XSF or extended XYZ), not binary data');
}

function parseText(text: string, file: string, format: FileFormat, opts: ReadOptions): Structure[] {
  refuseNul(text, file);
  const requireEnergy = opts.requireEnergy !== false && !opts.energies;
  if (format === 'xsf') return [parseXsf(text, file, { requireEnergy })];
  return parseExtxyz(text, file, opts.energyUnit ?? 'eV', { requireEnergy, energyKey: opts.energyKey, forcesKey: opts.forcesKey });
}

function readArchive(f: InputFile, bytes: Buffer, opts: ReadOptions): Structure[] {
  const tar = f.gzip ? gunzipLocated(bytes, f.display) : bytes;
  const out: Structure[] = [];
  let members = 0;
  for (const entry of readTar(tar, f.display)) {
    const kind = formatFromName(entry.name);
    if (!kind || kind.kind === 'archive') continue; // READMEs, licences and nested archives are not data
    members++;
    const file = `${f.display}:${entry.name}`;
    const data = kind.gzip ? gunzipLocated(entry.data, file) : entry.data;
    for (const s of parseText(data.toString('utf8'), file, kind.kind, opts)) {
      s.source = { ...s.source, file: f.display, member: entry.name };
      out.push(s);
    }
  }
  if (members === 0) throw new LocatedError('archive holds no structure files', { file: f.display }, '.xsf, .extxyz or .xyz members');
  return out;
}

/**
 * Reads every structure named by `inputs`, in a deterministic order: inputs in the order given,
 * folder and glob matches in natural order, archive members in archive order, frames in file order.
 * Any bad input throws a LocatedError naming the file (or `archive:member`), line and expectation.
 */
export function readStructures(inputs: string | string[], opts: ReadOptions = {}): Structure[] {
  const files = resolveInputs(inputs, opts.format ?? 'auto', opts.cwd ?? process.cwd());
  const out: Structure[] = [];
  const byEntry = opts.groupByEntry === true && typeof inputs !== 'string' && inputs.length > 1;
  const add = (s: Structure, f: InputFile) => {
    if (byEntry && s.group === undefined && f.entry) s.group = f.entry;
    out.push(s);
  };
  for (const f of files) {
    const bytes = readBytes(f);
    if (f.kind === 'archive') {
      for (const s of readArchive(f, bytes, opts)) add(s, f);
      continue;
    }
    const data = f.gzip ? gunzipLocated(bytes, f.display) : bytes;
    for (const s of parseText(data.toString('utf8'), f.display, f.kind, opts)) add(s, f);
  }
  if (opts.energies) applyEnergyTable(out, opts.energies, opts.cwd ?? process.cwd()).forEach((w) => opts.onWarning?.(w));
  return out;
}
