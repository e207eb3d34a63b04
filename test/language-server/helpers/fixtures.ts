/** The invalid configs under schemas/examples/invalid/ that the language-server tests open. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO } from './build';

export const INVALID_DIR = join(REPO, 'schemas', 'examples', 'invalid');

export function invalidExample(name: string): { uri: string; text: string } {
  const path = join(INVALID_DIR, name);
  return { uri: pathToFileURL(path).href, text: readFileSync(path, 'utf8') };
}

/** The text a diagnostic's range covers (single-line ranges), to pin ranges to tokens a reader can check. */
export function textAt(text: string, range: { start: { line: number; character: number }; end: { line: number; character: number } }): string {
  const lines = text.split('\n');
  if (range.start.line !== range.end.line) return lines.slice(range.start.line, range.end.line).join('\n');
  return lines[range.start.line]!.slice(range.start.character, range.end.character);
}
