/**
 * YAML config text → plain value + a source map from JSON pointers to key and value ranges, using the
 * `yaml` package's AST. Anchors, aliases and `<<` merge keys are resolved; values reached through an
 * alias point at the anchored text (where a fix belongs), the alias itself at its own `*name`.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, parseAllDocuments, type Alias, type Node, type YAMLMap } from 'yaml';
import { childPointer, type ConfigDiagnostic, type SourceMap } from './diagnostics';
import { checkConfigText, CONFIG_LIMITS } from './input-limits';
import { LineIndex } from './line-index';
import type { ParsedConfig } from './parsed';
import { measureExpansion } from './yaml-expansion';

const MAX_DEPTH = CONFIG_LIMITS.maxDepth;

/** A `<<` merge key (the `yaml` package gives it a symbol value when merges are on). */
export function isMergeKey(key: unknown): boolean {
  return isScalar(key) && (typeof key.value === 'symbol' || key.source === '<<');
}

class YamlMapper {
  readonly map: SourceMap = new Map();
  constructor(private readonly targets: Map<Alias, Node>, private readonly lines: LineIndex, private readonly text: string) {}

  /** A collection as a key is legal YAML but never a config key: its source text names it. */
  private collectionKey(node: Node | null): string {
    const r = node?.range;
    return r ? this.text.slice(r[0], r[1]) : '';
  }

  private rangeOf(node: Node | null | undefined) {
    const r = node?.range;
    return r ? this.lines.sourceRange(r[0], r[1]) : undefined;
  }

  /** Records `node` at `pointer` unless something more explicit got there first (merge keys). */
  visit(node: Node | null | undefined, pointer: string, keyNode: unknown, depth: number): void {
    if (depth > MAX_DEPTH || this.map.has(pointer)) return;
    const keyRange = this.rangeOf(keyNode as Node);
    const range = this.rangeOf(node) ?? keyRange;
    if (range) this.map.set(pointer, keyRange ? { range, keyRange } : { range });
    if (isAlias(node)) {
      const target = this.targets.get(node);
      if (target) this.visitChildren(target, pointer, depth + 1);
      return;
    }
    if (node) this.visitChildren(node, pointer, depth);
  }

  private visitChildren(node: Node, pointer: string, depth: number): void {
    if (isMap(node)) this.visitMap(node, pointer, depth);
    else if (isSeq(node)) node.items.forEach((item, i) => this.visit(item as Node, childPointer(pointer, i), undefined, depth + 1));
  }

  private visitMap(node: YAMLMap, pointer: string, depth: number): void {
    const merges: Node[] = [];
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      if (isMergeKey(pair.key)) { merges.push(pair.value as Node); continue; }
      const key = isScalar(pair.key) ? String(pair.key.value) : this.collectionKey(pair.key as Node | null);
      this.visit(pair.value as Node, childPointer(pointer, key), pair.key, depth + 1);
    }
    // Explicit keys win over merged ones, and earlier merge sources over later ones, as in toJS().
    for (const source of merges) {
      const sources = isSeq(source) ? (source.items as Node[]) : [source];
      for (const s of sources) {
        const target = isAlias(s) ? this.targets.get(s) : s;
        if (target && isMap(target)) this.visitMap(target, pointer, depth + 1);
      }
    }
  }
}

export function parseYamlConfig(text: string, file: string): ParsedConfig {
  const diagnostics: ConfigDiagnostic[] = [];
  // Hostile sizes and depths are refused before the parser sees them (only the text up to the place is indexed),
  // alias bombs before anything expands them.
  const refuse = (code: string, message: string, start: number, end: number, index = new LineIndex(text.slice(0, end))): ParsedConfig => {
    diagnostics.push({ severity: 'error', source: 'syntax', code, message, path: '', pointer: '', range: index.sourceRange(start, end) });
    return { file, format: 'yaml', text, value: null, locations: new Map(), diagnostics };
  };
  const tooBig = checkConfigText(text, 'yaml');
  if (tooBig) return refuse(tooBig.code, tooBig.message, tooBig.start, tooBig.end);
  const lines = new LineIndex(text);
  const docs = parseAllDocuments(text, { merge: true, prettyErrors: false, uniqueKeys: true, logLevel: 'error' });
  const list = Array.isArray(docs) ? docs : [];
  const withContent = list.filter((d) => d.contents !== null);
  const doc = withContent[0] ?? list[0];
  for (const d of doc ? [doc] : []) {
    for (const e of d.errors) {
      const duplicate = e.code === 'DUPLICATE_KEY';
      // The parser marks one character of a duplicate key; the whole key is the useful range.
      const key = duplicate ? /^("[^"]*"|'[^']*'|[^\s:,{}[\]]+)/.exec(text.slice(e.pos[0]))?.[0] : undefined;
      const end = key ? e.pos[0] + key.length : e.pos[1];
      diagnostics.push({
        severity: 'error', source: 'syntax', code: duplicate ? 'duplicate-key' : 'yaml-syntax',
        message: key ? `duplicate key ${key.startsWith('"') || key.startsWith("'") ? key : `"${key}"`}` : e.message,
        path: '', pointer: '', range: lines.sourceRange(e.pos[0], end),
      });
    }
  }
  for (const extra of withContent.slice(1)) {
    const r = extra.contents?.range ?? extra.range;
    diagnostics.push({
      severity: 'warning', source: 'syntax', code: 'extra-document',
      message: 'only the first YAML document of the file is used; this one is ignored',
      path: '', pointer: '', range: lines.sourceRange(r[0], r[1]),
    });
  }
  if (!doc) return { file, format: 'yaml', text, value: null, locations: new Map(), diagnostics };
  const expansion = measureExpansion(doc);
  if (expansion.problem) return refuse(expansion.problem.code, expansion.problem.message, ...expansion.problem.range, lines);
  const mapper = new YamlMapper(expansion.targets, lines, text);
  mapper.visit(doc.contents as Node, '', undefined, 0);
  let value: unknown = null;
  try {
    value = doc.toJS({ maxAliasCount: 1000 });
  } catch (e) {
    // A cyclic or exploding alias: report it once and check the rest as empty.
    diagnostics.push({
      severity: 'error', source: 'syntax', code: 'yaml-alias', message: e instanceof Error ? e.message : String(e),
      path: '', pointer: '', range: lines.sourceRange(0, 0),
    });
  }
  return { file, format: 'yaml', text, value, locations: mapper.map, diagnostics };
}
