/**
 * The one error type for bad input anywhere in the product: it names where (file, line, column,
 * field) and what was expected, so every surface (CLI, runner events, diagnostics) can show it
 * without re-parsing a message.
 */
export interface SourceLocation {
  file?: string;
  /** 1-based line. */
  line?: number;
  /** 1-based column. */
  column?: number;
  /** Dotted path of the offending field (`method.bnn.prior_scale`) or a record name (`PRIMCOORD`). */
  field?: string;
}

export class LocatedError extends Error {
  readonly location: SourceLocation;
  readonly expected?: string;
  constructor(message: string, location: SourceLocation = {}, expected?: string) {
    super(formatLocated(message, location, expected));
    this.name = 'LocatedError';
    this.location = location;
    this.expected = expected;
  }
}

export function formatLocated(message: string, loc: SourceLocation, expected?: string): string {
  let where = loc.file ?? '';
  if (loc.line !== undefined) where += `${where ? ':' : 'line '}${loc.line}`;
  if (loc.column !== undefined) where += `:${loc.column}`;
  const field = loc.field ? ` (${loc.field})` : '';
  const exp = expected ? `; expected ${expected}` : '';
  return `${where ? where + ': ' : ''}${message}${field}${exp}`;
}

export function isLocatedError(e: unknown): e is LocatedError {
  return e instanceof LocatedError;
}
