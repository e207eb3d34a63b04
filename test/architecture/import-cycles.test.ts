/**
 * No import cycles in the shipped code (src/, language-server/, webview/): a file that imports, directly
 * or through others, a file that imports it cannot be read, tested or moved on its own, and a runtime
 * cycle makes module-load order matter. Type-only imports count (see import-graph.ts for why).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { cyclicComponents, importGraph, moduleGraph, moduleOf, oneCycle, type ImportGraph } from './import-graph';

const root = join(__dirname, '..', '..');
const FOLDERS = ['src', 'language-server', 'webview'];

const graph = importGraph(root, FOLDERS);

/** Each cycle as `a → b → a`, plus the whole set of files when more than the printed ones are tangled. */
function describeCycles(g: ImportGraph, what: string): string {
  const components = cyclicComponents(g);
  return components.map((c, i) => [
    `cycle ${i + 1}: ${oneCycle(g, c).join(' → ')}`,
    ...(c.length > 2 ? [`  (${c.length} ${what} reach one another: ${c.join(', ')})`] : []),
  ].join('\n')).join('\n');
}

test('no file of src/, language-server/ or webview/ imports itself through other files', () => {
  assert.ok(graph.size > 100, `expected the whole tree, read ${graph.size} files`);
  const n = cyclicComponents(graph).length;
  assert.equal(n, 0, `${n} import cycle(s) between files:\n${describeCycles(graph, 'files')}`);
});

test('no two folders of the architecture (src/core/models, src/core/uq, src/runner, …) import each other', () => {
  // Folder-level cycles (models ↔ training, uq ↔ report) leave no file-level cycle but still mean neither
  // folder can be understood or tested without the other: shared pieces belong one layer down.
  const folders = moduleGraph(graph);
  const n = cyclicComponents(folders).length;
  assert.equal(n, 0, `${n} import cycle(s) between folders:\n${describeCycles(folders, 'folders')}`);
});

test('the cycle finder sees a cycle through a type-only import and names its files in order', () => {
  const graph = new Map([
    ['a.ts', ['b.ts']], // e.g. `import type { T } from './b'`
    ['b.ts', ['c.ts']],
    ['c.ts', ['a.ts', 'd.ts']],
    ['d.ts', []],
  ]);
  assert.deepEqual(cyclicComponents(graph), [['a.ts', 'b.ts', 'c.ts']]);
  assert.deepEqual(oneCycle(graph, ['a.ts', 'b.ts', 'c.ts']), ['a.ts', 'b.ts', 'c.ts', 'a.ts']);
  assert.deepEqual(cyclicComponents(new Map([['a.ts', ['b.ts']], ['b.ts', []]])), []);
});

test('files fold into their architecture folder: a src/core folder, src/runner with its subfolders, a webview', () => {
  assert.equal(moduleOf('src/core/models/bnn.ts'), 'src/core/models');
  assert.equal(moduleOf('src/core/errors.ts'), 'src/core');
  assert.equal(moduleOf('src/runner/commands/train.ts'), 'src/runner');
  assert.equal(moduleOf('webview/report/plots.ts'), 'webview/report');
  assert.equal(moduleOf('language-server/service/cursor/index.ts'), 'language-server');
  const folders = moduleGraph(new Map([
    ['src/core/models/a.ts', ['src/core/training/b.ts']],
    ['src/core/training/b.ts', ['src/core/models/c.ts']],
    ['src/core/models/c.ts', []],
  ]));
  assert.deepEqual(cyclicComponents(folders), [['src/core/models', 'src/core/training']]);
});
