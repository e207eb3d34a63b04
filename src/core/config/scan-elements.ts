/**
 * The element set of structure files, read cheaply (species columns only) for the semantic checks:
 * XSF (`PRIMCOORD`/`ATOMS`), extended XYZ, gzip and tar.gz archives of them. Cached per file by
 * modification time and size, so an editor can ask on every keystroke. The full reader lives in
 * src/core/structures; this only needs symbols.
 */
import { readFileSync, statSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';

const SYMBOLS = ('H He Li Be B C N O F Ne Na Mg Al Si P S Cl Ar K Ca Sc Ti V Cr Mn Fe Co Ni Cu Zn Ga Ge As Se Br Kr '
  + 'Rb Sr Y Zr Nb Mo Tc Ru Rh Pd Ag Cd In Sn Sb Te I Xe Cs Ba La Ce Pr Nd Pm Sm Eu Gd Tb Dy Ho Er Tm Yb Lu Hf Ta W Re '
  + 'Os Ir Pt Au Hg Tl Pb Bi Po At Rn Fr Ra Ac Th Pa U Np Pu Am Cm Bk Cf Es Fm Md No Lr Rf Db Sg Bh Hs Mt Ds Rg Cn Nh Fl '
  + 'Mc Lv Ts Og').split(' ');

/** XSF allows atomic numbers in place of symbols. */
function symbolOf(token: string): string | null {
  if (/^\d+$/.test(token)) return SYMBOLS[Number(token) - 1] ?? null;
  const m = /^([A-Z][a-z]?)/.exec(token);
  return m ? m[1]! : null;
}

export function elementsInXsf(text: string, into: Set<string>): void {
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const head = lines[i]!.trim().split(/\s+/)[0]?.toUpperCase();
    if (head === 'PRIMCOORD') {
      const n = Number.parseInt(lines[i + 1]?.trim().split(/\s+/)[0] ?? '', 10) || 0;
      for (let k = 0; k < n; k++) addFirstToken(lines[i + 2 + k], into);
      i += 1 + n;
    } else if (head === 'ATOMS') {
      for (let k = i + 1; k < lines.length && /^\s*\S+\s+[-+.\d]/.test(lines[k]!); k++) addFirstToken(lines[k], into);
    }
  }
}

function addFirstToken(line: string | undefined, into: Set<string>, column = 0): void {
  const tok = line?.trim().split(/\s+/)[column];
  const s = tok ? symbolOf(tok) : null;
  if (s) into.add(s);
}

export function elementsInExtxyz(text: string, into: Set<string>): void {
  const lines = text.split(/\r?\n/);
  let i = 0;
  while (i < lines.length) {
    const n = Number.parseInt(lines[i]!.trim(), 10);
    if (!Number.isFinite(n) || n <= 0) { i++; continue; }
    const column = speciesColumn(lines[i + 1] ?? '');
    for (let k = 0; k < n; k++) addFirstToken(lines[i + 2 + k], into, column);
    i += n + 2;
  }
}

/** Column of `species` in `Properties=species:S:1:pos:R:3:…` (counting columns, not properties). */
function speciesColumn(comment: string): number {
  const m = /properties=["']?([^\s"']+)/i.exec(comment);
  if (!m) return 0;
  const f = m[1]!.split(':');
  let column = 0;
  for (let k = 0; k + 2 < f.length; k += 3) {
    if (f[k]!.toLowerCase() === 'species') return column;
    column += Number(f[k + 2]) || 1;
  }
  return 0;
}

function elementsInTar(buf: Buffer, into: Set<string>): void {
  let off = 0;
  while (off + 512 <= buf.length) {
    const name = buf.toString('latin1', off, off + 100).replace(/\0.*$/s, '');
    if (!name) break;
    const size = Number.parseInt(buf.toString('latin1', off + 124, off + 136).replace(/\0.*$/s, '').trim() || '0', 8);
    const type = String.fromCharCode(buf[off + 156] ?? 48);
    const body = off + 512;
    if (type === '0' || type === '\0') elementsInBuffer(name, buf.subarray(body, body + size), into);
    off = body + Math.ceil(size / 512) * 512;
  }
}

function elementsInBuffer(name: string, buf: Buffer, into: Set<string>): void {
  const lower = name.toLowerCase();
  if (lower.endsWith('.tar.gz') || lower.endsWith('.tgz')) elementsInTar(gunzipSync(buf), into);
  else if (lower.endsWith('.tar')) elementsInTar(buf, into);
  else if (lower.endsWith('.gz')) elementsInBuffer(name.slice(0, -3), gunzipSync(buf), into);
  else if (lower.endsWith('.xsf')) elementsInXsf(buf.toString('utf8'), into);
  else if (lower.endsWith('.extxyz') || lower.endsWith('.xyz')) elementsInExtxyz(buf.toString('utf8'), into);
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
    elementsInBuffer(path, readFileSync(path), found);
  } catch {
    // Corrupt archive or unreadable file: the structure reader gives the located error.
  }
  cache.set(path, { stamp, elements: found });
  return found;
}

export function scanElements(paths: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (const p of paths) for (const e of scanFileElements(p)) out.add(e);
  return out;
}
