/**
 * Where the cursor is in terms of the config's structure, read from the text itself rather than a
 * parse tree: while typing, the document is usually broken (`radial_cu|` with no colon yet), and
 * indentation (YAML) or brackets (JSON) still say which block the cursor is in.
 */
import type { ConfigLanguage } from '../parse';
import type { LineIndex } from '../../../src/core/config/line-index';
import type { CursorContext } from './cursor-context';
import { yamlCursorContext } from './yaml-cursor';
import { jsonCursorContext } from './flow-cursor';

export type { CursorContext };
export { yamlCursorContext, jsonCursorContext };

export function cursorContext(language: ConfigLanguage, text: string, lines: LineIndex, offset: number): CursorContext {
  return language === 'json' ? jsonCursorContext(text, offset) : yamlCursorContext(lines, offset);
}
