/**
 * Diagnostics carry `source: 'mlip-uq'` and the stable `code` of src/core/config (`unknown-property`,
 * `missing-property`, `invalid-enum`, `invalid-type`, `missing-reference-energy`, …): the CLI, the
 * runner and the editor all name a problem the same way.
 */
export const SOURCE = 'mlip-uq';

/** What quick fixes read from a diagnostic: src/core/config's `data` plus where the problem is. */
export interface DiagnosticData {
  /** JSON pointer of the offending value (for missing-property: the missing child). */
  pointer: string;
  suggestions?: string[];
  property?: string;
  quotedNumber?: number;
  missing?: string[];
  [k: string]: unknown;
}
