import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocatedError } from '../../../src/core/errors';
import { readStructures } from '../../../src/core/structures';
import { expandGlob, segmentRegExp } from '../../../src/core/structures/glob';
import { naturalCompare } from '../../../src/core/structures/natural-sort';

const xsf = (e: number): string => `# total energy = ${e} eV\nCRYSTAL\nPRIMVEC\n3 0 0\n0 3 0\n0 0 3\nPRIMCOORD\n1 1\nCu 0 0 0\n`;

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'mlip-structures-'));
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(join(root, p, '..'), { recursive: true });
    writeFileSync(join(root, p), text);
  }
  return root;
}

test('natural order puts structure2 before structure10 and is total', () => {
  const names = ['s10.xsf', 's2.xsf', 's1.xsf', 's02.xsf', 'a.xsf', 's1a.xsf'];
  assert.deepEqual([...names].sort(naturalCompare), ['a.xsf', 's1.xsf', 's1a.xsf', 's02.xsf', 's2.xsf', 's10.xsf']);
});

test('glob segments: *, ?, classes, negation, braces, escapes, hidden files', () => {
  assert.ok(segmentRegExp('*.xsf').test('a.xsf'));
  assert.ok(!segmentRegExp('*.xsf').test('.hidden.xsf'));
  assert.ok(segmentRegExp('.*.xsf').test('.hidden.xsf'));
  assert.ok(segmentRegExp('s?.xsf').test('s1.xsf') && !segmentRegExp('s?.xsf').test('s10.xsf'));
  assert.ok(segmentRegExp('s[0-4].xsf').test('s3.xsf') && !segmentRegExp('s[0-4].xsf').test('s7.xsf'));
  assert.ok(segmentRegExp('s[!0-4].xsf').test('s7.xsf') && !segmentRegExp('s[!0-4].xsf').test('s3.xsf'));
  assert.ok(segmentRegExp('*.{xsf,xyz}').test('a.xyz') && !segmentRegExp('*.{xsf,xyz}').test('a.txt'));
  assert.ok(segmentRegExp('a\\*.xsf').test('a*.xsf') && !segmentRegExp('a\\*.xsf').test('ab.xsf'));
  assert.ok(segmentRegExp('a.b').test('a.b') && !segmentRegExp('a.b').test('axb'));
});

test('a folder reads its structure files in natural order and skips other files', () => {
  const root = tree({ 'set/s10.xsf': xsf(-10), 'set/s2.xsf': xsf(-2), 'set/s1.xsf': xsf(-1), 'set/README.txt': 'x', 'set/sub/s3.xsf': xsf(-3) });
  try {
    const s = readStructures('set', { cwd: root });
    assert.deepEqual(s.map((x) => x.name), [join('set', 's1.xsf'), join('set', 's2.xsf'), join('set', 's10.xsf')]);
    assert.deepEqual(s.map((x) => x.energy), [-1, -2, -10]);
  } finally { rmSync(root, { recursive: true, force: true }); }
});

test('globs expand with ** across folders, in natural order, and a file named twice is read once', () => {
  const root = tree({ 'a/s10.xsf': xsf(-10), 'a/s9.xsf': xsf(-9), 'a/b/s1.xsf': xsf(-1), 'a/b/c/s2.xsf': xsf(-2), 'a/.hidden/s5.xsf': xsf(-5), 'a/x.txt': '' });
  try {
    assert.deepEqual(expandGlob('a/**/*.xsf', root), ['a/b/c/s2.xsf', 'a/b/s1.xsf', 'a/s9.xsf', 'a/s10.xsf']);
    assert.deepEqual(expandGlob('a/s?.xsf', root), ['a/s9.xsf']);
    assert.deepEqual(expandGlob(join(root, 'a', '*', 's[0-9].xsf'), '/'), [join(root, 'a/b/s1.xsf')]);
    const s = readStructures(['a/s9.xsf', 'a/*.xsf'], { cwd: root });
    assert.deepEqual(s.map((x) => x.energy), [-9, -10]);
  } finally { rmSync(root, { recursive: true, force: true }); }
});

test('an explicit format reads a file whose name does not say it', () => {
  const root = tree({ 'weird.dat': xsf(-4) });
  try {
    assert.equal(readStructures('weird.dat', { cwd: root, format: 'xsf' })[0].energy, -4);
    assert.throws(() => readStructures('weird.dat', { cwd: root }), (e: unknown) => e instanceof LocatedError && /format/.test(e.message));
  } finally { rmSync(root, { recursive: true, force: true }); }
});

test('missing paths, empty folders and globs without matches are located errors', () => {
  const root = tree({ 'empty/readme.md': 'x' });
  try {
    const located = (file: string) => (e: unknown) => e instanceof LocatedError && e.location.file === file;
    assert.throws(() => readStructures('nope.xsf', { cwd: root }), located('nope.xsf'));
    assert.throws(() => readStructures('empty', { cwd: root }), located('empty'));
    assert.throws(() => readStructures('empty/*.xsf', { cwd: root }), located('empty/*.xsf'));
    assert.throws(() => readStructures([], { cwd: root }), LocatedError);
  } finally { rmSync(root, { recursive: true, force: true }); }
});
