/**
 * A small glob matcher (Node 20 has no fs.glob): `*` and `?` within one path segment, `**` for any
 * number of folders, character classes `[abc]`, `[a-z]`, `[!x]`/`[^x]`, braces `{a,b}` and `\` to
 * escape. Like a shell, wildcards do not match a leading '.' unless the pattern spells it.
 */
import { readdirSync, statSync } from 'node:fs';
import { isAbsolute, join, sep } from 'node:path';
import { naturalCompare } from './natural-sort';

export function hasGlobMagic(pattern: string): boolean {
  return /[*?[{]/.test(pattern);
}

function escapeRegExp(c: string): string {
  return /[\\^$.*+?()[\]{}|/]/.test(c) ? `\\${c}` : c;
}

/** Regular expression for one path segment (no '/'). Throws on an unclosed class or brace. */
export function segmentRegExp(segment: string): RegExp {
  let re = '';
  let braceDepth = 0;
  for (let i = 0; i < segment.length; i++) {
    const c = segment[i];
    if (c === '\\' && i + 1 < segment.length) { re += escapeRegExp(segment[++i]); continue; }
    if (c === '*') { re += '[^/]*'; continue; }
    if (c === '?') { re += '[^/]'; continue; }
    if (c === '[') {
      const close = segment.indexOf(']', i + 2);
      if (close < 0) throw new Error(`unclosed '[' in glob segment '${segment}'`);
      let body = segment.slice(i + 1, close);
      const negate = body[0] === '!' || body[0] === '^';
      if (negate) body = body.slice(1);
      re += `[${negate ? '^' : ''}${body.replace(/[\\\]^]/g, (m) => `\\${m}`)}]`;
      i = close;
      continue;
    }
    if (c === '{') { re += '(?:'; braceDepth++; continue; }
    if (c === '}' && braceDepth > 0) { re += ')'; braceDepth--; continue; }
    if (c === ',' && braceDepth > 0) { re += '|'; continue; }
    re += escapeRegExp(c);
  }
  if (braceDepth) throw new Error(`unclosed '{' in glob segment '${segment}'`);
  const hidden = segment.startsWith('.') ? '' : '(?!\\.)';
  return new RegExp(`^${hidden}${re}$`);
}

function entries(dir: string): { name: string; isDir: boolean; isFile: boolean }[] {
  let list;
  try { list = readdirSync(dir, { withFileTypes: true }); } catch { return []; }
  return list.map((d) => {
    if (d.isSymbolicLink()) {
      try { const s = statSync(join(dir, d.name)); return { name: d.name, isDir: s.isDirectory(), isFile: s.isFile() }; }
      catch { return { name: d.name, isDir: false, isFile: false }; }
    }
    return { name: d.name, isDir: d.isDirectory(), isFile: d.isFile() };
  });
}

/**
 * Files matching `pattern` (relative to `cwd` unless absolute), returned as the pattern spells them
 * (relative stays relative), in natural order.
 */
export function expandGlob(pattern: string, cwd: string): string[] {
  // '\\' escapes a wildcard on POSIX; on Windows it is the path separator, so treat it as '/'.
  const norm = sep === '\\' ? pattern.replace(/\\/g, '/') : pattern;
  const absolute = isAbsolute(norm);
  const segments = norm.split('/').filter((s, i) => s !== '' || i === 0);
  let base = absolute ? '/' : '';
  let k = absolute && segments[0] === '' ? 1 : 0;
  while (k < segments.length - 1 && !hasGlobMagic(segments[k])) {
    base = base ? join(base, segments[k]) : segments[k];
    k++;
  }
  const rest = segments.slice(k).map((s) => (s === '**' ? null : segmentRegExp(s)));
  const found = new Set<string>();

  const walk = (shown: string, at: number): void => {
    const dirAbs = isAbsolute(shown) ? shown : join(cwd, shown || '.');
    const matcher = rest[at];
    const last = at === rest.length - 1;
    if (matcher === null) {
      if (last) {
        for (const e of entries(dirAbs)) {
          if (e.name.startsWith('.')) continue;
          const p = shown ? join(shown, e.name) : e.name;
          if (e.isFile) found.add(p);
          if (e.isDir) walk(p, at);
        }
        return;
      }
      walk(shown, at + 1);
      for (const e of entries(dirAbs)) {
        if (e.isDir && !e.name.startsWith('.')) walk(shown ? join(shown, e.name) : e.name, at);
      }
      return;
    }
    for (const e of entries(dirAbs)) {
      if (!matcher.test(e.name)) continue;
      const p = shown ? join(shown, e.name) : e.name;
      if (last) { if (e.isFile) found.add(p); }
      else if (e.isDir) walk(p, at + 1);
    }
  };
  walk(base, 0);
  return [...found].sort(naturalCompare);
}
