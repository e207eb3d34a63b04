/**
 * `data.split_file`: a fixed split read from files. Either a run's own split.json (structure names per
 * set, so a run can be repeated on exactly the split of an earlier one) or text files of 0-based
 * structure indices per set, the paper's form (indices into `data.structures` in reading order, after
 * `limit`). The result names the structures of each set that the file fixes; the caller maps names
 * to its structure list.
 */
import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { LocatedError } from '../errors';
import { parseJson } from '../json/parse-json';

export type SplitSetName = 'train' | 'validation' | 'test';
const SETS: readonly SplitSetName[] = ['train', 'validation', 'test'];

export interface IndexFiles { train: string | null; validation: string | null; test: string | null }

export interface SplitFileSets {
  /** Structure names per set the file fixes (absent: drawn). */
  names: Partial<Record<SplitSetName, string[]>>;
  /** Where each fixed set came from, for the report: `split.json (file)` or `index file (file)`. */
  source: Partial<Record<SplitSetName, string>>;
}

function readText(file: string, baseDir: string, field: string): string {
  try {
    return readFileSync(isAbsolute(file) ? file : resolve(baseDir, file), 'utf8');
  } catch (e) {
    throw new LocatedError(`cannot read split file (${(e as NodeJS.ErrnoException).code ?? 'error'})`, { file, field }, 'an existing, readable file');
  }
}

/** 0-based indices separated by blanks, commas or new lines; `#` starts a comment. */
export function parseIndexList(text: string, file: string, count: number): number[] {
  const out: number[] = [];
  const seen = new Set<number>();
  text.split(/\r?\n/).forEach((raw, k) => {
    const line = raw.replace(/#.*/, '');
    const re = /[^\s,]+/g;
    for (let m = re.exec(line); m; m = re.exec(line)) {
      const where = { file, line: k + 1, column: m.index + 1 };
      if (!/^\d+$/.test(m[0])) throw new LocatedError(`'${m[0]}' is not a structure index`, where, 'a 0-based integer index');
      const i = Number(m[0]);
      if (i >= count) throw new LocatedError(`index ${i} is past the last structure (${count} structures, 0-based)`, where, `an index from 0 to ${count - 1}`);
      if (seen.has(i)) throw new LocatedError(`index ${i} is listed twice`, where, 'each index once');
      seen.add(i);
      out.push(i);
    }
  });
  return out;
}

/** `names`: the data's structure names in reading order (what the indices of index files count). */
export function readSplitFile(spec: string | IndexFiles, names: readonly string[], baseDir: string): SplitFileSets {
  if (typeof spec === 'string') {
    const raw = parseJson(readText(spec, baseDir, 'data.split_file'), spec);
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new LocatedError('split file is not a JSON object', { file: spec, field: 'data.split_file' }, 'a split.json: {"train": [names], "validation": [...], "test": [...]}');
    const o = raw as Record<string, unknown>;
    const out: SplitFileSets = { names: {}, source: {} };
    for (const s of SETS) {
      const v = o[s];
      if (v === undefined) continue;
      if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) throw new LocatedError(`"${s}" is not a list of structure names`, { file: spec, field: s }, 'an array of names as a run\'s split.json holds');
      out.names[s] = v as string[];
      out.source[s] = `split file ${spec}`;
    }
    if (!SETS.some((s) => out.names[s])) throw new LocatedError('split file names no set', { file: spec, field: 'data.split_file' }, 'train, validation and/or test lists of structure names');
    return out;
  }
  const out: SplitFileSets = { names: {}, source: {} };
  for (const s of SETS) {
    const f = spec[s];
    if (f === null) continue;
    out.names[s] = parseIndexList(readText(f, baseDir, `data.split_file.${s}`), f, names.length).map((i) => names[i]);
    out.source[s] = `index file ${f}`;
  }
  return out;
}
