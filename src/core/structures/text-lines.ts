/**
 * Line and token helpers shared by the text readers: 1-based line numbers and token columns so that
 * every error can point at the exact place, and a number parser stricter than Number()/parseFloat
 * (which accept '', 'Infinity', '0x1f' or '1.5abc' and would let bad data through).
 */
import { LocatedError } from '../errors';

/**
 * Splits text into lines (LF or CRLF); index i is line i + 1. The empty string after a final newline
 * is not a line, so "the file ends here" points at the last real line.
 */
export function splitLines(text: string): string[] {
  const lines = text.split('\n');
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    if (l.length && l.charCodeAt(l.length - 1) === 13) lines[i] = l.slice(0, -1);
  }
  return lines;
}

export interface Tokens {
  words: string[];
  /** 1-based column of each word. */
  cols: number[];
}

/** Splits a line at blanks (any control character or space), remembering where each word starts. */
export function tokenize(line: string): Tokens {
  const words: string[] = [];
  const cols: number[] = [];
  const n = line.length;
  let i = 0;
  while (i < n) {
    while (i < n && line.charCodeAt(i) <= 32) i++;
    if (i >= n) break;
    const start = i;
    while (i < n && line.charCodeAt(i) > 32) i++;
    words.push(line.slice(start, i));
    cols.push(start + 1);
  }
  return { words, cols };
}

/** Word boundaries of a line, found without making substrings; one instance is reused line after line. */
export class WordSpans {
  readonly starts: number[] = [];
  readonly ends: number[] = [];
  count = 0;

  scan(line: string): number {
    const n = line.length;
    let i = 0;
    let k = 0;
    while (i < n) {
      while (i < n && line.charCodeAt(i) <= 32) i++;
      if (i >= n) break;
      this.starts[k] = i;
      while (i < n && line.charCodeAt(i) > 32) i++;
      this.ends[k++] = i;
    }
    this.count = k;
    return k;
  }

  word(line: string, k: number): string {
    return line.slice(this.starts[k], this.ends[k]);
  }
}

// Powers of ten that are exact doubles: m·10^e and m/10^e then round once, exactly like Number().
const POW10 = Array.from({ length: 23 }, (_, k) => Number(`1e${k}`));

/**
 * Parses a finite decimal number (sign, digits with an optional point, optional exponent e/E or
 * Fortran's d/D), or returns NaN for anything else (NaN, Inf, hex, '', trailing junk).
 * Hand-rolled because it runs once per number of a 165,000-atom data set: up to 15 significant
 * digits and |exponent| ≤ 22 the value is exact integer ÷ or × an exact power of ten, one correctly
 * rounded operation (Clinger's fast path), identical to Number(); longer inputs go to Number().
 * `start`/`end` parse a slice of a line without making a substring.
 */
export function parseStrictNumber(s: string, start = 0, end = s.length): number {
  const n = end;
  let i = start;
  let c = i < n ? s.charCodeAt(i) : -1;
  let negative = false;
  if (c === 43 || c === 45) { negative = c === 45; c = ++i < n ? s.charCodeAt(i) : -1; }
  let mantissa = 0;
  let significant = 0;
  let digits = 0;
  let scale = 0;
  while (c >= 48 && c <= 57) {
    digits++;
    if (mantissa !== 0 || c !== 48) { mantissa = mantissa * 10 + (c - 48); significant++; }
    c = ++i < n ? s.charCodeAt(i) : -1;
  }
  if (c === 46) {
    c = ++i < n ? s.charCodeAt(i) : -1;
    while (c >= 48 && c <= 57) {
      digits++;
      scale--;
      if (mantissa !== 0 || c !== 48) { mantissa = mantissa * 10 + (c - 48); significant++; }
      c = ++i < n ? s.charCodeAt(i) : -1;
    }
  }
  if (digits === 0) return NaN;
  let fortran = false;
  if (c === 101 || c === 69 || c === 100 || c === 68) {
    fortran = c === 100 || c === 68;
    c = ++i < n ? s.charCodeAt(i) : -1;
    let expNegative = false;
    if (c === 43 || c === 45) { expNegative = c === 45; c = ++i < n ? s.charCodeAt(i) : -1; }
    let exp = 0;
    let expDigits = 0;
    while (c >= 48 && c <= 57) { exp = exp * 10 + (c - 48); expDigits++; c = ++i < n ? s.charCodeAt(i) : -1; }
    if (expDigits === 0) return NaN;
    scale += expNegative ? -exp : exp;
  }
  if (i !== n) return NaN;
  let v: number;
  if (significant <= 15 && scale >= -22 && scale <= 22) {
    v = scale < 0 ? mantissa / POW10[-scale] : mantissa * POW10[scale];
    if (negative) v = -v;
  } else {
    const text = s.slice(start, end);
    v = Number(fortran ? text.replace(/[dD]/, 'e') : text);
  }
  return Number.isFinite(v) ? v : NaN;
}

export interface Where {
  file: string;
  line: number;
  column?: number;
  field?: string;
}

/** A finite number or a located error saying what the field should hold. */
export function numberAt(text: string, where: Where, what = 'a finite decimal number'): number {
  const v = parseStrictNumber(text);
  if (Number.isNaN(v)) throw new LocatedError(`bad number '${text}'`, where, what);
  return v;
}

/** A non-negative integer or a located error. */
export function countAt(text: string, where: Where, what: string): number {
  if (!/^\+?\d+$/.test(text)) throw new LocatedError(`bad count '${text}'`, where, what);
  return Number(text);
}

/** Shortens a line for quoting inside an error message. */
export function quote(line: string, max = 40): string {
  const t = line.trim();
  return t.length > max ? `'${t.slice(0, max)}…'` : `'${t}'`;
}
