/**
 * Dotted config field paths (`method.bnn.prior_scale`, `network.hidden[1]`): parsing, writing a value
 * into a config object, and finding the field's schema so a misspelt path is caught before any trial.
 */
export type Segment = string | number;

export function parseFieldPath(path: string): Segment[] | null {
  const out: Segment[] = [];
  const re = /([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]|\./g;
  let pos = 0;
  let expectName = true;
  for (let m = re.exec(path); m; m = re.exec(path)) {
    if (m.index !== pos) return null;
    pos = re.lastIndex;
    if (m[1] !== undefined) { if (!expectName) return null; out.push(m[1]); expectName = false; }
    else if (m[2] !== undefined) { if (expectName) return null; out.push(Number(m[2])); }
    else { if (expectName) return null; expectName = true; }
  }
  return pos === path.length && !expectName && out.length ? out : null;
}

/** A copy of `obj` with `value` at `path`; missing objects (and arrays, for numeric segments) are created. */
export function setAtPath(obj: Record<string, unknown>, path: Segment[], value: unknown): Record<string, unknown> {
  const root = structuredClone(obj);
  let node: Record<string | number, unknown> = root;
  path.forEach((seg, i) => {
    if (i === path.length - 1) { node[seg] = value; return; }
    const next = node[seg];
    if (next === null || typeof next !== 'object') node[seg] = typeof path[i + 1] === 'number' ? [] : {};
    node = node[seg] as Record<string | number, unknown>;
  });
  return root;
}

type Schema = Record<string, unknown>;

function resolveRef(root: Schema, s: Schema): Schema {
  const ref = s.$ref;
  if (typeof ref !== 'string' || !ref.startsWith('#/')) return s;
  let node: unknown = root;
  for (const k of ref.slice(2).split('/')) node = (node as Schema | undefined)?.[k];
  return (node as Schema | undefined) ?? s;
}

/** Sub-schemas reachable for one segment, looking into allOf/anyOf/oneOf/then branches as well. */
function children(root: Schema, s: Schema, seg: Segment): Schema[] {
  const found: Schema[] = [];
  const visit = (node: Schema, depth: number) => {
    if (depth > 4) return;
    node = resolveRef(root, node);
    if (typeof seg === 'number') {
      if (node.items && typeof node.items === 'object' && !Array.isArray(node.items)) found.push(resolveRef(root, node.items as Schema));
    } else {
      const props = node.properties as Record<string, Schema> | undefined;
      if (props?.[seg]) found.push(resolveRef(root, props[seg]));
    }
    for (const k of ['allOf', 'anyOf', 'oneOf']) for (const sub of (node[k] as Schema[] | undefined) ?? []) visit(sub, depth + 1);
    for (const k of ['then', 'else']) if (node[k] && typeof node[k] === 'object') visit(node[k] as Schema, depth + 1);
  };
  visit(s, 0);
  return found;
}

export interface FieldLookup {
  /** The schemas of the field (empty when the path names no field). */
  schemas: Schema[];
  /** When not found: the first segment that is not a field, and the names that are there. */
  missingAt?: { index: number; known: string[] };
}

export function lookupField(root: Schema, path: Segment[]): FieldLookup {
  let current: Schema[] = [root];
  for (let i = 0; i < path.length; i++) {
    const next = current.flatMap((s) => children(root, s, path[i]));
    if (!next.length) {
      const known = [...new Set(current.flatMap((s) => Object.keys((resolveRef(root, s).properties as Schema | undefined) ?? {})))];
      return { schemas: [], missingAt: { index: i, known } };
    }
    current = next;
  }
  return { schemas: current };
}

/** True when the field only takes integers (a continuous draw for it is rounded). */
export function isIntegerField(schemas: Schema[]): boolean {
  const types = schemas.map((s) => s.type).filter((t) => t !== undefined);
  return types.length > 0 && types.every((t) => t === 'integer' || (Array.isArray(t) && t.includes('integer') && !t.includes('number')));
}
