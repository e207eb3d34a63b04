/** How a value is written back into a config (YAML flow scalar or JSON), for fixes and snippets. */
export function yamlScalar(v: unknown): string {
  if (v === undefined) return '';
  if (typeof v === 'string') return /^[A-Za-z_./][\w./*-]*$/.test(v) && !/^(true|false|null|yes|no|on|off|~)$/i.test(v) ? v : JSON.stringify(v);
  return JSON.stringify(v);
}

export function scalarFor(v: unknown, language: 'yaml' | 'json'): string {
  return language === 'json' ? JSON.stringify(v) : yamlScalar(v);
}

/** A value to insert for a schema with no default: the type's natural empty value. */
export function placeholderFor(schema: { [k: string]: unknown } | undefined): unknown {
  if (!schema) return null;
  if ('default' in schema) return schema.default;
  if ('const' in schema) return schema.const;
  if (Array.isArray(schema.examples) && schema.examples.length && typeof schema.examples[0] !== 'object') return schema.examples[0];
  if (Array.isArray(schema.enum) && schema.enum.length) return schema.enum[0];
  const t = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (t) {
    case 'number': case 'integer': return typeof schema.minimum === 'number' ? schema.minimum : 0;
    case 'boolean': return false;
    case 'string': return '';
    case 'array': return [];
    case 'object': return {};
    default: return null;
  }
}
