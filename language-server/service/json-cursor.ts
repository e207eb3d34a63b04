/**
 * The cursor context in JSON (with comments) from a scan of the brackets, strings and colons before
 * the cursor: the stack of open objects and arrays is the path.
 */
import type { CursorContext } from './cursor-context';

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

