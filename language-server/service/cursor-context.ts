/**
 * Where the cursor is in terms of the config's structure, read from the text itself rather than a
 * parse tree: while typing, the document is usually broken (`radial_cu|` with no colon yet), and
 * indentation (YAML) or brackets (JSON) still say which block the cursor is in.
 */
import type { ConfigLanguage } from './parse';
import type { LineIndex } from './positions';

export interface CursorContext {
  /** Path of the mapping (or sequence) that holds the cursor. */
  path: (string | number)[];
  /** 'key': typing a property name; 'value': typing the value of `key`; 'item': a sequence item. */
  position: 'key' | 'value' | 'item';
  /** For 'value': the key whose value is being typed. */
  key?: string;
  /** The text typed so far for the token under the cursor, and its offsets (the range to replace). */
  prefix: string;
  replaceStart: number;
  replaceEnd: number;
  /** Keys already present in the same mapping (excluding the one being typed). */
  siblings: Set<string>;
  /** Column at which a new key of this mapping starts (YAML), for multi-line snippets. */
  indent: number;
  /** Leading whitespace of the cursor's line (editors re-indent inserted lines by it). */
  lineIndent: number;
  /** JSON: the cursor is inside a string literal already. */
  inQuotes: boolean;
}

const KEY_LINE = /^(\s*)((?:-\s+)*)(?:"([^"]*)"|'([^']*)'|([^\s#:'"{}[\],][^:#]*?))\s*:(?:\s|$)/;

interface LineShape { indent: number; dashCols: number[]; key?: string; keyCol: number }

function shapeOf(line: string): LineShape | undefined {
  if (/^\s*(#.*)?$/.test(line)) return undefined;
  const lead = /^(\s*)/.exec(line)![1]!.length;
  const dashCols: number[] = [];
  let i = lead;
  while (line[i] === '-' && (line[i + 1] === ' ' || line[i + 1] === '\t' || i + 1 === line.length)) {
    dashCols.push(i);
    i++;
    while (line[i] === ' ' || line[i] === '\t') i++;
  }
  const m = KEY_LINE.exec(line);
  const key = m ? (m[3] ?? m[4] ?? m[5]?.trim()) : undefined;
  return { indent: lead, dashCols, key, keyCol: key !== undefined ? i : -1 };
}

export function yamlCursorContext(lines: LineIndex, offset: number): CursorContext {
  const pos = lines.position(offset);
  const full = lines.lineText(pos.line);
  const before = full.slice(0, pos.character);
  const lineStart = lines.lineStart(pos.line);

  let position: CursorContext['position'];
  let key: string | undefined;
  let col: number;
  let prefix: string;
  let prefixStart: number;
  const valueMatch = /^(\s*)((?:-\s+)*)(?:"([^"]*)"|'([^']*)'|([^\s#:'"{}[\],][^:#]*?))\s*:(\s*)(.*)$/.exec(before);
  if (valueMatch) {
    position = 'value';
    key = valueMatch[3] ?? valueMatch[4] ?? valueMatch[5]!.trim();
    col = valueMatch[1]!.length + valueMatch[2]!.length;
    const raw = valueMatch[7]!;
    const unquoted = raw.replace(/^["']/, '');
    prefix = unquoted;
    prefixStart = lineStart + before.length - unquoted.length;
  } else {
    const m = /^(\s*)((?:-\s*)*)(["']?)([^\s:#"']*)$/.exec(before) ?? /^(\s*)()()(.*)$/.exec(before)!;
    col = m[1]!.length + m[2]!.length;
    prefix = m[4]!;
    prefixStart = lineStart + before.length - prefix.length;
    position = m[2]!.length ? 'item' : 'key';
  }
  // The token ends at the next separator after the cursor.
  const after = full.slice(pos.character);
  const tail = position === 'value' ? /^[^\s#"',\]}]*/.exec(after)![0] : /^[^\s:#"']*/.exec(after)![0];
  const replaceEnd = offset + tail.length;

  // Walk up: lines indented less than `threshold` open the enclosing blocks.
  const reversed: (string | number)[] = [];
  const siblings = new Set<string>();
  let threshold = col;
  let inSameBlock = true;
  const curShape = shapeOf(full);
  if (position === 'item') {
    // A `- ` on the cursor's line opens a sequence item: its content starts at `col`.
    const dashCol = curShape?.dashCols[curShape.dashCols.length - 1] ?? col;
    reversed.push(0);
    threshold = dashCol;
    inSameBlock = false;
  }
  for (let ln = pos.line - 1; ln >= 0 && (threshold > 0 || inSameBlock); ln--) {
    const text = lines.lineText(ln);
    if (/^(---|\.\.\.)(\s|$)/.test(text)) break;
    const s = shapeOf(text);
    if (!s) continue;
    if (s.key !== undefined && s.keyCol === threshold && inSameBlock) siblings.add(s.key);
    if (s.key !== undefined && s.keyCol < threshold) {
      reversed.push(s.key);
      threshold = s.keyCol;
      inSameBlock = false;
    }
    const innerDash = [...s.dashCols].reverse().filter((d) => d < threshold);
    for (const d of innerDash) {
      // A dash left of the block means the block is the content of a sequence item.
      reversed.push(0);
      threshold = d;
      inSameBlock = false;
    }
    if (s.key === undefined && s.dashCols.length === 0 && s.indent < threshold) {
      // A plain scalar line left of us (broken text); stop rather than guess.
      threshold = s.indent;
      inSameBlock = false;
    }
  }
  // Siblings below the cursor in the same block.
  if (position !== 'item') {
    for (let ln = pos.line + 1; ln < lines.lineCount; ln++) {
      const text = lines.lineText(ln);
      if (/^(---|\.\.\.)(\s|$)/.test(text)) break;
      const s = shapeOf(text);
      if (!s) continue;
      const start = s.dashCols.length ? s.dashCols[0]! : s.keyCol >= 0 ? s.keyCol : s.indent;
      if (start < col) break;
      if (s.key !== undefined && s.keyCol === col && s.dashCols.length === 0) siblings.add(s.key);
    }
  }
  if (position === 'value' && curShape?.key !== undefined) siblings.delete(key!);
  return {
    path: reversed.reverse(),
    position,
    key,
    prefix,
    replaceStart: prefixStart,
    replaceEnd,
    siblings,
    indent: col,
    lineIndent: /^\s*/.exec(full)![0].length,
    inQuotes: false,
  };
}

interface Frame { kind: 'object' | 'array'; key?: string; index: number; keys: Set<string>; expectKey: boolean; pendingKey?: string }

export function jsonCursorContext(text: string, offset: number): CursorContext {
  const stack: Frame[] = [];
  const path: (string | number)[] = [];
  let i = 0;
  let lastString: { value: string; start: number } | undefined;
  let inString = false;
  let stringStart = 0;
  while (i < offset) {
    const c = text[i]!;
    if (inString) {
      if (c === '\\') { i += 2; continue; }
      if (c === '"') {
        inString = false;
        lastString = { value: text.slice(stringStart + 1, i), start: stringStart };
        const top = stack[stack.length - 1];
        if (top?.kind === 'object' && top.expectKey) top.pendingKey = lastString.value;
      }
      i++;
      continue;
    }
    if (c === '/' && text[i + 1] === '/') { while (i < offset && text[i] !== '\n') i++; continue; }
    if (c === '/' && text[i + 1] === '*') { const e = text.indexOf('*/', i + 2); i = e < 0 ? offset : e + 2; continue; }
    if (c === '"') { inString = true; stringStart = i; i++; continue; }
    const top = stack[stack.length - 1];
    if (c === '{' || c === '[') {
      if (top) path.push(top.kind === 'object' ? top.pendingKey ?? '' : top.index);
      stack.push({ kind: c === '{' ? 'object' : 'array', index: 0, keys: new Set(), expectKey: c === '{' });
    } else if (c === '}' || c === ']') {
      stack.pop();
      if (stack.length) path.pop();
    } else if (c === ':' && top?.kind === 'object') {
      top.expectKey = false;
      if (top.pendingKey !== undefined) top.keys.add(top.pendingKey);
    } else if (c === ',' && top) {
      if (top.kind === 'object') { top.expectKey = true; top.pendingKey = undefined; } else top.index++;
    }
    i++;
  }
  const top = stack[stack.length - 1];
  let prefixStart = offset;
  if (inString) prefixStart = stringStart + 1;
  else {
    while (prefixStart > 0 && /[\w.+-]/.test(text[prefixStart - 1]!)) prefixStart--;
  }
  let end = offset;
  while (end < text.length && (inString ? text[end] !== '"' && text[end] !== '\n' : /[\w.+-]/.test(text[end]!))) end++;
  const prefix = text.slice(prefixStart, offset);
  const position: CursorContext['position'] = !top ? 'value' : top.kind === 'array' ? 'item' : top.expectKey ? 'key' : 'value';
  const siblings = new Set(top?.keys ?? []);
  let key: string | undefined;
  if (position === 'value' && top?.pendingKey !== undefined) { key = top.pendingKey; siblings.delete(key); }
  if (position === 'key' && inString) siblings.delete(prefix);
  const fullPath = position === 'item' ? [...path, top!.index] : path;
  return { path: position === 'item' ? fullPath.slice(0, -1).concat([0]) : fullPath, position, key, prefix, replaceStart: prefixStart, replaceEnd: end, siblings, indent: 0, lineIndent: 0, inQuotes: inString };
}

export function cursorContext(language: ConfigLanguage, text: string, lines: LineIndex, offset: number): CursorContext {
  return language === 'json' ? jsonCursorContext(text, offset) : yamlCursorContext(lines, offset);
}
