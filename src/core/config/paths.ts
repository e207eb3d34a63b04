/**
 * Expands `data.structures` entries (paths, globs, folders, archives; relative to the config file)
 * into sorted file lists. Shared by the semantic checks and the runner so both see the same files.
 */
import { readdirSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';

/** Files a folder entry contributes: the structure formats the readers know. */
export const STRUCTURE_FILE = /\.(xsf|extxyz|xyz|tar\.gz|tgz|extxyz\.gz|xyz\.gz)$/i;
const GLOB_CHARS = /[*?[{]/;
const MAX_FILES = 200_000;

export function hasGlob(entry: string): boolean {
  return GLOB_CHARS.test(entry);
}

/** Glob → RegExp over '/'-separated relative paths: `**`, `*`, `?`, `[abc]`, `{a,b}`. */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  let braces = 0;
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*') {
      if (glob[i + 1] === '*') {
        const slash = glob[i + 2] === '/';
        re += slash ? '(?:.*/)?' : '.*';
        i += slash ? 2 : 1;
      } else re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const end = glob.indexOf(']', i + 1);
      if (end < 0) re += '\\[';
      else { re += `[${glob.slice(i + 1, end).replace(/^!/, '^').replace(/\\/g, '\\\\')}]`; i = end; }
    } else if (c === '{') { braces++; re += '(?:'; }
    else if (c === '}' && braces > 0) { braces--; re += ')'; }
    else if (c === ',' && braces > 0) re += '|';
    else re += c.replace(/[.+^$()|\\\]]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

function walkFiles(dir: string, out: string[]): void {
  let names: string[];
  try { names = readdirSync(dir); } catch { return; }
  for (const name of names.sort()) {
    if (out.length >= MAX_FILES) return;
    if (name.startsWith('.') || name === 'node_modules') continue;
    const p = join(dir, name);
    let st;
    try { st = statSync(p); } catch { continue; }
    if (st.isDirectory()) walkFiles(p, out);
    else if (st.isFile()) out.push(p);
  }
}

export interface ExpandedEntry {
  entry: string;
  files: string[];
}

/** One result per entry, in order; `files` is empty when nothing matches (the caller reports it). */
export function expandStructurePaths(entries: readonly string[], baseDir: string): ExpandedEntry[] {
  return entries.map((entry) => ({ entry, files: expandOne(entry, baseDir) }));
}

function expandOne(entry: string, baseDir: string): string[] {
  const normalised = entry.replace(/\\/g, '/');
  if (!hasGlob(normalised)) {
    const p = isAbsolute(normalised) ? normalised : resolve(baseDir, normalised);
    let st;
    try { st = statSync(p); } catch { return []; }
    if (st.isFile()) return [p];
    const all: string[] = [];
    if (st.isDirectory()) walkFiles(p, all);
    return all.filter((f) => STRUCTURE_FILE.test(f));
  }
  // Walk only below the part of the pattern that has no wildcard.
  const parts = normalised.split('/');
  const firstGlob = parts.findIndex((s) => hasGlob(s));
  const staticPart = parts.slice(0, firstGlob).join('/');
  const root = isAbsolute(normalised) ? (staticPart || '/') : resolve(baseDir, staticPart || '.');
  const pattern = globToRegExp(parts.slice(firstGlob).join('/'));
  const all: string[] = [];
  walkFiles(root, all);
  return all.filter((f) => pattern.test(relative(root, f).split(sep).join('/')));
}
