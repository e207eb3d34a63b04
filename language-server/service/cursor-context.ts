/**
 * Where the cursor is in terms of the config's structure, read from the text itself rather than a
 * parse tree: while typing, the document is usually broken (`radial_cu|` with no colon yet), and
 * indentation (YAML) or brackets (JSON) still say which block the cursor is in.
 */
import type { ConfigLanguage } from './parse';
import type { LineIndex } from '../../src/core/config/line-index';
import { yamlCursorContext } from './yaml-cursor';
import { jsonCursorContext } from './flow-cursor';

export { yamlCursorContext, jsonCursorContext };

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
  /** YAML: the cursor is inside a flow collection (`{ … }`, `[ … ]`), so inserted values stay on one line. */
  flow?: boolean;
}

export function cursorContext(language: ConfigLanguage, text: string, lines: LineIndex, offset: number): CursorContext {
  return language === 'json' ? jsonCursorContext(text, offset) : yamlCursorContext(lines, offset);
}
