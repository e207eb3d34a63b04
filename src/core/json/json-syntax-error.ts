/**
 * Where is a JSON text broken? JSON.parse's messages name a position only sometimes, so on failure we
 * re-scan the text with this small validating scanner (no values are built; an explicit stack, so deep
 * nesting cannot overflow) and report the first offending offset as line and column. It runs only
 * after JSON.parse has failed, and stops at the first error, so junk is rejected in time proportional
 * to how far the text looks like JSON.
 */
export interface JsonSyntaxProblem {
  offset: number;
  line: number;
  column: number;
  message: string;
}

type State = 'value' | 'valueOrClose' | 'keyOrClose' | 'key' | 'colon' | 'commaOrClose' | 'done';

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

export function findJsonSyntaxError(text: string): JsonSyntaxProblem | null {
  const stack: ('[' | '{')[] = [];
  let i = 0;
  let state: State = 'value';
  const n = text.length;
  const fail = (offset: number, message: string) => ({ offset, message, ...lineColumn(text, offset) });
  const afterValue = (): State => (stack.length ? 'commaOrClose' : 'done');
  for (;;) {
    while (i < n && (text[i] === ' ' || text[i] === '\n' || text[i] === '\r' || text[i] === '\t')) i++;
    if (i >= n) return state === 'done' ? null : fail(i, `unexpected end of the text (truncated?) while expecting ${expecting(state, stack)}`);
    const c = text[i];
    switch (state) {
      case 'done':
        return fail(i, 'unexpected text after the end of the JSON value');
      case 'colon':
        if (c !== ':') return fail(i, `expected ':' after the property name, found ${show(c)}`);
        i++;
        state = 'value';
        break;
      case 'commaOrClose': {
        const close = stack[stack.length - 1] === '[' ? ']' : '}';
        if (c === ',') { i++; state = close === ']' ? 'value' : 'key'; }
        else if (c === close) { stack.pop(); i++; state = afterValue(); }
        else return fail(i, `expected ',' or '${close}', found ${show(c)}`);
        break;
      }
      case 'keyOrClose':
      case 'key':
        if (state === 'keyOrClose' && c === '}') { stack.pop(); i++; state = afterValue(); break; }
        if (c !== '"') return fail(i, `expected a property name in double quotes, found ${show(c)}`);
        { const end = scanString(text, i); if (typeof end !== 'number') return fail(end.offset, end.message); i = end; }
        state = 'colon';
        break;
      case 'value':
      case 'valueOrClose':
        if (state === 'valueOrClose' && c === ']') { stack.pop(); i++; state = afterValue(); break; }
        if (c === '{') { stack.push('{'); i++; state = 'keyOrClose'; break; }
        if (c === '[') { stack.push('['); i++; state = 'valueOrClose'; break; }
        if (c === '"') {
          const end = scanString(text, i);
          if (typeof end !== 'number') return fail(end.offset, end.message);
          i = end;
        } else if (c === '-' || (c >= '0' && c <= '9')) {
          NUMBER.lastIndex = i;
          const m = NUMBER.exec(text);
          if (!m) return fail(i, 'malformed number');
          i += m[0].length;
        } else {
          const lit = ['true', 'false', 'null'].find((w) => text.startsWith(w, i));
          if (!lit) return fail(i, `expected a value, found ${show(c)}`);
          i += lit.length;
        }
        state = afterValue();
        break;
    }
  }
}

/** Offset just past the closing quote, or the problem. */
function scanString(text: string, start: number): number | { offset: number; message: string } {
  for (let i = start + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) return i + 1;
    if (c < 0x20) return { offset: i, message: 'control character inside a string (unterminated string?)' };
    if (c === 0x5c) {
      const e = text[i + 1];
      if (e === 'u') {
        if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) return { offset: i, message: 'bad \\u escape' };
        i += 5;
      } else if (e !== undefined && '"\\/bfnrt'.includes(e)) i++;
      else return { offset: i, message: 'bad escape in a string' };
    }
  }
  return { offset: text.length, message: 'unterminated string (truncated?)' };
}

function expecting(state: State, stack: string[]): string {
  if (state === 'colon') return "':'";
  if (state === 'commaOrClose') return `',' or '${stack[stack.length - 1] === '[' ? ']' : '}'}'`;
  if (state === 'key' || state === 'keyOrClose') return 'a property name';
  return 'a value';
}

function show(c: string): string {
  return /[\x20-\x7e]/.test(c) ? `'${c}'` : `U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/** 1-based line and column (in UTF-16 code units) of an offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

/** Characters that may appear in JSON outside strings. */
const JSON_OUTSIDE_STRINGS = new Uint8Array(128);
for (const c of ' \t\r\n,:[]{}-+.0123456789eEtrufalsn') JSON_OUTSIDE_STRINGS[c.charCodeAt(0)] = 1;

/**
 * Offset of the first bracket nested deeper than `maxDepth`, or −1. V8's JSON.parse takes tens of
 * seconds on millions of nested brackets, and no report nests deeper than ~10, so this linear pre-scan
 * (strings skipped) lets junk like "[[[[…" be refused at once. It stops at the first character that
 * cannot be JSON, leaving that error to the parser, so the first problem in the text is the one named.
 */
export function findExcessiveNesting(text: string, maxDepth: number): number {
  let depth = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      // Skip the string: the next quote not escaped.
      for (i++; i < n; i++) {
        const d = text.charCodeAt(i);
        if (d === 0x5c) i++;
        else if (d === 0x22) break;
      }
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > maxDepth) return i;
    } else if (c === 0x5d || c === 0x7d) {
      depth--;
    } else if (c >= 128 || !JSON_OUTSIDE_STRINGS[c]) {
      return -1;
    }
  }
  return -1;
}
