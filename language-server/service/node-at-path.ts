/**
 * Finds the source ranges of an instance path (ajv's `/method/bnn/prior_scale`) in a parsed YAML/JSON
 * document, and the path at an offset (for hover). Aliases and merge keys are followed only as far as
 * the user's own text goes: a problem inside an aliased block is shown on the alias that brought it in.
 */
import { Document, isAlias, isMap, isPair, isScalar, isSeq, Node, Pair } from 'yaml';

export interface PathRanges {
  /** The key of the deepest pair reached (absent for the document root or a sequence item). */
  key?: [number, number];
  /** The value node reached. */
  value?: [number, number];
  /** True when the whole path was found; false when it stopped early (ranges are of the last node reached). */
  exact: boolean;
}

export function splitInstancePath(instancePath: string): string[] {
  if (!instancePath) return [];
  return instancePath.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function isMergeKey(pair: Pair): boolean {
  const k = pair.key;
  return isScalar(k) && (typeof k.value === 'symbol' || k.source === '<<');
}

function keyText(pair: Pair): string | undefined {
  const k = pair.key;
  if (isScalar(k)) return k.value === null || k.value === undefined ? '' : String(k.value);
  return undefined;
}

function span(node: unknown): [number, number] | undefined {
  const r = (node as Node | null)?.range;
  return r ? [r[0], r[1]] : undefined;
}

export function findPair(map: unknown, name: string): Pair | undefined {
  if (!isMap(map)) return undefined;
  // The last of duplicate keys is the one whose value counts.
  for (let i = map.items.length - 1; i >= 0; i--) {
    const p = map.items[i]!;
    if (!isMergeKey(p) && keyText(p) === name) return p;
  }
  return undefined;
}

export function rangesAtPath(doc: Document, segments: string[]): PathRanges {
  let node: unknown = doc.contents;
  let out: PathRanges = { value: span(node), exact: true };
  for (const seg of segments) {
    if (isAlias(node)) return { ...out, exact: false };
    if (isMap(node)) {
      const pair = findPair(node, seg);
      if (!pair) {
        const merge = node.items.find(isMergeKey);
        return merge ? { key: span(merge.key), value: span(merge.value), exact: false } : { ...out, exact: false };
      }
      node = pair.value;
      out = { key: span(pair.key), value: span(pair.value) ?? span(pair.key), exact: true };
    } else if (isSeq(node)) {
      const item = node.items[Number(seg)];
      if (item === undefined) return { ...out, exact: false };
      node = item;
      out = { value: span(item), exact: true };
    } else {
      return { ...out, exact: false };
    }
  }
  return out;
}

export type Segment = string | number;

/** The path of the innermost key or value under `offset`, and whether the offset is on a key. */
export function pathAtOffset(doc: Document, offset: number): { path: Segment[]; onKey: boolean; node?: Node } | undefined {
  const path: Segment[] = [];
  let node: unknown = doc.contents;
  const within = (n: unknown): boolean => {
    const r = (n as Node | null)?.range;
    return !!r && offset >= r[0] && offset <= r[1];
  };
  if (!within(node)) return undefined;
  for (;;) {
    if (isMap(node)) {
      let next: Pair | undefined;
      for (const p of node.items) {
        if (!isPair(p)) continue;
        if (within(p.key)) return { path: [...path, keyText(p) ?? ''], onKey: true, node: p.key as Node };
        if (within(p.value)) { next = p; break; }
      }
      if (!next) return { path, onKey: false, node: node as Node };
      path.push(keyText(next) ?? '');
      node = next.value;
    } else if (isSeq(node)) {
      const idx = node.items.findIndex((it) => within(it));
      if (idx < 0) return { path, onKey: false, node: node as Node };
      path.push(idx);
      node = node.items[idx];
    } else {
      return { path, onKey: false, node: node as Node };
    }
  }
}
