/**
 * JSON with comments (`//`, `/* *\/`) and trailing commas → plain value + source map. Hand-written
 * because JSON.parse keeps no positions; on a syntax error it reports the place and keeps what it
 * had read, so the rest of the file can still be checked.
 */
import { childPointer, type ConfigDiagnostic, type SourceMap } from './diagnostics';
import { checkConfigText, CONFIG_LIMITS } from './input-limits';
import { LineIndex } from './line-index';
import type { ParsedConfig } from './parsed';

class SyntaxStop extends Error {}

/** Deeper than any config; stops hostile input before the call stack does. */
const MAX_DEPTH = CONFIG_LIMITS.maxDepth;

class JsoncReader {
  pos = 0;
  /** Set by the first syntax error: containers return what they hold and reading stops. */
  stopped = false;
  readonly map: SourceMap = new Map();
  readonly diagnostics: ConfigDiagnostic[] = [];
  constructor(private readonly text: string, private readonly lines: LineIndex) {}

  fail(message: string, start = this.pos, end = Math.min(this.text.length, start + 1)): never {
    this.diagnostics.push({ severity: 'error', source: 'syntax', code: 'json-syntax', message, path: '', pointer: '', range: this.lines.sourceRange(start, end) });
    this.stopped = true;
    throw new SyntaxStop(message);
  }

  skipSpace(): void {
    const t = this.text;
    while (this.pos < t.length) {
      const c = t[this.pos]!;
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\ufeff') this.pos++;
      else if (c === '/' && t[this.pos + 1] === '/') { while (this.pos < t.length && t[this.pos] !== '\n') this.pos++; }
      else if (c === '/' && t[this.pos + 1] === '*') {
        const end = t.indexOf('*/', this.pos + 2);
        if (end < 0) this.fail('unterminated comment', this.pos, this.pos + 2);
        this.pos = end + 2;
      } else break;
    }
  }

  /** Parses one value at the cursor and records where it and its key lie. */
  value(pointer: string, keyStart?: number, keyEnd?: number, depth = 0): unknown {
    this.skipSpace();
    if (depth > MAX_DEPTH) this.fail(`nesting deeper than ${MAX_DEPTH} levels`);
    const start = this.pos;
    const c = this.text[this.pos];
    const record = (end: number) => {
      const range = this.lines.sourceRange(start, end);
      this.map.set(pointer, keyStart === undefined ? { range } : { range, keyRange: this.lines.sourceRange(keyStart, keyEnd!) });
    };
    if (c === '{') return this.object(pointer, record, depth);
    if (c === '[') return this.array(pointer, record, depth);
    const v = c === '"' ? this.string() : this.literal();
    record(this.pos);
    return v;
  }

  private object(pointer: string, record: (end: number) => void, depth: number): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    this.pos++;
    record(this.text.length);
    try {
      for (;;) {
        this.skipSpace();
        if (this.text[this.pos] === '}') { this.pos++; break; }
        if (this.text[this.pos] !== '"') this.fail(this.pos >= this.text.length ? 'unexpected end of file; expected "}"' : 'expected a property name in double quotes or "}"');
        const ks = this.pos;
        const key = this.string();
        const ke = this.pos;
        this.skipSpace();
        if (this.text[this.pos] !== ':') this.fail('expected ":" after the property name');
        this.pos++;
        const child = childPointer(pointer, key);
        if (Object.prototype.hasOwnProperty.call(out, key)) {
          this.diagnostics.push({ severity: 'error', source: 'syntax', code: 'duplicate-key', message: `duplicate key "${key}"`, path: '', pointer: child, range: this.lines.sourceRange(ks, ke) });
          this.map.delete(child);
        }
        out[key] = this.value(child, ks, ke, depth + 1);
        if (this.stopped || this.closes('}')) break;
      }
    } catch (e) {
      if (!(e instanceof SyntaxStop)) throw e;
    } finally {
      record(this.pos);
    }
    return out;
  }

  /** After a member: "," (more follow: false) or the closing bracket (done: true), else a syntax error. */
  private closes(close: '}' | ']'): boolean {
    this.skipSpace();
    if (this.text[this.pos] === ',') { this.pos++; return false; }
    if (this.text[this.pos] === close) { this.pos++; return true; }
    return this.fail(`expected "," or "${close}"`);
  }

  private array(pointer: string, record: (end: number) => void, depth: number): unknown[] {
    const out: unknown[] = [];
    this.pos++;
    try {
      for (;;) {
        this.skipSpace();
        if (this.text[this.pos] === ']') { this.pos++; break; }
        if (this.pos >= this.text.length) this.fail('unexpected end of file; expected "]"');
        out.push(this.value(childPointer(pointer, out.length), undefined, undefined, depth + 1));
        if (this.stopped || this.closes(']')) break;
      }
    } catch (e) {
      if (!(e instanceof SyntaxStop)) throw e;
    } finally {
      record(this.pos);
    }
    return out;
  }

  private string(): string {
    const start = this.pos;
    const t = this.text;
    let i = this.pos + 1;
    while (i < t.length && t[i] !== '"' && t[i] !== '\n') i += t[i] === '\\' ? 2 : 1;
    if (t[i] !== '"') this.fail('unterminated string', start, i);
    if (i - start - 1 > CONFIG_LIMITS.maxScalarChars) this.fail(`a string of ${i - start - 1} characters; the limit is ${CONFIG_LIMITS.maxScalarChars}`, start, i + 1);
    this.pos = i + 1;
    try {
      return JSON.parse(t.slice(start, i + 1)) as string;
    } catch {
      return this.fail('invalid escape in string', start, i + 1);
    }
  }

  private literal(): unknown {
    const m = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(this.text.slice(this.pos, this.pos + 400));
    if (!m) {
      const word = /^[^\s,:{}\[\]]*/.exec(this.text.slice(this.pos))![0];
      this.fail(this.pos >= this.text.length ? 'unexpected end of file; expected a value' : `unexpected "${word || this.text[this.pos]}"; expected a value`, this.pos, this.pos + Math.max(1, word.length));
    }
    this.pos += m[0].length;
    return JSON.parse(m[0]);
  }
}

export function parseJsoncConfig(text: string, file: string): ParsedConfig {
  // Depth is the reader's own check (a json-syntax error where it happens); size is refused before reading.
  const tooBig = checkConfigText(text, 'json');
  if (tooBig?.code === 'config-too-large') {
    const range = new LineIndex('').sourceRange(0, 0);
    return { file, format: 'json', text, value: null, locations: new Map(), diagnostics: [{ severity: 'error', source: 'syntax', code: tooBig.code, message: tooBig.message, path: '', pointer: '', range }] };
  }
  const lines = new LineIndex(text);
  const reader = new JsoncReader(text, lines);
  let value: unknown = null;
  try {
    reader.skipSpace();
    if (reader.pos < text.length) {
      value = reader.value('');
      reader.skipSpace();
      if (!reader.stopped && reader.pos < text.length) reader.fail('unexpected text after the end of the document');
    }
  } catch (e) {
    if (!(e instanceof SyntaxStop)) throw e;
  }
  return { file, format: 'json', text, value, locations: reader.map, diagnostics: reader.diagnostics };
}
