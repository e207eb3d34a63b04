/** Extended XYZ written for DFT input reads back with the same atoms, cell and keys. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseExtxyz } from '../../../src/core/structures/extxyz';
import { extxyzFrame } from '../../../src/core/structures/write-extxyz';
import type { Structure } from '../../../src/core/structures/types';

const s: Structure = {
  name: 'x', source: { file: 'x' }, species: ['Ti', 'O'], positions: Float64Array.from([0, 0, 0, 1.1234567890123457, 2.5, -0.1]),
  cell: Float64Array.from([4.5, 0, 0, 0, 4.5, 0, 0.1, 0, 3]), pbc: [true, true, true], energy: null, forces: null,
};

test('positions and cell round-trip exactly; σ and rank ride along as frame keys', () => {
  const text = extxyzFrame(s, { selection_rank: 2, sigma_energy_per_atom: 0.0123, source: 'pool.tar.gz:a "b".xsf' });
  assert.match(text.split('\n')[1], /selection_rank=2\.0 sigma_energy_per_atom=0\.0123 source="pool\.tar\.gz:a \\"b\\"\.xsf"/);
  const [back] = parseExtxyz(text, 'picks.extxyz', 'eV', { requireEnergy: false });
  assert.deepEqual(back.species, s.species);
  assert.deepEqual(Array.from(back.positions), Array.from(s.positions));
  assert.deepEqual(Array.from(back.cell!), Array.from(s.cell!));
  assert.deepEqual(back.pbc, [true, true, true]);
});

test('a molecule has no Lattice and pbc F F F', () => {
  const text = extxyzFrame({ ...s, cell: null, pbc: [false, false, false] });
  assert.doesNotMatch(text, /Lattice/);
  const [back] = parseExtxyz(text, 'm.extxyz', 'eV', { requireEnergy: false });
  assert.equal(back.cell, null);
});
