/**
 * What a run reads and where each set comes from: given files fix their sets (even when a folder of
 * `structures` also holds them), `limit` counts `structures` only, several entries group their
 * structures, and index files count `structures` in reading order.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfigOrThrow } from '../../src/core/config';
import { readRunData } from '../../src/runner/run-data';

const xsf = (e: number) => `# total energy = ${e} eV\nCRYSTAL\nPRIMVEC\n 3 0 0\n 0 3 0\n 0 0 3\nPRIMCOORD\n2 1\nTi 0 0 0\nO 1.5 1.5 1.5\n`;

function workspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'mlip-run-data-'));
  for (const d of ['bulk', 'surf', 'test']) mkdirSync(join(dir, d));
  for (let i = 0; i < 4; i++) writeFileSync(join(dir, 'bulk', `b${i}.xsf`), xsf(-2000 - i));
  for (let i = 0; i < 3; i++) writeFileSync(join(dir, 'surf', `s${i}.xsf`), xsf(-1990 - i));
  for (let i = 0; i < 2; i++) writeFileSync(join(dir, 'test', `t${i}.xsf`), xsf(-1995 - i));
  return dir;
}

function load(dir: string, data: string) {
  const file = join(dir, 'c.mlip.yaml');
  writeFileSync(file, `data:\n${data}  reference_energies: { Ti: -1604.6, O: -432.5 }\n`);
  return { config: loadConfigOrThrow(file).config, file };
}

test('given test files fix the test set; structures from several entries are grouped by entry; limit counts structures only', (t) => {
  const dir = workspace();
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const { config, file } = load(dir, '  structures: [bulk, surf]\n  test_structures: [test/t0.xsf, test/t1.xsf]\n  limit: 6\n');
  const r = readRunData(config, dir, file);
  assert.deepEqual(r.structures.map((s) => s.name), ['bulk/b0.xsf', 'bulk/b1.xsf', 'bulk/b2.xsf', 'bulk/b3.xsf', 'surf/s0.xsf', 'surf/s1.xsf', 'test/t0.xsf', 'test/t1.xsf']);
  assert.deepEqual(r.structures.map((s) => s.group), ['bulk', 'bulk', 'bulk', 'bulk', 'surf', 'surf', 'test/t0.xsf', 'test/t1.xsf']);
  assert.deepEqual(r.fixed, { test: [6, 7] });
  assert.deepEqual(r.source, { train: 'drawn', validation: 'drawn', test: 'given: test/t0.xsf, test/t1.xsf' });
});

test('a given file inside a folder of structures belongs to the given set', (t) => {
  const dir = workspace();
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const { config, file } = load(dir, '  structures: bulk\n  validation_structures: bulk/b3.xsf\n');
  const r = readRunData(config, dir, file);
  assert.deepEqual(r.structures.map((s) => s.name), ['bulk/b0.xsf', 'bulk/b1.xsf', 'bulk/b2.xsf', 'bulk/b3.xsf']);
  assert.deepEqual(r.fixed, { validation: [3] });
  assert.equal(r.structures[0].group, undefined);
});

test('index files count structures in reading order; a given validation file fixes the set the index files leave out', (t) => {
  const dir = workspace();
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'train.txt'), '0 1 4\n');
  writeFileSync(join(dir, 'test.txt'), '6\n');
  const { config, file } = load(dir, '  structures: [bulk, surf]\n  validation_structures: test\n  split_file: { train: train.txt, test: test.txt }\n');
  const r = readRunData(config, dir, file);
  const names = (idx: number[] | undefined) => (idx ?? []).map((i) => r.structures[i].name);
  assert.deepEqual(names(r.fixed.train), ['bulk/b0.xsf', 'bulk/b1.xsf', 'surf/s0.xsf']);
  assert.deepEqual(names(r.fixed.test), ['surf/s2.xsf']);
  assert.deepEqual(names(r.fixed.validation), ['test/t0.xsf', 'test/t1.xsf']);
  assert.deepEqual(r.source, { train: 'index file train.txt', validation: 'given: test', test: 'index file test.txt' });
});
