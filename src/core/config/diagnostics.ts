/**
 * What every config check returns: plain data the CLI prints, the runner turns into a failed run,
 * and the language server maps 1:1 onto LSP diagnostics (so no check is written twice).
 */
import { LocatedError } from '../errors';

/** 1-based line/column (UTF-16 columns, end exclusive) plus 0-based offsets into the text. */
export interface SourceRange {
  start: number;
  end: number;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** Where a value sits in the file; `keyRange` is its key when it is a property. */
export interface NodeLocation {
  range: SourceRange;
  keyRange?: SourceRange;
}

/** JSON pointer (`/method/bnn/prior_scale`, `''` for the root) → location in the file. */
export type SourceMap = Map<string, NodeLocation>;

export type Severity = 'error' | 'warning' | 'information' | 'hint';

export interface ConfigDiagnostic {
  severity: Severity;
  message: string;
  /** Stable identifier (`unknown-property`, `missing-reference-energy`, …) for filters and quick fixes. */
  code: string;
  /** `syntax` (parser), `schema` (ajv) or `semantics` (checks that know the science and the data). */
  source: 'syntax' | 'schema' | 'semantics';
  /** Dotted field path (`method.bnn.prior_scale`, `network.hidden[1]`); '' for the whole file. */
  path: string;
  /** The same place as a JSON pointer. */
  pointer: string;
  range: SourceRange;
  expected?: string;
  /** Extra facts for quick fixes: `suggestions` (did-you-mean), `missing` (element symbols), … */
  data?: Record<string, unknown>;
}

export const EMPTY_RANGE: SourceRange = { start: 0, end: 0, line: 1, column: 1, endLine: 1, endColumn: 1 };

export function pointerToPath(pointer: string): string {
  if (!pointer) return '';
  let out = '';
  for (const raw of pointer.slice(1).split('/')) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    out += /^\d+$/.test(seg) ? `[${seg}]` : out ? `.${seg}` : seg;
  }
  return out;
}

export function childPointer(pointer: string, key: string | number): string {
  return `${pointer}/${String(key).replace(/~/g, '~0').replace(/\//g, '~1')}`;
}

export function parentPointer(pointer: string): string {
  return pointer.slice(0, Math.max(0, pointer.lastIndexOf('/')));
}

/** The location of `pointer`, or of its nearest ancestor present in the file. */
export function locate(map: SourceMap, pointer: string): NodeLocation {
  let p = pointer;
  for (;;) {
    const loc = map.get(p);
    if (loc) return loc;
    if (!p) return { range: EMPTY_RANGE };
    p = parentPointer(p);
  }
}

export function hasErrors(diagnostics: readonly ConfigDiagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

/** For callers that stop at the first problem (CLI, runner): the first error as a LocatedError. */
export function toLocatedError(d: ConfigDiagnostic, file?: string): LocatedError {
  return new LocatedError(d.message, { file, line: d.range.line, column: d.range.column, field: d.path || undefined }, d.expected);
}

export function formatDiagnostic(d: ConfigDiagnostic, file?: string): string {
  const where = `${file ? file + ':' : ''}${d.range.line}:${d.range.column}`;
  return `${where}: ${d.severity} ${d.code}: ${d.message}${d.path ? ` (${d.path})` : ''}`;
}
