/**
 * Seeded random edits of config texts for the fuzz test and the bench: deleted characters, swapped
 * lines, random values, broken indentation, stray YAML/JSON punctuation. Same seed, same edits.
 */
import { LineIndex } from '../../../src/core/config/line-index';

const VALUES = ['0', '-1', '1e309', '0.001', '"0.001"', 'true', 'null', '~', 'bnn', 'flipot', '[', ']', '{', '}', '{a: 1}', '[1, 2',
  '&a', '*a', '*missing', '<<: *a', '"', "'", '---', '...', '#', ':', '- x', '!!int x', '|', '>', '\t', 'é', '💥', '\\u0000', ''];

export type Mutation = (text: string, rnd: () => number) => string;

const pick = <T>(xs: readonly T[], rnd: () => number): T => xs[Math.floor(rnd() * xs.length)]!;

const deleteChars: Mutation = (t, rnd) => {
  if (!t.length) return t;
  const at = Math.floor(rnd() * t.length);
  return t.slice(0, at) + t.slice(at + 1 + Math.floor(rnd() * 5));
};
const swapLines: Mutation = (t, rnd) => {
  const lines = t.split('\n');
  const i = Math.floor(rnd() * lines.length);
  const j = Math.floor(rnd() * lines.length);
  [lines[i], lines[j]] = [lines[j]!, lines[i]!];
  return lines.join('\n');
};
const randomValue: Mutation = (t, rnd) => {
  const lines = t.split('\n');
  const i = Math.floor(rnd() * lines.length);
  const m = /^(\s*(?:-\s+)?[^:#]+:\s*)(.*)$/.exec(lines[i]!);
  lines[i] = m ? m[1] + pick(VALUES, rnd) : lines[i] + pick(VALUES, rnd);
  return lines.join('\n');
};
const breakIndent: Mutation = (t, rnd) => {
  const lines = t.split('\n');
  const i = Math.floor(rnd() * lines.length);
  const r = rnd();
  lines[i] = r < 0.4 ? lines[i]!.replace(/^\s{1,2}/, '') : r < 0.8 ? ' '.repeat(1 + Math.floor(rnd() * 3)) + lines[i] : '\t' + lines[i];
  return lines.join('\n');
};
const insertJunk: Mutation = (t, rnd) => {
  const at = Math.floor(rnd() * (t.length + 1));
  return t.slice(0, at) + pick(VALUES, rnd) + t.slice(at);
};
const duplicateLine: Mutation = (t, rnd) => {
  const lines = t.split('\n');
  const i = Math.floor(rnd() * lines.length);
  lines.splice(i, 0, lines[i]!);
  return lines.join('\n');
};

export const MUTATIONS: readonly Mutation[] = [deleteChars, swapLines, randomValue, breakIndent, insertJunk, duplicateLine];

export function mutate(text: string, rnd: () => number): string {
  return pick(MUTATIONS, rnd)(text, rnd);
}

/** The smallest single replacement turning `a` into `b` (common prefix and suffix kept), as an LSP change. */
export function diffAsChange(a: string, b: string) {
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) { endA--; endB--; }
  return { range: { start: positionOf(a, start), end: positionOf(a, endA) }, text: b.slice(start, endB) };
}

export function positionOf(text: string, offset: number): { line: number; character: number } {
  return new LineIndex(text).position(offset);
}
