/**
 * The MD17 ethanol example loads with no diagnostic on a fresh clone (the frames ship in examples/data) and
 * carries the set-up the paper-md17 bench trains on: extended XYZ in kcal/mol, fitted reference energies,
 * 80/10/10, the molecular descriptor of the QM7 examples, 15-15 tanh, energies and forces with α = 0.1.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { readStructures } from '../../../src/core/structures';
import { EXAMPLES, loadCleanExample } from './shipped-example';

const md17 = readdirSync(EXAMPLES).filter((f) => f.startsWith('md17-') && f.endsWith('.mlip.yaml')).sort();

test('the examples folder holds the MD17 ethanol ensemble', () => {
  assert.deepEqual(md17, ['md17-ethanol-ensemble.mlip.yaml']);
});

test('example md17-ethanol-ensemble.mlip.yaml loads, validates and trains energies and forces of the shipped frames', () => {
  const c = loadCleanExample('md17-ethanol-ensemble.mlip.yaml');
  assert.deepEqual(c.data.structures, ['data/ethanol-2000.extxyz.gz']);
  assert.deepEqual([c.data.format, c.data.units, c.data.reference_energies], ['extxyz', 'kcal/mol', 'fit']);
  assert.deepEqual(c.data.split, { train: 0.8, validation: 0.1, test: 0.1, seed: 1 });
  assert.deepEqual([c.descriptor.radial_cutoff, c.descriptor.radial_order, c.descriptor.angular_cutoff, c.descriptor.angular_order], [6.0, 20, 4.0, 6]);
  assert.deepEqual(c.network, { hidden: [15, 15], activation: 'tanh' });
  assert.equal(c.method.type === 'ensemble' && c.method.ensemble.members, 10);
  assert.deepEqual([c.training.force_weight, c.training.batch_size, c.training.learning_rate], [0.1, 32, 5.49e-4]);
  // The shipped frames: 2,000 ethanol molecules with forces, the first energy as the file writes it
  // (zcat | head -3: energy=-97195.01189948035 kcal/mol).
  const frames = readStructures('data/ethanol-2000.extxyz.gz', { cwd: EXAMPLES });
  assert.equal(frames.length, 2000);
  assert.ok(frames.every((f) => f.species.length === 9 && f.forces?.length === 27 && f.cell === null));
  assert.equal(frames[0].energy, -97195.01189948035);
});
