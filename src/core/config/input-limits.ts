/**
 * Limits on config text, checked before any parser runs: a config is a few kilobytes, so anything far
 * past these is hostile or a mistake, and parsing it first would be the attack (the `yaml` package
 * takes seconds on 100,000 open brackets and exhausts memory on 50,000 nested `- `). Each check is
 * one linear pass and names the place that broke the limit.
 */

export const CONFIG_LIMITS = {
  /** Characters of config text (a full example config is about 3,000). */
  maxChars: 256 * 1024,
  /** Nesting of mappings, sequences and flow collections (the schema needs 5). */
  maxDepth: 64,
  /** Nodes that aliases add when expanded (an alias bomb adds billions). */
  maxAliasNodes: 10_000,
  /** Characters of one scalar (paths and names; a few hundred at most). */
  maxScalarChars: 4096,
} as const;

export interface TextLimitProblem {
  code: 'config-too-large' | 'config-too-deep';
  message: string;
  /** Character offsets of the place to mark. */
  start: number;
  end: number;
}

/** Code units of `text` from `i` that are a compact block indicator (`- ` or `? `), counted. */
function compactIndicators(text: string, i: number): { count: number; next: number } {
  let count = 0;
  while ((text[i] === '-' || text[i] === '?') && (text[i + 1] === ' ' || text[i + 1] === '\t')) {
    count++;
    i += 2;
    while (text[i] === ' ' || text[i] === '\t') i++;
  }
  return { count, next: i };
}

/**
 * Size and an upper estimate of the nesting depth of YAML or JSON(C) text: flow brackets outside
 * quotes and comments, plus block levels from indentation and compact `- - -` indicators.
 */
export function checkConfigText(text: string, language: 'yaml' | 'json'): TextLimitProblem | null {
  const L = CONFIG_LIMITS;
  if (text.length > L.maxChars) {
    return {
      code: 'config-too-large', start: 0, end: 0,
      message: `the config has ${text.length} characters; the limit is ${L.maxChars} (a config is a few thousand)`,
    };
  }
  const indents: number[] = [];
  let flow = 0;
  let i = 0;
  const n = text.length;
  const tooDeep = (at: number): TextLimitProblem => ({
    code: 'config-too-deep', start: at, end: Math.min(n, at + 1),
    message: `nesting deeper than ${L.maxDepth} levels`,
  });
  while (i < n) {
    // Start of a line: block structure.
    let indent = 0;
    while (text[i] === ' ') { i++; indent++; }
    const c0 = text[i];
    const blank = i >= n || c0 === '\n' || c0 === '\r' || c0 === '#';
    if (!blank && flow === 0 && language === 'yaml') {
      while (indents.length && indents[indents.length - 1]! > indent) indents.pop();
      if (!indents.length || indents[indents.length - 1]! < indent) indents.push(indent);
      const compact = compactIndicators(text, i);
      if (indents.length + compact.count > L.maxDepth) return tooDeep(i);
      i = compact.next;
    }
    // Rest of the line: flow collections, skipping quoted text and comments.
    while (i < n && text[i] !== '\n') {
      const c = text[i]!;
      if (c === '"' || (c === "'" && language === 'yaml')) {
        // Quoted scalars may span lines; an unterminated one runs to the end, like the parser's.
        i++;
        while (i < n && text[i] !== c) i += text[i] === '\\' && c === '"' ? 2 : 1;
        i++;
        continue;
      }
      if ((c === '#' && language === 'yaml' && (i === 0 || /\s/.test(text[i - 1]!))) || (language === 'json' && c === '/' && text[i + 1] === '/')) {
        while (i < n && text[i] !== '\n') i++;
        break;
      }
      if (language === 'json' && c === '/' && text[i + 1] === '*') {
        const end = text.indexOf('*/', i + 2);
        i = end < 0 ? n : end + 2;
        continue;
      }
      if (c === '[' || c === '{') {
        flow++;
        if (flow + indents.length > L.maxDepth) return tooDeep(i);
      } else if ((c === ']' || c === '}') && flow > 0) flow--;
      i++;
    }
    i++;
  }
  return null;
}
