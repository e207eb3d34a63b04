/**
 * Element-aware splitting and fixed sets: every element gets training atoms (structures moved from
 * validation/test, each move named), given sets stay as given, and split files of both forms.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readStructures } from '../../../src/core/structures/read';
import { planSplit, type PrepareOptions } from '../../../src/core/training/prepare';
import { coverElements, seededSplit, splitWithFixed } from '../../../src/core/training/split';
import { parseIndexList, readSplitFile } from '../../../src/core/training/split-file';

const QM7 = join(__dirname, '..', '..', 'fixtures', 'data', 'qm7-40', 'qm7-40.tar.gz');
const qm7 = () => readStructures(QM7, { energies: { file: QM7, member: 'hof_qm7.txt', column: 2, units: 'kcal/mol' } });
const opts = (elements: string[], seed: number, extra: Partial<PrepareOptions> = {}): PrepareOptions => ({
  elements, reference: { H: 0, C: 0, N: 0, O: 0, S: 0 }, maxEnergy: null,
  split: { train: 0.5, validation: 0.25, test: 0.25, seed }, subset: { fraction: 1, seed: 1 }, forceFraction: 1, trainForces: false, ...extra,
});

test('QM7 seed 75 (50/25/25) leaves all five S molecules out of training; one is moved in from validation and named', () => {
  const s = qm7();
  const withS = s.flatMap((x, i) => (x.species.includes('S') ? [i] : []));
  assert.deepEqual(withS, [2, 7, 8, 38, 39]);
  const drawn = seededSplit(s.map((_, i) => i), { train: 0.5, validation: 0.25, test: 0.25 }, 75);
  assert.ok(!withS.some((i) => drawn.train.includes(i)), 'the seeded split alone has no S in training');
  const plan = planSplit(s, opts(['C', 'H', 'N', 'O', 'S'], 75));
  assert.equal(plan.moves.length, 1);
  const [mv] = plan.moves;
  assert.equal(mv.from, 'validation');
  assert.deepEqual(mv.elements, ['S']);
  assert.ok(withS.includes(mv.index) && drawn.validation.includes(mv.index));
  // The smallest S molecule of validation (ties: first in set order) is the one moved.
  const candidates = drawn.validation.filter((i) => withS.includes(i));
  const fewest = Math.min(...candidates.map((i) => s[i].species.length));
  assert.equal(mv.index, candidates.find((i) => s[i].species.length === fewest));
  assert.deepEqual(plan.split.train, [...drawn.train, mv.index]);
  assert.deepEqual(plan.split.validation, drawn.validation.filter((i) => i !== mv.index));
  assert.deepEqual(plan.split.test, drawn.test);
  assert.ok(plan.split.train.some((i) => s[i].species.includes('S')));
});

test('a split that already covers every element moves nothing and equals the seeded split', () => {
  const s = qm7();
  const plan = planSplit(s, { ...opts(['C', 'H', 'N', 'O', 'S'], 1), split: { train: 0.8, validation: 0.1, test: 0.1, seed: 1 } });
  assert.deepEqual(plan.moves, []);
  assert.deepEqual(plan.split, seededSplit(s.map((_, i) => i), { train: 0.8, validation: 0.1, test: 0.1 }, 1));
});

test('coverElements takes the structure that covers most missing elements, drawn sets before given ones', () => {
  const sp = [['H'], ['H', 'S'], ['S', 'P'], ['H', 'S', 'P', 'C', 'C']];
  const r = coverElements({ train: [0], validation: [1], test: [2, 3] }, (i) => sp[i], ['H', 'P', 'S']);
  assert.deepEqual(r.moves, [{ index: 2, from: 'test', elements: ['P', 'S'] }]);
  assert.deepEqual(r.split, { train: [0, 2], validation: [1], test: [3] });
  const given = coverElements({ train: [0], validation: [1], test: [2] }, (i) => sp[i], ['H', 'S'], new Set(['validation']));
  assert.deepEqual(given.moves, [{ index: 2, from: 'test', elements: ['S'] }]);
  assert.deepEqual(coverElements({ train: [0], validation: [], test: [] }, (i) => sp[i], ['H', 'S']).missing, ['S']);
});

test('a given test set stays exactly as given; the rest divides between training and validation by their fractions', () => {
  const pool = Array.from({ length: 90 }, (_, i) => i);
  const test = [90, 91, 92, 93, 94];
  const r = splitWithFixed(pool, { test }, { train: 0.8, validation: 0.1, test: 0.1 }, 1);
  assert.deepEqual(r.test, test);
  assert.equal(r.train.length, 80);
  assert.equal(r.validation.length, 10);
  assert.deepEqual([...r.train, ...r.validation].sort((a, b) => a - b), pool);
  const all = splitWithFixed([1, 2, 3], { train: [0], validation: [4], test: [5] }, { train: 0.8, validation: 0.1, test: 0.1 }, 1);
  assert.deepEqual(all, { train: [0], validation: [4], test: [5], leftOut: [1, 2, 3] });
});

test('index files: 0-based, blanks/commas/new lines, # comments; an index past the end or twice is located', () => {
  assert.deepEqual(parseIndexList('0 3,5\n# skip 9\n7  # seven\n', 'i.txt', 8), [0, 3, 5, 7]);
  assert.throws(() => parseIndexList('1\n8\n', 'i.txt', 8), /i\.txt:2:1: index 8 is past the last structure/);
  assert.throws(() => parseIndexList('1 1', 'i.txt', 8), /index 1 is listed twice/);
  assert.throws(() => parseIndexList('1 x', 'i.txt', 8), /'x' is not a structure index/);
});

test('a split file in the paper\'s form fixes its sets by index; a run\'s split.json fixes them by name', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mlip-splitfile-'));
  writeFileSync(join(dir, 'train.txt'), '0\n2\n');
  writeFileSync(join(dir, 'test.txt'), '1\n');
  const names = ['a', 'b', 'c', 'd'];
  const idx = readSplitFile({ train: 'train.txt', validation: null, test: 'test.txt' }, names, dir);
  assert.deepEqual(idx.names, { train: ['a', 'c'], test: ['b'] });
  assert.deepEqual(idx.source, { train: 'index file train.txt', test: 'index file test.txt' });
  writeFileSync(join(dir, 'split.json'), JSON.stringify({ train: ['d', 'a'], validation: ['b'], test: ['c'], seed: 1 }));
  const js = readSplitFile('split.json', names, dir);
  assert.deepEqual(js.names, { train: ['d', 'a'], validation: ['b'], test: ['c'] });
  assert.equal(js.source.train, 'split file split.json');
});

test('QM7 with a fitted reference for every element: fitted on the training split, cohesive energies use it', () => {
  const s = qm7();
  const plan = planSplit(s, opts(['C', 'H', 'N', 'O', 'S'], 1, { reference: {}, fitReference: ['C', 'H', 'N', 'O', 'S'] }));
  const f = plan.referenceFit!;
  assert.deepEqual(f.fitted, ['C', 'H', 'N', 'O', 'S']);
  assert.equal(f.count, plan.split.train.length);
  // Atomization energies are nearly additive in the atoms: the fit explains most of them.
  const spread = Math.sqrt(plan.split.train.reduce((a, i) => a + (s[i].energy! / s[i].species.length) ** 2, 0) / plan.split.train.length);
  assert.ok(f.rmsPerAtom < 0.2 * spread, `${f.rmsPerAtom} vs ${spread}`);
  for (const i of [0, 5, 17]) {
    const cohesive = s[i].energy! - s[i].species.reduce((a, el) => a + plan.reference[el], 0);
    assert.ok(Math.abs(plan.perAtom[i] - cohesive / s[i].species.length) < 1e-12);
  }
});
