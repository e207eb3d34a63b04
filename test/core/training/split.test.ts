import { test } from 'node:test';
import assert from 'node:assert/strict';
import { maxEnergyFilter, seededSplit } from '../../../src/core/training/split';

const items = Array.from({ length: 1000 }, (_, i) => i);

test('a seeded 80/10/10 split is a disjoint cover of the structures and repeats with the seed', () => {
  const a = seededSplit(items, { train: 0.8, validation: 0.1, test: 0.1 }, 1);
  assert.equal(a.train.length, 800);
  assert.equal(a.validation.length, 100);
  assert.equal(a.test.length, 100);
  assert.deepEqual([...a.train, ...a.validation, ...a.test].sort((x, y) => x - y), items);
  assert.deepEqual(seededSplit(items, { train: 0.8, validation: 0.1, test: 0.1 }, 1), a);
  assert.notDeepEqual(seededSplit(items, { train: 0.8, validation: 0.1, test: 0.1 }, 2).test, a.test);
});

test('a 20 % subset keeps the test set and draws from train+validation only', () => {
  const full = seededSplit(items, { train: 0.8, validation: 0.1, test: 0.1 }, 3);
  const sub = seededSplit(items, { train: 0.8, validation: 0.1, test: 0.1 }, 3, 0.2, 11);
  assert.deepEqual(sub.test, full.test);
  assert.equal(sub.train.length + sub.validation.length, 180);
  const pool = new Set([...full.train, ...full.validation]);
  for (const i of [...sub.train, ...sub.validation]) assert.ok(pool.has(i));
});

test('MAXENERGY keeps structures at most X eV/atom above the lowest', () => {
  assert.deepEqual(maxEnergyFilter([-8, -7.5, -6.9, -8.1], 1), [0, 1, 3]);
  assert.deepEqual(maxEnergyFilter([-8, -7.5], null), [0, 1]);
});
