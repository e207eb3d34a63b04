/**
 * The key=value comment line of an extended-XYZ frame, following ASE's conventions: values bare,
 * in double quotes (backslash escapes) or in {} / [] brackets; a bare key means true; keys are
 * matched without regard to case by `lookup`.
 */
import { LocatedError } from '../errors';

export interface CommentValue {
  key: string;
  value: string;
  /** 1-based column where the value (or the bare key) starts. */
  column: number;
}

export type CommentFields = Map<string, CommentValue>;

const CLOSE: Record<string, string> = { '"': '"', '{': '}', '[': ']' };

export function parseCommentLine(text: string, file: string, line: number): CommentFields {
  const out: CommentFields = new Map();
  const n = text.length;
  let i = 0;
  const isSpace = (c: string): boolean => c === ' ' || c === '\t';
  while (i < n) {
    while (i < n && isSpace(text[i])) i++;
    if (i >= n) break;
    const keyStart = i;
    while (i < n && !isSpace(text[i]) && text[i] !== '=') i++;
    const key = text.slice(keyStart, i);
    let j = i;
    while (j < n && isSpace(text[j])) j++;
    if (j >= n || text[j] !== '=') {
      if (key) out.set(key.toLowerCase(), { key, value: 'T', column: keyStart + 1 });
      i = j;
      continue;
    }
    if (!key) throw new LocatedError("'=' without a key", { file, line, column: j + 1, field: 'comment' }, 'key=value pairs');
    j++;
    while (j < n && isSpace(text[j])) j++;
    const open = text[j];
    let value = '';
    const valueStart = j;
    if (open !== undefined && CLOSE[open]) {
      const close = CLOSE[open];
      j++;
      let closed = false;
      while (j < n) {
        const c = text[j];
        if (c === '\\' && open === '"' && j + 1 < n) { value += text[j + 1]; j += 2; continue; }
        if (c === close) { closed = true; j++; break; }
        value += c;
        j++;
      }
      if (!closed) {
        throw new LocatedError(`unclosed ${open} in value of ${key}`, { file, line, column: valueStart + 1, field: key }, `a closing ${close}`);
      }
    } else {
      while (j < n && !isSpace(text[j])) value += text[j++];
    }
    out.set(key.toLowerCase(), { key, value, column: valueStart + 1 });
    i = j;
  }
  return out;
}
