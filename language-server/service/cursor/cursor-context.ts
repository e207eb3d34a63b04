/**
 * What completion and hover need to know about the cursor's place in the config's structure. The type
 * has its own file so the YAML and flow scanners (which produce it) and the dispatcher (index.ts) all
 * import it from below, without importing each other in a circle.
 */
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
