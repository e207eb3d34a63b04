/**
 * Walks a JSON Schema the way an instance path walks a config: through $ref, allOf/anyOf/oneOf and
 * if/then/else, to the sub-schemas that may apply at a path. Completion and hover use this; ajv does
 * the actual validation. `if` conditions are decided with a light check (const/enum/required/type of
 * the properties the condition names), enough for discriminators such as `method.type`.
 */
export type JsonSchema = { [k: string]: unknown } | boolean;
export type SchemaObject = { [k: string]: unknown };

export function isObj(s: unknown): s is SchemaObject {
  return typeof s === 'object' && s !== null && !Array.isArray(s);
}

export class SchemaNavigator {
  constructor(readonly root: SchemaObject) {}

  resolveRef(s: SchemaObject): SchemaObject | undefined {
    let cur: SchemaObject | undefined = s;
    for (let hops = 0; cur && typeof cur.$ref === 'string' && hops < 32; hops++) {
      const ref: string = cur.$ref as string;
      if (!ref.startsWith('#')) return undefined;
      let target: unknown = this.root;
      for (const raw of ref.slice(1).split('/').filter(Boolean)) {
        const seg = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
        target = isObj(target) ? target[seg] : undefined;
      }
      const rest: SchemaObject = { ...cur };
      delete rest.$ref;
      cur = isObj(target) ? (Object.keys(rest).length ? { ...target, ...rest } : target) : undefined;
    }
    return cur;
  }

  /**
   * The schema and every branch of it that may apply to `value` (combinators expanded, refs resolved).
   * `value` decides `if` conditions and filters oneOf/anyOf branches whose discriminator does not match.
   */
  expand(schema: unknown, value?: unknown, depth = 0): SchemaObject[] {
    if (!isObj(schema) || depth > 24) return [];
    const s = this.resolveRef(schema);
    if (!s) return [];
    const out: SchemaObject[] = [s];
    for (const sub of asArray(s.allOf)) out.push(...this.expand(sub, value, depth + 1));
    for (const key of ['anyOf', 'oneOf'] as const) {
      const branches = asArray(s[key]);
      const fitting = value === undefined ? branches : branches.filter((b) => this.plausible(b, value));
      for (const sub of fitting.length ? fitting : branches) out.push(...this.expand(sub, value, depth + 1));
    }
    if (s.if !== undefined) {
      const cond = this.plausible(s.if, value);
      if (cond !== false || value === undefined) out.push(...this.expand(s.then, value, depth + 1));
      if (cond === false || value === undefined) out.push(...this.expand(s.else, value, depth + 1));
    }
    return out;
  }

  /** Cheap "could this branch accept the value?": type, const, enum and the consts of named properties. */
  plausible(schema: unknown, value: unknown, depth = 0): boolean {
    if (schema === false) return false;
    if (!isObj(schema) || depth > 8) return true;
    const s = this.resolveRef(schema);
    if (!s) return true;
    if (value === undefined) return true;
    if (s.type !== undefined && !asArray(s.type).some((t) => typeMatches(String(t), value))) return false;
    if ('const' in s && !deepEqual(s.const, value)) return false;
    if (Array.isArray(s.enum) && !s.enum.some((e) => deepEqual(e, value))) return false;
    if (isObj(value)) {
      for (const r of asArray(s.required)) if (typeof r === 'string' && !(r in value)) return false;
      if (isObj(s.properties)) {
        for (const [k, sub] of Object.entries(s.properties)) {
          if (k in value && !this.plausible(sub, value[k], depth + 1)) return false;
        }
      }
    }
    for (const sub of asArray(s.allOf)) if (!this.plausible(sub, value, depth + 1)) return false;
    return true;
  }

  /** Schemas that apply to the child `seg` of a value that the `parents` schemas describe. */
  child(parents: SchemaObject[], seg: string | number, childValue?: unknown): SchemaObject[] {
    const out: SchemaObject[] = [];
    for (const p of parents) {
      if (typeof seg === 'number' || /^\d+$/.test(String(seg))) {
        if (isObj(p.items)) out.push(...this.expand(p.items, childValue));
        else if (Array.isArray(p.items)) {
          const item = p.items[Number(seg)];
          if (item !== undefined) out.push(...this.expand(item, childValue));
        }
        if (typeof seg === 'number') continue;
      }
      const name = String(seg);
      if (isObj(p.properties) && name in p.properties) {
        out.push(...this.expand(p.properties[name], childValue));
        continue;
      }
      let matched = false;
      if (isObj(p.patternProperties)) {
        for (const [pat, sub] of Object.entries(p.patternProperties)) {
          if (safeRegex(pat)?.test(name)) { out.push(...this.expand(sub, childValue)); matched = true; }
        }
      }
      if (!matched && isObj(p.additionalProperties)) out.push(...this.expand(p.additionalProperties, childValue));
    }
    return out;
  }

  /** Schemas at an instance path of `rootValue` (values along the way decide if/then and oneOf). */
  at(path: (string | number)[], rootValue?: unknown): SchemaObject[] {
    let schemas = this.expand(this.root, rootValue);
    let value: unknown = rootValue;
    for (const seg of path) {
      value = isObj(value) ? value[String(seg)] : Array.isArray(value) ? value[Number(seg)] : undefined;
      schemas = this.child(schemas, seg, value);
      if (!schemas.length) break;
    }
    return schemas;
  }

  /** Every named property any of the schemas declares, with the schemas that describe it. */
  properties(schemas: SchemaObject[]): Map<string, SchemaObject[]> {
    const out = new Map<string, SchemaObject[]>();
    const forbidden = new Set<string>();
    for (const s of schemas) {
      if (!isObj(s.properties)) continue;
      for (const [k, sub] of Object.entries(s.properties)) {
        // `false` or `{not: {}}` in an applicable branch: the property is not allowed here.
        if (sub === false || (isObj(sub) && isObj(sub.not) && Object.keys(sub.not).length === 0)) { forbidden.add(k); continue; }
        const list = out.get(k) ?? [];
        list.push(...this.expand(sub));
        out.set(k, list);
      }
    }
    for (const k of forbidden) out.delete(k);
    return out;
  }

  required(schemas: SchemaObject[]): string[] {
    const out = new Set<string>();
    for (const s of schemas) for (const r of asArray(s.required)) if (typeof r === 'string') out.add(r);
    return [...out];
  }
}

export function asArray(v: unknown): unknown[] {
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

export function typeMatches(type: string, v: unknown): boolean {
  switch (type) {
    case 'null': return v === null;
    case 'boolean': return typeof v === 'boolean';
    case 'integer': return typeof v === 'number' && Number.isInteger(v);
    case 'number': return typeof v === 'number';
    case 'string': return typeof v === 'string';
    case 'array': return Array.isArray(v);
    case 'object': return isObj(v);
    default: return true;
  }
}

export function deepEqual(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

const regexCache = new Map<string, RegExp | null>();
export function safeRegex(pattern: string): RegExp | null {
  if (!regexCache.has(pattern)) {
    try { regexCache.set(pattern, new RegExp(pattern, 'u')); } catch { regexCache.set(pattern, null); }
  }
  return regexCache.get(pattern) ?? null;
}
