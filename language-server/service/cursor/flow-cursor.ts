/**
 * The cursor context inside flow collections from a scan of the brackets, strings and colons before
 * the cursor: the stack of open objects and arrays is the path. JSON (with comments) is one big flow
 * collection; in YAML the same scan runs from the `{` or `[` that opens the flow the cursor is in.
 */
import type { CursorContext } from './cursor-context';

interface Frame { kind: 'object' | 'array'; index: number; keys: Set<string>; expectKey: boolean; pendingKey?: string }

const TOKEN = /[\w.+\-/*]/;

/** Scans `text[from, offset)`; `yaml` switches comments to `#` and allows plain (unquoted) keys. */
export function flowCursorContext(text: string, from: number, offset: number, yaml: boolean): CursorContext {
  const stack: Frame[] = [];
  const path: (string | number)[] = [];
  let i = from;
  let quote = '';
  let stringStart = 0;
  let plain = '';
  while (i < offset) {
    const c = text[i]!;
    const top = stack[stack.length - 1];
    if (quote) {
      if (c === '\\' && quote === '"') { i += 2; continue; }
      if (c === quote && !(quote === "'" && text[i + 1] === "'")) {
        quote = '';
        if (top?.kind === 'object' && top.expectKey) top.pendingKey = text.slice(stringStart + 1, i);
      } else if (c === quote) i++;
      i++;
      continue;
    }
    if (!yaml && c === '/' && text[i + 1] === '/') { while (i < offset && text[i] !== '\n') i++; continue; }
    if (!yaml && c === '/' && text[i + 1] === '*') { const e = text.indexOf('*/', i + 2); i = e < 0 ? offset : e + 2; continue; }
    if (yaml && c === '#' && (i === 0 || /\s/.test(text[i - 1]!))) { while (i < offset && text[i] !== '\n') i++; continue; }
    if (c === '"' || (yaml && c === "'")) { quote = c; stringStart = i; i++; continue; }
    if (c === '{' || c === '[') {
      if (top) path.push(top.kind === 'object' ? top.pendingKey ?? '' : top.index);
      stack.push({ kind: c === '{' ? 'object' : 'array', index: 0, keys: new Set(), expectKey: c === '{' });
      plain = '';
    } else if (c === '}' || c === ']') {
      stack.pop();
      if (stack.length) path.pop();
      plain = '';
    } else if (c === ':' && top?.kind === 'object' && (!yaml || /[\s,\]}]/.test(text[i + 1] ?? ' ') || i + 1 === offset)) {
      if (yaml && top.expectKey && plain.trim()) top.pendingKey = plain.trim();
      top.expectKey = false;
      if (top.pendingKey !== undefined) top.keys.add(top.pendingKey);
      plain = '';
    } else if (c === ',' && top) {
      if (top.kind === 'object') { top.expectKey = true; top.pendingKey = undefined; } else top.index++;
      plain = '';
    } else {
      plain += c;
    }
    i++;
  }
  const top = stack[stack.length - 1];
  let prefixStart = offset;
  if (quote) prefixStart = stringStart + 1;
  else while (prefixStart > from && TOKEN.test(text[prefixStart - 1]!)) prefixStart--;
  let end = offset;
  while (end < text.length && (quote ? text[end] !== quote && text[end] !== '\n' : TOKEN.test(text[end]!))) end++;
  const prefix = text.slice(prefixStart, offset);
  const position: CursorContext['position'] = !top ? 'value' : top.kind === 'array' ? 'item' : top.expectKey ? 'key' : 'value';
  const siblings = new Set(top?.keys ?? []);
  let key: string | undefined;
  if (position === 'value' && top?.pendingKey !== undefined) { key = top.pendingKey; siblings.delete(key); }
  if (position === 'key') siblings.delete(prefix);
  return {
    path: position === 'item' ? [...path, 0] : path,
    position, key, prefix, replaceStart: prefixStart, replaceEnd: end, siblings, indent: 0, lineIndent: 0, inQuotes: quote !== '',
  };
}

export function jsonCursorContext(text: string, offset: number): CursorContext {
  return flowCursorContext(text, 0, offset, false);
}

/**
 * Offset of the `{` or `[` opening the YAML flow collection that holds `offset`, looking back over
 * the lines of a multi-line flow; undefined when the cursor is in block context.
 */
export function yamlFlowStart(text: string, lineStarts: (line: number) => number, line: number, offset: number): number | undefined {
  for (let ln = line; ln >= Math.max(0, line - 50); ln--) {
    const open = unclosedOpener(text, lineStarts(ln), offset);
    if (open !== undefined) return open;
    const lineText = text.slice(lineStarts(ln), ln === line ? offset : lineStarts(ln + 1));
    // A block-context line (no brackets) before the cursor means no flow is open.
    if (ln < line && !/[{}[\],]/.test(lineText.replace(/#.*$/, '')) && /\S/.test(lineText.replace(/#.*$/, ''))) return undefined;
  }
  return undefined;
}

function unclosedOpener(text: string, from: number, to: number): number | undefined {
  const stack: number[] = [];
  let quote = '';
  for (let i = from; i < to; i++) {
    const c = text[i]!;
    if (quote) { if (c === quote) quote = ''; continue; }
    if (c === '#' && (i === from || /\s/.test(text[i - 1]!))) { while (i < to && text[i] !== '\n') i++; continue; }
    if (c === '"' || c === "'") quote = c;
    else if (c === '{' || c === '[') stack.push(i);
    else if ((c === '}' || c === ']') && stack.length) stack.pop();
  }
  return stack[0];
}
