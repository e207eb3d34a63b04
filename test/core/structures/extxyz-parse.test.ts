import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LocatedError } from '../../../src/core/errors';
import { parseExtxyz } from '../../../src/core/structures';

const twoFrames = [
  '2',
  'Lattice="4.0 0.0 0.0 0.0 5.0 0.0 0.0 0.0 6.0" Properties=id:I:1:pos:R:3:species:S:1:tags:L:1:forces:R:3:charge:R:1 config_type=bulk comment="hello world" is_relaxed energy=-12.5 pbc="T T F"',
  '1  0.0 0.1 0.2  Ti  T  1.0 2.0 3.0  0.5',
  '2  1.0 1.1 1.2  o   F -1.0 -2.0 -3.0 -0.5',
  '1',
  'energy = "-3.25"  Properties=species:S:1:pos:R:3',
  'H 9.0 8.0 7.0',
  '',
].join('\r\n');

test('Properties columns are found by name in any order; extra columns and other keys are ignored', () => {
  const [a, b] = parseExtxyz(twoFrames, 'mem.extxyz');
  assert.deepEqual(a.species, ['Ti', 'O']);
  assert.deepEqual(Array.from(a.positions), [0.0, 0.1, 0.2, 1.0, 1.1, 1.2]);
  assert.deepEqual(Array.from(a.forces as Float64Array), [1, 2, 3, -1, -2, -3]);
  assert.deepEqual(Array.from(a.cell as Float64Array), [4, 0, 0, 0, 5, 0, 0, 0, 6]);
  assert.deepEqual(a.pbc, [true, true, false]);
  assert.equal(a.energy, -12.5);
  assert.equal(b.energy, -3.25);
  assert.equal(b.forces, null);
  assert.equal(b.cell, null);
  assert.deepEqual(b.pbc, [false, false, false]);
});

test('frames are named file#index (0-based) with the line of their count', () => {
  const frames = parseExtxyz(twoFrames, 'mem.extxyz');
  assert.deepEqual(frames.map((f) => f.name), ['mem.extxyz#0', 'mem.extxyz#1']);
  assert.deepEqual(frames.map((f) => f.source), [{ file: 'mem.extxyz', frame: 0, line: 1 }, { file: 'mem.extxyz', frame: 1, line: 5 }]);
});

test('Lattice without pbc means periodic in all three directions', () => {
  const [s] = parseExtxyz('1\nLattice="3 0 0 0 3 0 0 0 3" energy=1.0\nCu 0 0 0\n', 'cu.xyz');
  assert.deepEqual(s.pbc, [true, true, true]);
  assert.equal(s.species[0], 'Cu');
});

test('a plain XYZ frame (no Properties, no energy) reads when energies are not required', () => {
  const [s] = parseExtxyz('2\nwater-ish molecule\nO 0 0 0\nH 0 0 0.96\n', 'plain.xyz', 'eV', { requireEnergy: false });
  assert.deepEqual(s.species, ['O', 'H']);
  assert.equal(s.energy, null);
  assert.throws(() => parseExtxyz('2\nwater-ish molecule\nO 0 0 0\nH 0 0 0.96\n', 'plain.xyz'),
    (e: unknown) => e instanceof LocatedError && e.location.line === 2 && e.location.field === 'energy');
});

test('kcal/mol converts energy and forces but never positions or the cell', () => {
  const text = '1\nLattice="3 0 0 0 3 0 0 0 3" Properties=species:S:1:pos:R:3:forces:R:3 energy=-100\nCu 1 2 3 10 20 30\n';
  const [s] = parseExtxyz(text, 'k.extxyz', 'kcal/mol');
  const f = 4.184 / 96.48533212331001;
  assert.ok(Math.abs((s.energy as number) - -100 * f) < 1e-12);
  assert.ok(Math.abs((s.forces as Float64Array)[2] - 30 * f) < 1e-12);
  assert.deepEqual(Array.from(s.positions), [1, 2, 3]);
  assert.deepEqual(Array.from(s.cell as Float64Array), [3, 0, 0, 0, 3, 0, 0, 0, 3]);
});

test('errors carry the column of the offending value', () => {
  assert.throws(() => parseExtxyz('1\nenergy=1 Properties=species:S:1:pos:R:3\nCu 1 2 x3\n', 'c.xyz'),
    (e: unknown) => e instanceof LocatedError && e.location.line === 3 && e.location.column === 8);
});
