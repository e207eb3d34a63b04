/**
 * Which file a report's structure link (`structures[].source`) may open: only one inside the
 * workspace folders or under the report's own folder, judged after `..` and symbolic links are
 * resolved, so a report cannot point the editor at `/etc/passwd` or `../../.ssh/id_rsa`. A report is
 * untrusted input (it may come from anyone and opens in Restricted Mode).
 */
import { existsSync, realpathSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';

export type StructureLink = { ok: true; path: string } | { ok: false; reason: string };

function real(p: string): string | null {
  try { return realpathSync(p); } catch { return null; }
}

/** Whether `p` is `root` or below it (both already real paths). */
export function isInside(p: string, root: string): boolean {
  const r = relative(root, p);
  return r === '' || (!r.startsWith('..') && !isAbsolute(r));
}

/**
 * Resolves `file` (absolute, or relative to the report's folder or a workspace folder) to a real path
 * inside an allowed folder, or says why it will not be opened.
 */
export function resolveStructureLink(file: string, reportFile: string, workspaceFolders: readonly string[]): StructureLink {
  if (typeof file !== 'string' || file.trim() === '') return { ok: false, reason: 'the report names no file' };
  if (file.includes('\0')) return { ok: false, reason: 'the file name holds a NUL byte' };
  if (/^[a-z][a-z0-9+.-]+:/i.test(file)) return { ok: false, reason: `"${file}" is a URI, not a file path` };
  const reportDir = dirname(resolve(reportFile));
  const roots = [reportDir, ...workspaceFolders].map(real).filter((r): r is string => r !== null);
  const candidates = isAbsolute(file) ? [file] : [join(reportDir, file), ...workspaceFolders.map((w) => join(w, file))];
  let outside: string | null = null;
  for (const c of candidates) {
    if (!existsSync(c)) continue;
    const target = real(c);
    if (!target) continue;
    if (roots.some((root) => isInside(target, root))) return { ok: true, path: target };
    outside = target;
  }
  if (outside) return { ok: false, reason: `${file} resolves to ${outside}, outside the workspace folders and the report's folder` };
  return { ok: false, reason: `structure file not found: ${file}` };
}
