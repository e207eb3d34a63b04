import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LocatedError } from '../../../src/core/errors';
import { parseXsf } from '../../../src/core/structures';

test('a molecular ATOMS block (no cell) reads with forces, atomic numbers as species', () => {
  const text = '# total energy = -1.5 eV\r\n\r\nATOMS\r\n8 0.0 0.0 0.0 0.1 0.2 0.3\r\n# a comment inside\r\n1 0.0 0.0 0.96 -0.1 -0.2 -0.3\r\n';
  const s = parseXsf(text, 'w.xsf');
  assert.deepEqual(s.species, ['O', 'H']);
  assert.equal(s.cell, null);
  assert.deepEqual(s.pbc, [false, false, false]);
  assert.equal(s.energy, -1.5);
  assert.deepEqual(Array.from(s.forces as Float64Array), [0.1, 0.2, 0.3, -0.1, -0.2, -0.3]);
});

test('a molecule without forces has forces null', () => {
  const s = parseXsf('# total energy = -1.5 eV\nMOLECULE\nATOMS\nO 0 0 0\nH 0 0 0.96\n', 'w.xsf');
  assert.equal(s.forces, null);
  assert.equal(s.species.length, 2);
});

test('SLAB and POLYMER set the periodic directions; CONVVEC is read and ignored', () => {
  const cell = 'PRIMVEC\n3 0 0\n0 3 0\n0 0 20\nCONVVEC\n3 0 0\n0 3 0\n0 0 20\nPRIMCOORD\n1 1\nCu 0 0 0\n';
  assert.deepEqual(parseXsf(`# total energy = 1 eV\nSLAB\n${cell}`, 's.xsf').pbc, [true, true, false]);
  assert.deepEqual(parseXsf(`# total energy = 1 eV\nPOLYMER\n${cell}`, 'p.xsf').pbc, [true, false, false]);
  assert.deepEqual(Array.from(parseXsf(`# total energy = 1 eV\nSLAB\n${cell}`, 's.xsf').cell as Float64Array), [3, 0, 0, 0, 3, 0, 0, 0, 20]);
});

test('a missing energy is an error only when energies are required', () => {
  const text = 'CRYSTAL\nPRIMVEC\n3 0 0\n0 3 0\n0 0 3\nPRIMCOORD\n1 1\nCu 0 0 0\n';
  assert.equal(parseXsf(text, 'c.xsf', { requireEnergy: false }).energy, null);
  assert.throws(() => parseXsf(text, 'c.xsf'), (e: unknown) => e instanceof LocatedError && e.location.field === 'energy');
});

test('XSF errors carry the column of the bad token', () => {
  const text = '# total energy = 1 eV\nCRYSTAL\nPRIMVEC\n3 0 0\n0 3 0\n0 0 3\nPRIMCOORD\n1 1\nCu 0 0 zero\n';
  assert.throws(() => parseXsf(text, 'c.xsf'), (e: unknown) => e instanceof LocatedError
    && e.location.line === 9 && e.location.column === 8 && e.location.file === 'c.xsf');
});

test('the energy may touch its unit or use an exponent; other units are refused', () => {
  const at = (e: string): string => `# total energy = ${e}\nATOMS\nH 0 0 0\n`;
  assert.equal(parseXsf(at('-5.25eV'), 'e.xsf').energy, -5.25);
  assert.equal(parseXsf(at('-5.0E+01 eV'), 'e.xsf').energy, -50);
  assert.throws(() => parseXsf(at('-5.25 Ry'), 'e.xsf'), /unit 'Ry'/);
  assert.throws(() => parseXsf(at('-5.25'), 'e.xsf'), /without its unit/);
});
