/**
 * Line and token helpers shared by the text readers: 1-based line numbers and token columns so that
 * every error can point at the exact place, and a number parser stricter than Number()/parseFloat
 * (which accept '', 'Infinity', '0x1f' or '1.5abc' and would let bad data through).
 */
import { LocatedError } from '../errors';

/** Splits text into lines (LF or CRLF); index i is line i + 1. */
export function splitLines(text: string): string[] {
  const lines = text.split('\n');
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

const WORD = /\S+/g;

export function tokenize(line: string): Tokens {
  const words: string[] = [];
  const cols: number[] = [];
  WORD.lastIndex = 0;
  for (let m = WORD.exec(line); m; m = WORD.exec(line)) {
    words.push(m[0]);
    cols.push(m.index + 1);
  }
  return { words, cols };
}

// Decimal numbers, optionally with a Fortran 'D' exponent; no NaN, Inf, hex or trailing junk.
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eEdD][+-]?\d+)?$/;

/** Parses a finite decimal number, or returns NaN when the text is not one. */
export function parseStrictNumber(text: string): number {
  if (!NUMBER.test(text)) return NaN;
  const v = Number(text.replace(/[dD]/, 'e'));
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
