/**
 * The element set of structure files, read cheaply for the semantic checks: only the species column
 * of XSF (`PRIMCOORD`/`ATOMS`) and extended XYZ, inside gzip and tar archives, through the structure
 * reader's own archive and format helpers. Cached per file by modification time and size, so an
 * editor can ask on every keystroke. Full parsing (and its located errors) stays with readStructures.
 */
import { readFileSync, statSync } from 'node:fs';
import { elementSymbol } from '../structures/elements';
import { gunzipLocated } from '../structures/gzip';
import { formatFromName } from '../structures/inputs';
import { readTar } from '../structures/tar';

function addToken(line: string | undefined, into: Set<string>, column = 0): void {
  const tok = line?.trim().split(/\s+/)[column];
  const s = tok ? elementSymbol(tok) : null;
  if (s) into.add(s);
}

export function elementsInXsf(text: string, into: Set<string>): void {
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const head = lines[i]!.trim().split(/\s+/)[0]?.toUpperCase();
    if (head === 'PRIMCOORD') {
      // The declared count is untrusted: the loop stops at the end of the file (the reader reports the mismatch).
      const n = Math.min(Number.parseInt(lines[i + 1]?.trim().split(/\s+/)[0] ?? '', 10) || 0, lines.length - i - 2);
      for (let k = 0; k < n; k++) addToken(lines[i + 2 + k], into);
      i += 1 + Math.max(0, n);
    } else if (head === 'ATOMS') {
      for (let k = i + 1; k < lines.length && /^\s*\S+\s+[-+.\d]/.test(lines[k]!); k++) addToken(lines[k], into);
    }
  }
}

/** Column of `species` (or `Z`) in `Properties=species:S:1:pos:R:3:…`, counted in tokens. */
function speciesColumn(comment: string): number {
  const m = /properties=["']?([^\s"']+)/i.exec(comment);
  if (!m) return 0;
  const f = m[1]!.split(':');
  let column = 0;
  for (let k = 0; k + 2 < f.length; k += 3) {
    if (/^(species|z)$/i.test(f[k]!)) return column;
    column += Number(f[k + 2]) || 1;
  }
  return 0;
}

export function elementsInExtxyz(text: string, into: Set<string>): void {
  const lines = text.split(/\r?\n/);
  let i = 0;
  while (i < lines.length) {
    const n = Number.parseInt(lines[i]!.trim(), 10);
    if (!Number.isFinite(n) || n <= 0) { i++; continue; }
    const column = speciesColumn(lines[i + 1] ?? '');
    const count = Math.min(n, lines.length - i - 2); // an absurd count ends with the file, not after 10^20 steps
    for (let k = 0; k < count; k++) addToken(lines[i + 2 + k], into, column);
    i += count + 2;
  }
}

function elementsInBytes(name: string, bytes: Buffer, into: Set<string>): void {
  const kind = formatFromName(name);
  if (!kind) return;
  const data = kind.gzip ? gunzipLocated(bytes, name) : bytes;
  if (kind.kind === 'archive') {
    for (const entry of readTar(data, name)) {
      const inner = formatFromName(entry.name);
      if (inner && inner.kind !== 'archive') elementsInBytes(entry.name, entry.data, into);
    }
  } else if (kind.kind === 'xsf') elementsInXsf(data.toString('utf8'), into);
  else elementsInExtxyz(data.toString('utf8'), into);
}

const cache = new Map<string, { stamp: string; elements: ReadonlySet<string> }>();

/** Elements of one file; unreadable or corrupt files contribute nothing (the reader reports them). */
export function scanFileElements(path: string): ReadonlySet<string> {
  let stamp: string;
  try {
    const st = statSync(path);
    stamp = `${st.mtimeMs}:${st.size}`;
  } catch {
    return new Set();
  }
  const hit = cache.get(path);
  if (hit && hit.stamp === stamp) return hit.elements;
  const found = new Set<string>();
  try {
    elementsInBytes(path, readFileSync(path), found);
  } catch {
    // Corrupt archive or unreadable file: readStructures gives the located error when training.
  }
  cache.set(path, { stamp, elements: found });
  return found;
}

export function scanElements(paths: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (const p of paths) for (const e of scanFileElements(p)) out.add(e);
  return out;
}
