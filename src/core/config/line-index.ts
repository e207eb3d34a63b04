/**
 * Offsets (UTF-16 indices, what the `yaml` package and JS strings use) ↔ line positions for one text,
 * built once per text version so every conversion is a binary search, not a rescan. One index for the
 * config parser (1-based source ranges) and the language server (0-based LSP positions), so both
 * count lines alike: LF, CRLF and a lone CR each end a line, as editors count them.
 */
import type { SourceRange } from './diagnostics';

/** 0-based, the shape of an LSP Position. */
export interface LinePosition {
  line: number;
  character: number;
}

export class LineIndex {
  private readonly starts: number[] = [0];
  constructor(readonly text: string) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) this.starts.push(i + 1);
      else if (c === 13 && text.charCodeAt(i + 1) !== 10) this.starts.push(i + 1);
    }
  }

  get lineCount(): number {
    return this.starts.length;
  }

  position(offset: number): LinePosition {
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: o - this.starts[lo]! };
  }

  offset(pos: LinePosition): number {
    if (pos.line < 0) return 0;
    if (pos.line >= this.starts.length) return this.text.length;
    const start = this.starts[pos.line]!;
    const end = this.lineEnd(pos.line);
    return Math.min(start + Math.max(0, pos.character), end);
  }

  /** 0-based, the shape of an LSP Range. */
  range(start: number, end: number): { start: LinePosition; end: LinePosition } {
    return { start: this.position(start), end: this.position(Math.max(start, end)) };
  }

  /** 1-based lines and columns with the offsets, for diagnostics and located errors. */
  sourceRange(start: number, end: number): SourceRange {
    const a = this.position(start);
    const b = this.position(Math.max(start, end));
    return { start, end: Math.max(start, end), line: a.line + 1, column: a.character + 1, endLine: b.line + 1, endColumn: b.character + 1 };
  }

  lineStart(line: number): number {
    return this.starts[Math.max(0, Math.min(line, this.starts.length - 1))]!;
  }

  /** Offset of the end of the line's content (before its line break). */
  lineEnd(line: number): number {
    const next = line + 1 < this.starts.length ? this.starts[line + 1]! : this.text.length + 1;
    let end = next - 1;
    if (end > this.text.length) end = this.text.length;
    while (end > this.starts[line]! && (this.text.charCodeAt(end - 1) === 10 || this.text.charCodeAt(end - 1) === 13)) end--;
    return end;
  }

  lineText(line: number): string {
    return this.text.slice(this.lineStart(line), this.lineEnd(line));
  }
}
