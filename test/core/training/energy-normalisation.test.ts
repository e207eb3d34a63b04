import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { denormaliseEnergy, fitEnergyNormalisation, normaliseEnergy } from '../../../src/core/data/energy-normalisation';

interface Summary {
  energy_normalization: { E_scaling: number; E_shift: number };
  structures: { natoms: number; cohesive_energy_eV: number; normalized_energy: number }[];
}
const summary = JSON.parse(readFileSync(join(__dirname, '..', '..', 'fixtures', 'reference', 'tio2-trainset-summary.json'), 'utf8')) as Summary;

test('scale and shift equal aenet generate.x over the 1,000 TiO2 structures', () => {
  const n = fitEnergyNormalisation(summary.structures.map((s) => s.cohesive_energy_eV / s.natoms));
  assert.ok(Math.abs(n.scale - summary.energy_normalization.E_scaling) < 1e-12);
  assert.ok(Math.abs(n.shift - summary.energy_normalization.E_shift) < 1e-12);
});

test('normalised energies equal aenet\'s and invert exactly', () => {
  const n = { scale: summary.energy_normalization.E_scaling, shift: summary.energy_normalization.E_shift };
  for (const s of summary.structures.slice(0, 50)) {
    const e = normaliseEnergy(n, s.cohesive_energy_eV, s.natoms);
    assert.ok(Math.abs(e - s.normalized_energy) < 1e-9, `${e} vs ${s.normalized_energy}`);
    assert.ok(Math.abs(denormaliseEnergy(n, e, s.natoms) - s.cohesive_energy_eV) < 1e-9);
  }
});
