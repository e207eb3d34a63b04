import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { KCAL_PER_MOL_IN_EV, readStructures } from '../../../src/core/structures';

const repoRoot = join(__dirname, '..', '..', '..');
const file = 'test/fixtures/data/ethanol-2000.extxyz.gz';

// By hand: 4.184 kJ/mol per kcal/mol over N_A·e = 96.48533212331001 kJ/mol per eV (SI 2019, exact).
const factor = 4.184 / 96.48533212331001;
// First frame of the file (zcat | head -3): energy=-97195.01189948035, first atom
// C 0.32528930 -0.20828107 -0.37292856 26.23068692 -14.15197537 33.37017128 (kcal/mol/Å).
const firstEnergyKcal = -97195.01189948035;

test('1 kcal/mol is 0.0433641 eV (CODATA-based factor)', () => {
  assert.ok(Math.abs(KCAL_PER_MOL_IN_EV - 0.0433641) < 5e-8);
  assert.ok(Math.abs(KCAL_PER_MOL_IN_EV - factor) < 1e-17);
});

test('MD17 ethanol (gzip extxyz) gives 2,000 molecular frames of C2H6O with kcal/mol converted to eV', () => {
  const frames = readStructures(file, { cwd: repoRoot, energyUnit: 'kcal/mol' });
  assert.equal(frames.length, 2000);
  for (const f of frames) {
    assert.equal(f.species.length, 9);
    assert.equal(f.cell, null);
    assert.deepEqual(f.pbc, [false, false, false]);
    assert.equal(f.forces?.length, 27);
  }
  assert.deepEqual(frames[0].species, ['C', 'C', 'O', 'H', 'H', 'H', 'H', 'H', 'H']);
  assert.equal(frames[0].name, `${file}#0`);
  assert.deepEqual(frames[1999].source, { file, frame: 1999, line: 1999 * 11 + 1 });
  const e0 = frames[0].energy as number;
  assert.ok(Math.abs(e0 - firstEnergyKcal * factor) < 1e-9, `${e0}`);
  assert.ok(Math.abs(e0 - -4214.7746) < 1e-3);
  assert.deepEqual(Array.from(frames[0].positions.subarray(0, 3)), [0.3252893, -0.20828107, -0.37292856]);
  const f0 = Array.from((frames[0].forces as Float64Array).subarray(0, 3));
  [26.23068692, -14.15197537, 33.37017128].forEach((v, c) => assert.ok(Math.abs(f0[c] - v * factor) < 1e-12));
});

test('the same file read as eV keeps the numbers as written', () => {
  const frames = readStructures(file, { cwd: repoRoot });
  assert.equal(frames[0].energy, firstEnergyKcal);
  assert.equal(frames[0].forces?.[0], 26.23068692);
});
