/**
 * Navigating the `yaml` AST: the pair of a key in a mapping (the last of duplicates, merge keys
 * skipped) and the path of the key or value under an offset (for hover).
 */
import { Document, isMap, isPair, isScalar, isSeq, Node, Pair } from 'yaml';
import { isMergeKey } from '../../src/core/config/parse-yaml';

function keyText(pair: Pair): string | undefined {
  const k = pair.key;
  if (isScalar(k)) return k.value === null || k.value === undefined ? '' : String(k.value);
  return undefined;
}

export function findPair(map: unknown, name: string): Pair | undefined {
  if (!isMap(map)) return undefined;
  // The last of duplicate keys is the one whose value counts.
  for (let i = map.items.length - 1; i >= 0; i--) {
    const p = map.items[i]!;
    if (!isMergeKey(p.key) && keyText(p) === name) return p;
  }
  return undefined;
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
