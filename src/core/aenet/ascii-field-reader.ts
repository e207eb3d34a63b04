/**
 * The `.nn.ascii` text form of an aenet potential. Every field starts on a new line, as a Fortran
 * list-directed READ starts a new record: numbers and species names are whitespace-separated tokens
 * that may run over several lines (aenet writes 4 reals a line, aenet-PyTorch all on one), the rest
 * of a field's last line is ignored; text fields (description, file names) are one whole line.
 */
import { LocatedError } from '../errors';
import type { AenetFieldReader } from './field-reader';

/** Fortran reals may use a D exponent (1.0D-3). */
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eEdD][+-]?\d+)?$/;
const TRUE = new Set(['t', 'true', '.true.']);
const FALSE = new Set(['f', 'false', '.false.']);

export class AsciiFieldReader implements AenetFieldReader {
  private readonly lines: string[];
  private readonly file: string;
  /** Index of the next unread line. */
  private next = 0;
  /** 1-based line where the last field started. */
  private lastLine = 0;

  constructor(text: string, file: string) {
    this.lines = text.split(/\r?\n/);
    this.file = file;
  }

  text(field: string): string {
    return this.takeLine(field, 'a line of text').trimEnd();
  }

  int(field: string): number { return this.ints(field, 1)[0]; }
  real(field: string): number { return this.reals(field, 1)[0]; }

  logical(field: string): boolean {
    const [tok] = this.tokens(field, 1, 'T or F').map((t) => t.tok);
    const t = tok.toLowerCase();
    if (TRUE.has(t)) return true;
    if (FALSE.has(t)) return false;
    throw this.at(`"${tok}" is not a logical value`, field, 'T, F, True or False');
  }

  ints(field: string, n: number): Int32Array {
    const out = new Int32Array(n);
    this.tokens(field, n, `${n} integer(s)`).forEach(({ tok, line }, i) => {
      this.lastLine = line;
      if (!/^[+-]?\d+$/.test(tok)) throw this.at(`"${tok}" is not an integer (value ${i + 1} of ${n})`, field, 'an integer');
      out[i] = Number(tok);
    });
    return out;
  }

  reals(field: string, n: number): Float64Array {
    const out = new Float64Array(n);
    this.tokens(field, n, `${n} number(s)`).forEach(({ tok, line }, i) => {
      this.lastLine = line;
      if (!NUMBER.test(tok)) throw this.at(`"${tok}" is not a number (value ${i + 1} of ${n})`, field, 'a decimal number');
      out[i] = Number(tok.replace(/[dD]/, 'e'));
    });
    return out;
  }

  words(field: string, n: number): string[] {
    return this.tokens(field, n, `${n} species name(s)`).map((t) => t.tok);
  }

  invalid(message: string, field: string, expected: string): LocatedError {
    return this.at(message, field, expected);
  }

  private takeLine(field: string, expected: string): string {
    if (this.next >= this.lines.length || (this.next === this.lines.length - 1 && this.lines[this.next] === '')) {
      throw new LocatedError('file ends early', { file: this.file, line: this.lines.length, field }, expected);
    }
    this.lastLine = this.next + 1;
    return this.lines[this.next++];
  }

  /** `n` tokens starting on a new line, continuing over following lines as needed. */
  private tokens(field: string, n: number, expected: string): { tok: string; line: number }[] {
    const out: { tok: string; line: number }[] = [];
    const first = this.next + 1;
    while (out.length < n) {
      const text = this.takeLine(field, `${expected} (${out.length} found)`);
      for (const tok of text.trim().split(/\s+/)) if (tok && out.length < n) out.push({ tok, line: this.next });
    }
    this.lastLine = first;
    return out;
  }

  private at(message: string, field: string, expected: string): LocatedError {
    return new LocatedError(message, { file: this.file, line: this.lastLine, field }, expected);
  }
}
