import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LocatedError } from '../../../src/core/errors';
import { atomicNumber, cohesiveEnergy, elementSymbol, ELEMENT_SYMBOLS, parseXsf } from '../../../src/core/structures';
import { parseStrictNumber } from '../../../src/core/structures/text-lines';

test('the element table holds Z = 1…118 and rejects non-elements', () => {
  assert.equal(ELEMENT_SYMBOLS.length, 118);
  assert.equal(atomicNumber('H'), 1);
  assert.equal(atomicNumber('Ti'), 22);
  assert.equal(atomicNumber('Og'), 118);
  assert.equal(elementSymbol('TI'), 'Ti');
  assert.equal(elementSymbol('8'), 'O');
  for (const bad of ['Xx', 'D', 'T', '0', '119', 'Tix', '']) assert.equal(elementSymbol(bad), null, bad);
});

test('numbers parse exactly like Number() and NaN/Inf/hex/junk are rejected', () => {
  const good = ['3.69499401', '-0.00006323', '+1.5', '1e-3', '-2.5E+02', '.5', '5.', '-0.0', '0.1234567890123456789', '1.0D-2', '123456789012345678'];
  for (const s of good) assert.ok(Object.is(parseStrictNumber(s), Number(s.replace('D', 'e'))), s);
  for (const s of ['NaN', 'nan', 'Inf', '-inf', 'Infinity', '0x1f', '1.5abc', '', '.', '-', '1e', '1..2', '1e400', ' 1']) {
    assert.ok(Number.isNaN(parseStrictNumber(s)), s);
  }
});

test('cohesive energy subtracts the atomic references and names a missing one', () => {
  const s = parseXsf('# total energy = -4988.73405769 eV\nATOMS\nTi 0 0 0\nTi 2 0 0\nO 0 2 0\nO 0 0 2\nO 2 2 0\nO 2 0 2\n', 'm.xsf');
  // structure1107 of the aenet TiO2 set: Ti2O4, cohesive energy -49.51243032799937 eV (aenet generate.x).
  const e = cohesiveEnergy(s, { O: -432.503149303, Ti: -1604.604515075 });
  assert.ok(Math.abs(e - -49.51243032799937) < 1e-9);
  assert.throws(() => cohesiveEnergy(s, { O: -432.5 }), (err: unknown) => err instanceof LocatedError && err.location.field === 'refs.Ti');
});
