/**
 * Text edits that add properties to a mapping in the user's own style: a new line at the mapping's
 * indentation for YAML block mappings, `, "key": value` for JSON and flow mappings. A missing parent
 * mapping is created under its own parent, recursively.
 */
import { isMap, type Document, type YAMLMap } from 'yaml';
import type { TextEdit } from 'vscode-languageserver';
import type { EditorParse } from './parse';
import { findPair } from './node-at-path';

export interface NewEntry { key: string; /** YAML block text of the value, one line or several indented by 2. */ yaml: string; json: string }

/** The YAML map node at a path (following only real mappings), or undefined. */
export function mapAt(doc: Document, path: (string | number)[]): YAMLMap | undefined {
  let node: unknown = doc.contents;
  for (const seg of path) {
    if (!isMap(node)) return undefined;
    node = findPair(node, String(seg))?.value;
  }
  return isMap(node) ? node : undefined;
}

function columnOf(parsed: EditorParse, offset: number): number {
  return parsed.lines.position(offset).character;
}

export function insertEntries(parsed: EditorParse, doc: Document, map: YAMLMap, entries: NewEntry[]): TextEdit[] {
  const lines = parsed.lines;
  const mapRange = map.range ?? [0, 0, 0];
  const flow = map.flow || parsed.language === 'json';
  const last = map.items[map.items.length - 1];
  if (flow) {
    const texts = entries.map((e) => (parsed.language === 'json' ? `"${e.key}": ${e.json}` : `${e.key}: ${e.json}`));
    if (!last) {
      const open = mapRange[0] + 1;
      return [{ range: lines.range(open, open), newText: ` ${texts.join(', ')} ` }];
    }
    const end = (last.value as { range?: number[] } | null)?.range?.[1] ?? (last.key as { range?: number[] } | null)?.range?.[1] ?? mapRange[1] - 1;
    return [{ range: lines.range(end, end), newText: `, ${texts.join(', ')}` }];
  }
  const firstKey = (map.items[0]?.key as { range?: number[] } | null)?.range?.[0];
  const indent = firstKey !== undefined ? columnOf(parsed, firstKey) : 0;
  const pad = ' '.repeat(indent);
  const endOffset = Math.max(mapRange[1] - 1, mapRange[0]);
  // Insert after the mapping's last line of content (trailing blank lines and comments stay below).
  let lastLine = lines.position(endOffset).line;
  while (lastLine > 0 && /^\s*(#.*)?$/.test(lines.lineText(lastLine))) lastLine--;
  const at = lines.lineEnd(lastLine);
  const text = entries.map((e) => `${pad}${e.key}:${e.yaml.startsWith('\n') ? '' : ' '}${indentBlock(e.yaml, pad)}`).join('\n');
  void doc;
  return [{ range: lines.range(at, at), newText: `\n${text}` }];
}

function indentBlock(yaml: string, pad: string): string {
  return yaml.split('\n').map((l, i) => (i === 0 ? l : pad + l)).join('\n');
}

/** Adds entries to the mapping at `path`, creating missing parent mappings on the way. */
export function insertAtPath(parsed: EditorParse, doc: Document, path: string[], entries: NewEntry[]): TextEdit[] {
  for (let depth = path.length; depth >= 0; depth--) {
    const map = mapAt(doc, path.slice(0, depth));
    if (!map) continue;
    let wrapped = entries;
    for (let i = path.length - 1; i >= depth; i--) {
      const inner = wrapped;
      wrapped = [{
        key: path[i]!,
        yaml: '\n' + inner.map((e) => `  ${e.key}:${e.yaml.startsWith('\n') ? '' : ' '}${e.yaml.split('\n').map((l, j) => (j === 0 ? l : '  ' + l)).join('\n')}`).join('\n'),
        json: `{ ${inner.map((e) => `"${e.key}": ${e.json}`).join(', ')} }`,
      }];
    }
    return insertEntries(parsed, doc, map, wrapped);
  }
  return [];
}

/**
 * The edit deleting the property at `path` with its whole value (block YAML: its lines, comments
 * inside included; flow/JSON: the pair and one neighbouring comma). Undefined when not found.
 */
export function removeProperty(parsed: EditorParse, doc: Document, path: string[]): TextEdit | undefined {
  const map = mapAt(doc, path.slice(0, -1));
  const name = path[path.length - 1];
  if (!map || name === undefined) return undefined;
  const index = map.items.findIndex((p) => (p.key as { value?: unknown } | null)?.value === name);
  const pair = map.items[index];
  const keyRange = (pair?.key as { range?: number[] } | null)?.range;
  if (!pair || !keyRange) return undefined;
  const valueEnd = (pair.value as { range?: number[] } | null)?.range?.[1] ?? keyRange[1];
  const lines = parsed.lines;
  if (!map.flow && parsed.language === 'yaml') {
    const first = lines.position(keyRange[0]!).line;
    let last = lines.position(Math.max(keyRange[0]!, valueEnd - 1)).line;
    while (last > first && /^\s*(#.*)?$/.test(lines.lineText(last))) last--;
    const end = last + 1 < lines.lineCount ? lines.lineStart(last + 1) : lines.text.length;
    return { range: lines.range(lines.lineStart(first), end), newText: '' };
  }
  // Flow mapping or JSON: take the comma after the pair, or before it when the pair is last.
  const text = lines.text;
  let start = keyRange[0]!;
  if (parsed.language === 'json' && text[start - 1] === '"') start--;
  let end = valueEnd;
  const after = /^\s*,\s*/.exec(text.slice(end));
  if (after) end += after[0].length;
  else {
    const before = /,\s*$/.exec(text.slice(0, start));
    if (before) start -= before[0].length;
  }
  return { range: lines.range(start, end), newText: '' };
}
