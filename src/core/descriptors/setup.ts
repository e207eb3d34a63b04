/**
 * Chebyshev descriptor set-ups: aenet `.stp` fingerprint files mapped to ChebyshevSetup (configs map through
 * src/core/config/descriptor-setups.ts), plus the derived quantities every consumer needs (type weights, vector layout).
 */
import { LocatedError } from '../errors';
import type { ChebyshevSetup } from './types';

/**
 * aenet's type weights for an ENV list of n species: −⌊n/2⌋ … in steps of 1, with 0 skipped when n is
 * even (2: −1, 1; 3: −1, 0, 1; 4: −2, −1, 1, 2).
 */
export function typeWeights(n: number): number[] {
  const w: number[] = [];
  let s = 0 - Math.floor(n / 2); // 0 −, not −0
  for (let i = 0; i < n; i++) {
    if (s === 0 && n % 2 === 0) s++;
    w.push(s++);
  }
  return w;
}

/** Where each part of an atom's vector starts: radial, angular, typed radial, typed angular. */
export interface DescriptorLayout {
  radial: number;
  angular: number;
  /** −1 when the environment has one element (no typed part). */
  typedRadial: number;
  typedAngular: number;
  length: number;
}

export function descriptorLayout(s: ChebyshevSetup): DescriptorLayout {
  const nr = s.radialOrder + 1;
  const na = s.angularOrder + 1;
  if (s.env.length <= 1) return { radial: 0, angular: nr, typedRadial: -1, typedAngular: -1, length: nr + na };
  return { radial: 0, angular: nr, typedRadial: nr + na, typedAngular: 2 * nr + na, length: 2 * (nr + na) };
}

export function descriptorLength(s: ChebyshevSetup): number {
  return descriptorLayout(s).length;
}

const ELEMENT = /^[A-Z][a-z]?$/;
/** Fortran reals as aenet writes them: `0.45d0`, `6.0`, `1e-3`. */
const FORTRAN_REAL = /^[+-]?(\d+\.?\d*|\.\d+)([eEdD][+-]?\d+)?$/;

function parseReal(tok: string | undefined): number | null {
  if (tok === undefined || !FORTRAN_REAL.test(tok)) return null;
  return Number(tok.replace(/[dD]/, 'e'));
}

interface Line { no: number; tokens: string[]; text: string }

