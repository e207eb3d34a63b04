/**
 * What a YAML document's aliases expand to, counted before anything expands them: one pass in
 * document order that sizes each node once (an alias costs the size of its anchored node, memoised),
 * so a billion-node alias bomb is measured in microseconds. It also resolves each alias to its node
 * (the nearest earlier anchor of that name, as YAML says), which the source mapper reuses instead of
 * the `yaml` package's per-alias search of the whole document.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, type Alias, type Document, type Node } from 'yaml';
import { CONFIG_LIMITS } from './input-limits';

export interface ExpansionProblem {
  code: 'yaml-alias' | 'config-too-deep' | 'config-too-large';
  message: string;
  /** Source range [start, end) of the node at fault. */
  range: [number, number];
}

export interface Expansion {
  /** Alias → the node it stands for. */
  targets: Map<Alias, Node>;
  problem: ExpansionProblem | null;
}

class Stop extends Error {
  constructor(readonly problem: ExpansionProblem) { super(problem.message); }
}

const rangeOf = (n: Node | null | undefined): [number, number] => (n?.range ? [n.range[0], n.range[1]] : [0, 0]);

export function measureExpansion(doc: Document): Expansion {
  const L = CONFIG_LIMITS;
  const targets = new Map<Alias, Node>();
  // Anchor name → node and its expanded size (−1 while the node is being sized: an alias to it is a cycle).
  const anchors = new Map<string, { node: Node; size: number }>();
  let added = 0;

  const size = (node: unknown, depth: number): number => {
    if (node === null || node === undefined) return 1;
    if (depth > L.maxDepth) throw new Stop({ code: 'config-too-deep', message: `nesting deeper than ${L.maxDepth} levels`, range: rangeOf(node as Node) });
    if (isAlias(node)) {
      const a = anchors.get(node.source);
      if (!a) return 1; // an unknown alias: the parser reports it
      if (a.size < 0) throw new Stop({ code: 'yaml-alias', message: `alias *${node.source} refers to its own anchor (a cycle)`, range: rangeOf(node) });
      targets.set(node, a.node);
      added += a.size;
      if (added > L.maxAliasNodes) {
        throw new Stop({
          code: 'yaml-alias', range: rangeOf(node),
          message: `aliases expand to more than ${L.maxAliasNodes} values (an alias bomb?); expanding *${node.source} here passes the limit`,
        });
      }
      return a.size;
    }
    const n = node as Node;
    const anchor = (n as { anchor?: string }).anchor;
    if (anchor) anchors.set(anchor, { node: n, size: -1 });
    let total = 1;
    if (isScalar(n)) {
      if (typeof n.value === 'string' && n.value.length > L.maxScalarChars) {
        throw new Stop({ code: 'config-too-large', message: `a value of ${n.value.length} characters; the limit is ${L.maxScalarChars}`, range: rangeOf(n) });
      }
    } else if (isMap(n)) {
      for (const pair of n.items) {
        if (!isPair(pair)) continue;
        total += size(pair.key, depth + 1) + size(pair.value, depth + 1);
      }
    } else if (isSeq(n)) {
      for (const item of n.items) total += size(item, depth + 1);
    }
    if (anchor) anchors.set(anchor, { node: n, size: total });
    return total;
  };

  try {
    size(doc.contents, 0);
    return { targets, problem: null };
  } catch (e) {
    if (e instanceof Stop) return { targets, problem: e.problem };
    throw e;
  }
}
