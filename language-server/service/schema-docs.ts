/**
 * The human side of a schema node: its markdown description, type, units, default, allowed values
 * with their descriptions, and for BNN settings what the paper used (`x-paper`). Shared by hover and
 * completion so both say the same thing.
 */
import { asArray, type SchemaObject } from './schema-nav';

export function firstWith<T>(schemas: SchemaObject[], key: string): T | undefined {
  for (const s of schemas) if (s[key] !== undefined) return s[key] as T;
  return undefined;
}

export function description(schemas: SchemaObject[]): string | undefined {
  return firstWith<string>(schemas, 'markdownDescription') ?? firstWith<string>(schemas, 'description');
}

export function typeLabel(schemas: SchemaObject[]): string | undefined {
  const types = new Set<string>();
  for (const s of schemas) for (const t of asArray(s.type)) types.add(String(t));
  if (!types.size) {
    if (schemas.some((s) => Array.isArray(s.enum))) types.add('enum');
  }
  return types.size ? [...types].join(' | ') : undefined;
}

export function enumValues(schemas: SchemaObject[]): { value: unknown; doc?: string }[] {
  const out: { value: unknown; doc?: string }[] = [];
  const seen = new Set<string>();
  for (const s of schemas) {
    const values = Array.isArray(s.enum) ? s.enum : 'const' in s ? [s.const] : [];
    const docs = (s['x-enumDescriptions'] ?? s.markdownEnumDescriptions ?? s.enumDescriptions) as unknown;
    values.forEach((v, i) => {
      const k = JSON.stringify(v);
      if (seen.has(k)) return;
      seen.add(k);
      let doc: string | undefined;
      if (Array.isArray(docs)) doc = docs[i] as string | undefined;
      else if (docs && typeof docs === 'object') doc = (docs as Record<string, string>)[String(v)];
      out.push({ value: v, doc });
    });
  }
  return out;
}

export function units(schemas: SchemaObject[]): string | undefined {
  return firstWith<string>(schemas, 'x-units') ?? firstWith<string>(schemas, 'x-unit') ?? firstWith<string>(schemas, 'unit');
}

function range(schemas: SchemaObject[]): string | undefined {
  const parts: string[] = [];
  const min = firstWith<number>(schemas, 'minimum');
  const xmin = firstWith<number>(schemas, 'exclusiveMinimum');
  const max = firstWith<number>(schemas, 'maximum');
  const xmax = firstWith<number>(schemas, 'exclusiveMaximum');
  if (min !== undefined) parts.push(`≥ ${min}`);
  if (typeof xmin === 'number') parts.push(`> ${xmin}`);
  if (max !== undefined) parts.push(`≤ ${max}`);
  if (typeof xmax === 'number') parts.push(`< ${xmax}`);
  return parts.length ? parts.join(', ') : undefined;
}

export function hasDefault(schemas: SchemaObject[]): boolean {
  return schemas.some((s) => 'default' in s);
}

/** Markdown for hover and completion documentation. */
export function schemaMarkdown(name: string | undefined, schemas: SchemaObject[]): string {
  const lines: string[] = [];
  const title = firstWith<string>(schemas, 'title');
  if (name || title) lines.push(`**${name ?? title}**${title && name && title !== name ? ` — ${title}` : ''}`);
  const desc = description(schemas);
  if (desc) lines.push('', desc);
  const facts: string[] = [];
  const type = typeLabel(schemas);
  if (type) facts.push(`Type: \`${type}\``);
  const u = units(schemas);
  if (u) facts.push(`Units: ${u}`);
  const r = range(schemas);
  if (r) facts.push(`Range: ${r}`);
  const def = firstWith<unknown>(schemas, 'default');
  // An empty section default ({}) says nothing a reader can use.
  if (hasDefault(schemas) && !(typeof def === 'object' && def !== null && Object.keys(def).length === 0)) facts.push(`Default: \`${JSON.stringify(def)}\``);
  if (facts.length) lines.push('', facts.join('  \n'));
  const values = enumValues(schemas);
  if (values.length > 1) {
    lines.push('', 'Allowed values:');
    for (const v of values) lines.push(`- \`${JSON.stringify(v.value)}\`${v.doc ? `: ${v.doc}` : ''}`);
  }
  const paper = firstWith<string>(schemas, 'x-paper');
  if (paper) lines.push('', `*Paper (Farris et al. 2025):* ${paper}`);
  return lines.join('\n');
}