/** Splits into non-empty lines without comments (`!` and `#` start a comment, as in aenet inputs). */
function splitLines(text: string): Line[] {
  const out: Line[] = [];
  text.split(/\r?\n/).forEach((raw, idx) => {
    const body = raw.replace(/[!#].*$/, '').trim();
    if (body) out.push({ no: idx + 1, text: body, tokens: body.split(/\s+/) });
  });
  return out;
}

const BASIS_KEYS: Record<string, keyof ChebyshevSetup> = {
  radial_rc: 'radialCutoff', radial_n: 'radialOrder', angular_rc: 'angularCutoff', angular_n: 'angularOrder',
};

/** Parses an aenet fingerprint set-up (`ATOM`, `ENV`, `RMIN`, `BASIS type=Chebyshev …`); keywords are case-insensitive. */
export function parseStp(text: string, file = '<setup>'): ChebyshevSetup {
  const lines = splitLines(text);
  let element: string | undefined;
  let env: string[] | undefined;
  let rmin = 0;
  const basis: Partial<Record<keyof ChebyshevSetup, number>> = {};
  let basisLine = 0;
  const err = (msg: string, line: number, field: string, expected?: string) =>
    new LocatedError(msg, { file, line, field }, expected);

  for (let li = 0; li < lines.length; li++) {
    const { no, tokens } = lines[li];
    const key = tokens[0].toUpperCase();
    if (key === 'DESCR') {
      while (li + 1 < lines.length && !/^END\s+DESCR$/i.test(lines[li + 1].text)) li++;
      if (li + 1 >= lines.length) throw err('DESCR block is not closed', no, 'DESCR', '"END DESCR"');
      li++;
    } else if (key === 'ATOM') {
      const el = tokens[1];
      if (!el || !ELEMENT.test(el)) throw err(`bad element "${el ?? ''}"`, no, 'ATOM', 'a chemical symbol such as Ti');
      element = el;
    } else if (key === 'ENV') {
      const n = Number(tokens[1]);
      if (!Number.isInteger(n) || n < 1) throw err(`bad species count "${tokens[1] ?? ''}"`, no, 'ENV', 'a positive integer');
      // aenet lists one species per line after the count; species on the same line are accepted too.
      const names = tokens.slice(2);
      while (names.length < n && li + 1 < lines.length && ELEMENT.test(lines[li + 1].tokens[0]) && lines[li + 1].tokens.length === 1) {
        names.push(lines[++li].tokens[0]);
      }
      if (names.length !== n) throw err(`ENV announces ${n} species but lists ${names.length}`, no, 'ENV', `${n} chemical symbols, one per line`);
      for (const s of names) if (!ELEMENT.test(s)) throw err(`bad element "${s}"`, no, 'ENV', 'a chemical symbol');
      if (new Set(names).size !== names.length) throw err('ENV lists a species twice', no, 'ENV', 'distinct species');
      env = names;
    } else if (key === 'RMIN') {
      const v = parseReal(tokens[1]);
      if (v === null || v < 0) throw err(`bad RMIN "${tokens[1] ?? ''}"`, no, 'RMIN', 'a non-negative number (Å)');
      rmin = v;
    } else if (key === 'BASIS' || key.startsWith('BASIS')) {
      const rest = lines[li].text.slice(5).replace(/\s*=\s*/g, '=').trim().split(/\s+/).filter(Boolean);
      const typeTok = rest.find((t) => /^type=/i.test(t));
      if (!typeTok || typeTok.slice(5).toLowerCase() !== 'chebyshev') {
        throw err(`unsupported basis "${typeTok ?? rest.join(' ')}"`, no, 'BASIS', 'type=Chebyshev');
      }
      basisLine = no;
      const pairs = rest.filter((t) => t !== typeTok);
      // The parameters may follow on the next lines until another keyword starts.
      while (li + 1 < lines.length && /^(radial|angular)_/i.test(lines[li + 1].tokens[0])) {
        li++;
        pairs.push(...lines[li].text.replace(/\s*=\s*/g, '=').split(/\s+/));
      }
      for (const p of pairs) {
        const [k, v] = p.split('=');
        const target = BASIS_KEYS[k.toLowerCase()];
        if (!target) throw err(`unknown basis parameter "${k}"`, no, 'BASIS', 'radial_Rc, radial_N, angular_Rc, angular_N');
        const x = parseReal(v);
        if (x === null) throw err(`bad value "${v ?? ''}" for ${k}`, no, `BASIS.${k}`, 'a number');
        basis[target] = x;
      }
    } else {
      throw err(`unknown keyword "${tokens[0]}"`, no, tokens[0], 'ATOM, ENV, RMIN, BASIS or DESCR');
    }
  }
  if (!element) throw new LocatedError('missing ATOM', { file, field: 'ATOM' }, 'ATOM <element>');
  if (!env) throw new LocatedError('missing ENV', { file, field: 'ENV' }, 'ENV <n> followed by n species');
  if (!basisLine) throw new LocatedError('missing BASIS', { file, field: 'BASIS' }, 'BASIS type=Chebyshev radial_Rc = … radial_N = … angular_Rc = … angular_N = …');
  for (const k of ['radial_Rc', 'radial_N', 'angular_Rc', 'angular_N']) {
    if (basis[BASIS_KEYS[k.toLowerCase()]] === undefined) throw err(`missing ${k}`, basisLine, `BASIS.${k}`, `${k} = <value>`);
  }
  return checkSetup({
    element, env, rmin,
    radialCutoff: basis.radialCutoff!, radialOrder: basis.radialOrder!,
    angularCutoff: basis.angularCutoff!, angularOrder: basis.angularOrder!,
  }, { file, line: basisLine });
}

function checkSetup(s: ChebyshevSetup, where: { file?: string; line?: number; field?: string }): ChebyshevSetup {
  const prefix = where.field ? `${where.field}.` : '';
  const bad = (field: string, expected: string) =>
    new LocatedError(`bad ${field}`, { file: where.file, line: where.line, field: prefix + field }, expected);
  if (!(s.radialCutoff > 0)) throw bad('radialCutoff', 'a positive cutoff radius (Å)');
  if (!(s.angularCutoff > 0)) throw bad('angularCutoff', 'a positive cutoff radius (Å)');
  if (!Number.isInteger(s.radialOrder) || s.radialOrder < 0) throw bad('radialOrder', 'a non-negative integer');
  if (!Number.isInteger(s.angularOrder) || s.angularOrder < 0) throw bad('angularOrder', 'a non-negative integer');
  if (new Set(s.env).size !== s.env.length) throw bad('env', 'distinct species');
  return s;
}

/** Accepts set-ups as a Map, a record keyed by element, or a list; checks keys agree with `element`. */
export function setupsByElement(setups: Map<string, ChebyshevSetup> | Record<string, ChebyshevSetup> | ChebyshevSetup[]): Map<string, ChebyshevSetup> {
  const entries: [string, ChebyshevSetup][] = Array.isArray(setups)
    ? setups.map((s) => [s.element, s])
    : setups instanceof Map ? [...setups.entries()] : Object.entries(setups);
  const out = new Map<string, ChebyshevSetup>();
  for (const [k, s] of entries) {
    if (k !== s.element) throw new LocatedError(`set-up stored under "${k}" is for ${s.element}`, { field: k }, 'keys equal to each set-up\'s element');
    if (out.has(k)) throw new LocatedError(`two set-ups for ${k}`, { field: k }, 'one set-up per element');
    out.set(k, s);
  }
  return out;
}
