/**
 * Schema validation of a parsed config: ajv errors become one located diagnostic per problem, on the
 * exact key or value (a missing property on its parent's key), with did-you-mean suggestions.
 */
import type { ErrorObject, ValidateFunction } from 'ajv';
import { childPointer, locate, pointerToPath, type ConfigDiagnostic, type SourceRange } from './diagnostics';
import type { ParsedConfig } from './parsed';
import { configValidator } from './schema';
import { suggest } from './suggest';

type SchemaNode = Record<string, unknown>;

const ELEMENT_PATTERN = '^[A-Z][a-z]?$';

const RANGE_WORDS: Record<string, string> = {
  minimum: '≥', maximum: '≤', exclusiveMinimum: '>', exclusiveMaximum: '<',
};

function show(v: unknown): string {
  return typeof v === 'string' ? `"${v}"` : JSON.stringify(v) ?? String(v);
}

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

interface Mapped { code: string; message: string; pointer: string; range: SourceRange; expected?: string; data?: Record<string, unknown> }

function mapError(e: ErrorObject, parsed: ParsedConfig): Mapped | null {
  const ptr = e.instancePath;
  const at = locate(parsed.locations, ptr);
  const field = pointerToPath(ptr) || 'the config';
  const parent = (e.parentSchema ?? {}) as SchemaNode;
  switch (e.keyword) {
    case 'required': {
      const missing = String((e.params as { missingProperty: string }).missingProperty);
      return {
        code: 'missing-property', pointer: childPointer(ptr, missing), range: at.keyRange ?? at.range,
        message: `missing required property "${missing}" in ${field}`, expected: `a "${missing}" property`, data: { property: missing },
      };
    }
    case 'additionalProperties': {
      const key = String((e.params as { additionalProperty: string }).additionalProperty);
      const child = childPointer(ptr, key);
      const loc = locate(parsed.locations, child);
      const allowed = Object.keys((parent.properties as SchemaNode | undefined) ?? {});
      const suggestions = suggest(key, allowed);
      const hint = suggestions.length ? `; did you mean "${suggestions[0]}"?` : '';
      return {
        code: 'unknown-property', pointer: child, range: loc.keyRange ?? loc.range,
        message: `unknown property "${key}" in ${field}${hint}`, expected: `one of ${allowed.join(', ')}`, data: { property: key, suggestions, allowed },
      };
    }
    case 'propertyNames': {
      const key = String((e.params as { propertyName: string }).propertyName);
      const loc = locate(parsed.locations, childPointer(ptr, key));
      return { code: 'invalid-key', pointer: childPointer(ptr, key), range: loc.keyRange ?? loc.range, message: `"${key}" is not an element symbol in ${field}`, expected: 'an element symbol such as Ti or O' };
    }
    case 'enum': {
      const allowed = ((e.params as { allowedValues: unknown[] }).allowedValues ?? []).map(String);
      const suggestions = typeof e.data === 'string' ? suggest(e.data, allowed) : [];
      const hint = suggestions.length ? `; did you mean "${suggestions[0]}"?` : '';
      return {
        code: 'invalid-enum', pointer: ptr, range: at.range, message: `${show(e.data)} is not allowed for ${field}${hint}`,
        expected: `one of ${allowed.join(', ')}`, data: { suggestions, allowed },
      };
    }
    case 'type': {
      if (ptr === '' && (e.data === null || e.data === undefined)) {
        return { code: 'empty-config', pointer: '', range: at.range, message: 'the config is empty', expected: 'a mapping with at least a "data" section' };
      }
      const want = String((e.params as { type: string | string[] }).type).split(',').join(' or ');
      const quotedNumber = typeof e.data === 'string' && e.data.trim() !== '' && Number.isFinite(Number(e.data)) && /number|integer/.test(want);
      return {
        code: 'invalid-type', pointer: ptr, range: at.range, message: `${field} must be ${want}, not ${typeOf(e.data)}${quotedNumber ? ' (remove the quotes)' : ''}`,
        expected: want, data: quotedNumber ? { quotedNumber: Number(e.data) } : undefined,
      };
    }
    case 'minimum': case 'maximum': case 'exclusiveMinimum': case 'exclusiveMaximum': {
      const limit = (e.params as { limit: number }).limit;
      return { code: 'out-of-range', pointer: ptr, range: at.range, message: `${field} must be ${RANGE_WORDS[e.keyword]} ${limit}, got ${show(e.data)}`, expected: `a value ${RANGE_WORDS[e.keyword]} ${limit}` };
    }
    case 'minItems': case 'maxItems': {
      const limit = (e.params as { limit: number }).limit;
      const word = e.keyword === 'minItems' ? 'at least' : 'at most';
      return { code: 'item-count', pointer: ptr, range: at.range, message: `${field} needs ${word} ${limit} item${limit === 1 ? '' : 's'}`, expected: `${word} ${limit} item${limit === 1 ? '' : 's'}` };
    }
    case 'minLength':
      return { code: 'empty-value', pointer: ptr, range: at.range, message: `${field} must not be empty`, expected: 'a non-empty string' };
    case 'uniqueItems': {
      const { i, j } = e.params as { i: number; j: number };
      const dup = childPointer(ptr, Math.max(i, j));
      return { code: 'duplicate-item', pointer: dup, range: locate(parsed.locations, dup).range, message: `${field} lists ${show((e.data as unknown[])[Math.max(i, j)])} twice` };
    }
    case 'pattern': {
      const element = (e.params as { pattern: string }).pattern === ELEMENT_PATTERN;
      return element
        ? { code: 'invalid-element', pointer: ptr, range: at.range, message: `${show(e.data)} is not an element symbol (${field})`, expected: 'an element symbol such as Ti or O' }
        : { code: 'schema-pattern', pointer: ptr, range: at.range, message: `${field} ${e.message ?? 'is invalid'}` };
    }
    case 'not': {
      const custom = parent['x-errorMessage'];
      if (typeof custom !== 'string') break;
      return { code: 'option-not-applicable', pointer: ptr, range: at.keyRange ?? at.range, message: custom };
    }
    default:
      break;
  }
  return { code: `schema-${e.keyword}`, pointer: ptr, range: at.range, message: `${field} ${e.message ?? 'is invalid'}` };
}

