/**
 * JSON.parse for files people hand us (reports, run predictions, prediction tables): a BOM is
 * skipped, nesting deeper than any of those files has is refused before parsing, and a syntax error
 * says where (line, column). Below both src/core/report and src/core/uq, which read JSON files.
 */
import { LocatedError } from '../errors';
import { findExcessiveNesting, findJsonSyntaxError, lineColumn } from './json-syntax-error';

/** Deeper nesting than any report or predictions file has; refused before parsing. */
export const MAX_JSON_DEPTH = 64;

/** JSON.parse with a located error on failure. */
export function parseJson(text: string, file?: string): unknown {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const deep = findExcessiveNesting(body, MAX_JSON_DEPTH);
  if (deep >= 0) {
    throw new LocatedError(`nested more than ${MAX_JSON_DEPTH} levels deep`, { file, ...lineColumn(body, deep) }, 'a report or predictions file (a few levels of nesting)');
  }
  try {
    return JSON.parse(body);
  } catch (e) {
    const where = findJsonSyntaxError(body);
    if (where) throw new LocatedError(`not valid JSON: ${where.message}`, { file, line: where.line, column: where.column });
    throw new LocatedError(`not valid JSON: ${(e as Error).message}`, { file });
  }
}
