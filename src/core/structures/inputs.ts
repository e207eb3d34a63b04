/**
 * Turns what the user named (files, folders, globs, archives) into an ordered list of files to read,
 * each with the format its name implies. Folders and globs are expanded in natural order; the same
 * file named twice is read once, so a structure never counts double in a training set.
 */
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { LocatedError } from '../errors';
import { expandGlob, hasGlobMagic } from './glob';
import { naturalCompare } from './natural-sort';

export type FileFormat = 'xsf' | 'extxyz';
export type Format = 'auto' | FileFormat;

export interface InputFile {
  /** The path as shown in names and errors (as the user spelled it, or joined onto their folder). */
  display: string;
  /** Absolute path for reading. */
  path: string;
  /** A tar archive of structure files, or one structure file of the given format. */
  kind: 'archive' | FileFormat;
  /** Whether the bytes are gzip-compressed. */
  gzip: boolean;
  /** The entry of the input list (file, folder, glob) that named this file: a structure's group. */
  entry?: string;
}

/** Format implied by a file name, or null when the name does not say. */
export function formatFromName(name: string): { kind: 'archive' | FileFormat; gzip: boolean } | null {
  const lower = name.toLowerCase();
  if (lower.endsWith('.tar.gz') || lower.endsWith('.tgz')) return { kind: 'archive', gzip: true };
  if (lower.endsWith('.tar')) return { kind: 'archive', gzip: false };
  const gzip = lower.endsWith('.gz');
  const stem = gzip ? lower.slice(0, -3) : lower;
  if (stem.endsWith('.xsf')) return { kind: 'xsf', gzip };
  if (stem.endsWith('.extxyz') || stem.endsWith('.xyz')) return { kind: 'extxyz', gzip };
  return null;
}

function classify(display: string, path: string, format: Format, fromListing: boolean): InputFile | null {
  const byName = formatFromName(display);
  if (byName?.kind === 'archive') return { display, path, ...byName };
  if (fromListing && !byName && format === 'auto') return null;
  if (format !== 'auto') return { display, path, kind: format, gzip: byName?.gzip ?? display.toLowerCase().endsWith('.gz') };
  if (!byName) {
    throw new LocatedError(`cannot tell the format of '${display}' from its name`, { file: display },
      'a .xsf, .extxyz, .xyz (optionally .gz), .tar.gz or .tgz file, or an explicit format');
  }
  return { display, path, ...byName };
}

export function resolveInputs(inputs: string | string[], format: Format, cwd: string): InputFile[] {
  const list = typeof inputs === 'string' ? [inputs] : inputs;
  if (list.length === 0) throw new LocatedError('no input given', {}, 'a file, folder, glob or .tar.gz archive');
  const out: InputFile[] = [];
  const seen = new Set<string>();
  let entry = '';
  const push = (f: InputFile | null): void => {
    if (f && !seen.has(f.path)) { seen.add(f.path); out.push({ ...f, entry }); }
  };
  for (const input of list) {
    entry = input;
    const abs = resolve(cwd, input);
    let st;
    try { st = statSync(abs); } catch { st = null; }
    if (st?.isDirectory()) {
      const names = readdirSync(abs).filter((n) => !n.startsWith('.')).sort(naturalCompare);
      const before = out.length;
      for (const name of names) {
        const kind = formatFromName(name);
        if (!kind || kind.kind === 'archive') continue;
        if (statSync(join(abs, name)).isFile()) push(classify(join(input, name), join(abs, name), format, true));
      }
      if (out.length === before) {
        throw new LocatedError('folder holds no structure files', { file: input }, '.xsf, .extxyz or .xyz files inside');
      }
    } else if (st?.isFile()) {
      push(classify(input, abs, format, false));
    } else if (!st && hasGlobMagic(input)) {
      let matches: string[];
      try { matches = expandGlob(input, cwd); } catch (e) {
        throw new LocatedError(`bad glob '${input}': ${(e as Error).message}`, { file: input }, 'a valid glob pattern');
      }
      const files = matches.map((m) => classify(m, resolve(cwd, m), format, true)).filter((f) => f !== null);
      if (files.length === 0) throw new LocatedError(`glob '${input}' matched no structure files`, { file: input }, 'at least one match');
      files.forEach(push);
    } else {
      throw new LocatedError('no such file or folder', { file: input }, 'an existing file, folder, glob or archive');
    }
  }
  return out;
}
