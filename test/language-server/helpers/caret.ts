import { LineIndex } from '../../../src/core/config/line-index';

/** Test texts mark the cursor with `|` (as yaml-language-server's tests do): strip it, return where it was. */
export function caret(marked: string): { text: string; offset: number; position: { line: number; character: number } } {
  const offset = marked.indexOf('|');
  if (offset < 0) throw new Error('no | caret in test text');
  const text = marked.slice(0, offset) + marked.slice(offset + 1);
  return { text, offset, position: new LineIndex(text).position(offset) };
}

/** Applies LSP text edits (non-overlapping) to a text. */
export function applyEdits(text: string, edits: { range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string }[]): string {
  const lines = new LineIndex(text);
  const off = (p: { line: number; character: number }) => lines.offset(p);
  const sorted = [...edits].sort((a, b) => off(b.range.start) - off(a.range.start));
  let out = text;
  for (const e of sorted) out = out.slice(0, off(e.range.start)) + e.newText + out.slice(off(e.range.end));
  return out;
}