/** `partial`: the value is incomplete after a syntax error, so missing-property errors are noise. */
/** `validator`: another schema's (the sweep file's) with the same located messages; default the config's. */
export function validateConfig(parsed: ParsedConfig, options: { partial?: boolean; validator?: ValidateFunction } = {}): ConfigDiagnostic[] {
  const validate = options.validator ?? configValidator();
  if (validate(parsed.value)) return [];
  const errors = (validate.errors ?? []).filter((e) =>
    e.keyword !== 'if' && !(e as { propertyName?: string }).propertyName && !(options.partial && e.keyword === 'required'));
  // A wrong type makes every other complaint about the same value redundant.
  const typed = new Set(errors.filter((e) => e.keyword === 'type').map((e) => e.instancePath));
  const seen = new Set<string>();
  const out: ConfigDiagnostic[] = [];
  for (const e of errors) {
    if (typed.has(e.instancePath) && e.keyword !== 'type') continue;
    const m = mapError(e, parsed);
    if (!m) continue;
    const id = `${m.code}|${m.pointer}`;
    if (seen.has(id)) continue;
    seen.add(id);
    const d: ConfigDiagnostic = { severity: 'error', source: 'schema', code: m.code, message: m.message, path: pointerToPath(m.pointer), pointer: m.pointer, range: m.range };
    if (m.expected) d.expected = m.expected;
    if (m.data) d.data = m.data;
    out.push(d);
  }
  return out;
}
