/**
 * Expands `data.structures` entries (paths, globs, folders, archives; relative to the config file)
 * with the structure reader's own resolver, so the checks see exactly the files a run will read.
 */
import { isLocatedError } from '../errors';
import { resolveInputs, type Format } from '../structures/inputs';
import type { StructureFormat } from './types';

/** The reader's format for the config's: `xyz` is extended XYZ (plain XYZ is extended XYZ without keys). */
export function readFormat(format: StructureFormat): Format {
  return format === 'xyz' ? 'extxyz' : format;
}

export interface ExpandedEntry {
  entry: string;
  /** Absolute paths, in the reader's order. */
  files: string[];
  /** Why nothing could be used (no match, unknown format, empty folder); absent when files were found. */
  problem?: string;
}

/** One result per entry, in order; never throws for bad paths (the caller reports `problem`). */
export function expandStructurePaths(entries: readonly string[], baseDir: string, format: Format = 'auto'): ExpandedEntry[] {
  return entries.map((entry) => {
    try {
      return { entry, files: resolveInputs([entry], format, baseDir).map((f) => f.path) };
    } catch (e) {
      if (!isLocatedError(e)) throw e;
      // Keep the reader's own words, without the file prefix and "expected" tail we show elsewhere.
      const prefix = e.location.file ? `${e.location.file}: ` : '';
      const suffix = e.expected ? `; expected ${e.expected}` : '';
      let what = e.message.startsWith(prefix) ? e.message.slice(prefix.length) : e.message;
      if (suffix && what.endsWith(suffix)) what = what.slice(0, -suffix.length);
      return { entry, files: [], problem: what };
    }
  });
}
