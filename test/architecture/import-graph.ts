/**
 * The project's own import graph, read from the source text: every relative import, re-export and dynamic
 * import() of a .ts file under the given folders, resolved the way the bundler resolves it (`./x` →
 * `x.ts`, `x.tsx` or `x/index.ts`). Package imports and non-code files (JSON schemas, .wat) are not edges.
 *
 * Type-only imports (`import type`, `export type … from`) are edges too. They vanish from the emitted
 * JavaScript, so they cannot break module loading, but a cycle through a type is still two files that
 * each need the other to be understood, and the fix is the same (move the shared type down); counting
 * them is the stricter reading, and the one issue 10 asks for.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

export type ImportGraph = Map<string, string[]>;

const SOURCE = /\.tsx?$/;
const SKIP_DIRS = new Set(['node_modules', 'dist', 'fixtures']);

function sourceFiles(dir: string, out: string[]): string[] {
  for (const name of readdirSync(dir)) {
    if (name.startsWith('.')) continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) { if (!SKIP_DIRS.has(name)) sourceFiles(p, out); }
    else if (SOURCE.test(name) && !name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

/** The file a relative specifier names, or undefined for anything that is not one of our .ts files. */
function resolveSpecifier(from: string, spec: string): string | undefined {
  const base = resolve(dirname(from), spec);
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts'), join(base, 'index.tsx')]) {
    if (SOURCE.test(candidate) && existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return undefined;
}

/**
 * Nodes are paths relative to `root`; each maps to the files it imports, sorted and without repeats.
 * ts.preProcessFile lists static imports (type-only included), `export … from` and `import()`; it reads
 * the syntax, so specifiers inside comments and strings are not mistaken for imports.
 */
export function importGraph(root: string, folders: string[]): ImportGraph {
  const graph: ImportGraph = new Map();
  for (const folder of folders) {
    const dir = join(root, folder);
    if (!existsSync(dir)) continue;
    for (const file of sourceFiles(dir, [])) {
      const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
      const targets = new Set<string>();
      for (const ref of info.importedFiles) {
        if (!ref.fileName.startsWith('.')) continue;
        const target = resolveSpecifier(file, ref.fileName);
        if (target) targets.add(relative(root, target));
      }
      graph.set(relative(root, file), [...targets].sort());
    }
  }
  return graph;
}

/**
 * The folder a file belongs to as a unit of the architecture: each folder of src/core (models, training,
 * uq, report, …; the files directly in src/core form their own unit), src/protocol, src/runner,
 * src/extension, each webview folder, and the language server. Subfolders belong to their unit
 * (src/runner/commands is part of the runner), so a parent importing its child and back is not a cycle here.
 */
export function moduleOf(file: string): string {
  const s = file.split('/');
  if (s[0] === 'src' && s[1] === 'core') return s.length > 3 ? s.slice(0, 3).join('/') : 'src/core';
  if (s[0] === 'src' || s[0] === 'webview') return s.slice(0, 2).join('/');
  return s[0]!;
}

/** The graph of units: an edge where some file of one imports some file of another. */
export function moduleGraph(graph: ImportGraph): ImportGraph {
  const edges = new Map<string, Set<string>>();
  for (const [from, targets] of graph) {
    const a = moduleOf(from);
    if (!edges.has(a)) edges.set(a, new Set());
    for (const t of targets) if (moduleOf(t) !== a) edges.get(a)!.add(moduleOf(t));
  }
  return new Map([...edges].map(([k, v]) => [k, [...v].sort()]));
}

/**
 * The strongly connected components with more than one file (or a file importing itself), by Tarjan's
 * algorithm: each is a set of files that all reach one another, i.e. one or more import cycles.
 */
export function cyclicComponents(graph: ImportGraph): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, counter); low.set(v, counter); counter++;
    stack.push(v); onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!index.has(w)) { visit(w); low.set(v, Math.min(low.get(v)!, low.get(w)!)); }
      else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const comp: string[] = [];
      let w: string;
      do { w = stack.pop()!; onStack.delete(w); comp.push(w); } while (w !== v);
      if (comp.length > 1 || (graph.get(v) ?? []).includes(v)) out.push(comp.sort());
    }
  };
  for (const v of [...graph.keys()].sort()) if (!index.has(v)) visit(v);
  return out.sort((a, b) => a[0]!.localeCompare(b[0]!));
}

/** One shortest cycle through the component's first file, as `a → b → … → a`, to show what to cut. */
export function oneCycle(graph: ImportGraph, component: string[]): string[] {
  const inComp = new Set(component);
  const start = component[0]!;
  const prev = new Map<string, string>();
  const queue = [start];
  while (queue.length) {
    const v = queue.shift()!;
    for (const w of graph.get(v) ?? []) {
      if (!inComp.has(w)) continue;
      if (w === start) {
        const path = [v];
        while (path[0] !== start) path.unshift(prev.get(path[0]!)!);
        return [...path, start];
      }
      if (!prev.has(w)) { prev.set(w, v); queue.push(w); }
    }
  }
  return [start, start];
}
