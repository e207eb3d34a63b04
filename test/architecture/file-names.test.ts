/**
 * Every file and folder under src/, webview/, language-server/ and test/ has a kebab-case name
 * (`run-manager.ts`, `event-schema.test.ts`, `ensemble.events.ndjson`): one spelling to guess when
 * looking for a file, and no case-only clashes on case-insensitive file systems.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = join(__dirname, '..', '..');
const FOLDERS = ['src', 'webview', 'language-server', 'test'];

/** Lower-case words joined by hyphens, in one or more dot-separated parts (`a-b.test.ts`). */
const KEBAB = /^[a-z0-9]+(-[a-z0-9]+)*(\.[a-z0-9]+(-[a-z0-9]+)*)*$/;

/**
 * Names kebab-case cannot apply to: the conventional upper-case documents, Python scripts (a hyphen is
 * not allowed in a Python module name, so they are snake_case), and fixture files whose names another
 * program fixes (aenet names each element's network by its chemical symbol: `Ti.pytorch.nn.ascii`).
 */
function exempt(path: string, name: string): boolean {
  if (/^(README|LICENSE|PROVENANCE)([-.][\w.-]*)?$/.test(name)) return true;
  if (/^[a-z0-9]+(_[a-z0-9]+)*\.py$/.test(name)) return true;
  return path.split('/').includes('fixtures') && /^[A-Z][a-z]?\.[a-z0-9.-]+$/.test(name);
}

function walk(dir: string, out: string[]): string[] {
  for (const name of readdirSync(dir)) {
    if (name.startsWith('.') || name === 'node_modules') continue;
    const p = join(dir, name);
    out.push(relative(root, p));
    if (statSync(p).isDirectory()) walk(p, out);
  }
  return out;
}

test('every file and folder under src/, webview/, language-server/ and test/ has a kebab-case name', () => {
  const paths = FOLDERS.flatMap((f) => walk(join(root, f), []));
  assert.ok(paths.length > 200, `expected the whole tree, found ${paths.length} paths`);
  const bad = paths.filter((p) => { const name = p.split('/').pop()!; return !KEBAB.test(name) && !exempt(p, name); });
  assert.deepEqual(bad, [], `not kebab-case:\n${bad.join('\n')}`);
});

test('the kebab-case rule accepts dotted kebab names and refuses camelCase, snake_case and capitals', () => {
  for (const ok of ['run-manager.ts', 'event-schema.test.ts', 'ensemble.events.ndjson', 'mlp.wat', 'qm7-40']) assert.ok(KEBAB.test(ok), ok);
  for (const no of ['runManager.ts', 'run_manager.ts', 'RunManager.ts', 'run--manager.ts', '-run.ts']) assert.ok(!KEBAB.test(no), no);
});
