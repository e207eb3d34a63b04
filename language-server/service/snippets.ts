/**
 * Snippet text for a key and its value: scalars get their default (or an enum choice), objects get
 * their required children as a whole block, lists a first item. Placeholders are numbered in order.
 */
import type { SchemaNavigator, SchemaObject } from './schema-nav';
import { asArray } from './schema-nav';
import { enumValues, firstWith } from './schema-docs';
import { placeholderFor, scalarFor } from './scalar-text';

export function escapeSnippet(s: string): string {
  return s.replace(/[$}\\]/g, (c) => `\\${c}`);
}

function kindOf(schemas: SchemaObject[]): 'object' | 'array' | 'scalar' {
  const types = schemas.flatMap((s) => asArray(s.type).map(String));
  if (types.includes('object') || (!types.length && schemas.some((s) => s.properties))) return 'object';
  if (types.includes('array') && !types.includes('string')) return 'array';
  return 'scalar';
}

export class SnippetWriter {
  private stop = 1;
  /** `flow`: YAML inside `{ … }`/`[ … ]`, where a value must stay on one line. */
  constructor(private readonly nav: SchemaNavigator, private readonly language: 'yaml' | 'json', private readonly flow = false) {}

  private scalarPlaceholder(schemas: SchemaObject[]): string {
    const values = enumValues(schemas);
    if (values.length > 1 && values.every((v) => typeof v.value !== 'object')) {
      const texts = values.map((v) => scalarFor(v.value, this.language).replace(/[,|$}\\]/g, (c) => `\\${c}`));
      const def = firstWith<unknown>(schemas, 'default');
      const first = def === undefined ? 0 : Math.max(0, values.findIndex((v) => JSON.stringify(v.value) === JSON.stringify(def)));
      const ordered = [texts[first]!, ...texts.filter((_, i) => i !== first)];
      return `\${${this.stop++}|${ordered.join(',')}|}`;
    }
    const v = placeholderFor(schemas[0] && { ...Object.assign({}, ...schemas.slice().reverse()) });
    const text = v === null || v === '' ? '' : scalarFor(v, this.language);
    return `\${${this.stop++}${text ? ':' + escapeSnippet(text) : ''}}`;
  }

  /** `name: value` (YAML) or `"name": value` (JSON) at column `indent` (first line not indented). */
  keyValue(name: string, schemas: SchemaObject[], indent: number, depth = 0): string {
    const pad = ' '.repeat(indent);
    const kind = kindOf(schemas);
    if (this.language === 'json') return `"${name}": ${this.jsonValue(schemas, indent, depth)}`;
    if (this.flow) return `${name}: ${kind === 'object' ? `{\${${this.stop++}}}` : kind === 'array' ? `[\${${this.stop++}}]` : this.scalarPlaceholder(schemas)}`;
    if (kind === 'object') {
      const required = depth < 3 ? this.nav.required(schemas) : [];
      if (!required.length) return `${name}:\n${pad}  \${${this.stop++}}`;
      const lines = required.map((r) => pad + '  ' + this.keyValue(r, this.nav.child(schemas, r), indent + 2, depth + 1));
      return `${name}:\n${lines.join('\n')}`;
    }
    if (kind === 'array') {
      const items = this.nav.child(schemas, 0);
      const itemKind = kindOf(items);
      if (itemKind === 'object') return `${name}:\n${pad}  - \${${this.stop++}}`;
      return `${name}:\n${pad}  - ${this.scalarPlaceholder(items)}`;
    }
    return `${name}: ${this.scalarPlaceholder(schemas)}`;
  }

  private jsonValue(schemas: SchemaObject[], indent: number, depth: number): string {
    const kind = kindOf(schemas);
    const pad = ' '.repeat(indent);
    if (kind === 'object') {
      const required = depth < 3 ? this.nav.required(schemas) : [];
      if (!required.length) return `{\${${this.stop++}}}`;
      const inner = required.map((r) => `${pad}  ${this.keyValue(r, this.nav.child(schemas, r), indent + 2, depth + 1)}`);
      return `{\n${inner.join(',\n')}\n${pad}}`;
    }
    if (kind === 'array') return `[\${${this.stop++}}]`;
    return this.scalarPlaceholder(schemas);
  }
}

/** The plain text a snippet inserts when every placeholder keeps its default. */
export function stripSnippet(s: string): string {
  return s
    .replace(/\$\{\d+\|((?:\\.|[^,|\\])*)(?:,(?:\\.|[^|\\])*)*\|\}/g, '$1')
    .replace(/\$\{\d+:((?:\\.|[^}\\])*)\}/g, '$1')
    .replace(/\$\{\d+\}/g, '')
    .replace(/\\([$}\\,|])/g, '$1')
    .replace(/[ \t]+$/gm, '');
}
