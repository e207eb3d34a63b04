import { test } from 'node:test';
import assert from 'node:assert/strict';
import { featurize, jacobianEntry, findPair, descriptorLength } from '../../../src/core/descriptors';
import type { ChebyshevSetup } from '../../../src/core/descriptors';
import type { Structure } from '../../../src/core/structures/types';
import { LocatedError } from '../../../src/core/errors';
import { ethanol, molecule, perovskite, setupsFor, displaced } from './structures-for-tests';

/** Compares the analytic Jacobian with central differences of the values, every i, k, c, n. */
function checkAgainstFiniteDifferences(s: Structure, setups: ChebyshevSetup[], h = 1e-5): number {
  const d = featurize(s, setups, { derivatives: true });
  let worst = 0, scale = 0;
  for (let k = 0; k < d.n; k++) {
    for (let c = 0; c < 3; c++) {
      const plus = featurize(displaced(s, k, c, h), setups).values;
      const minus = featurize(displaced(s, k, c, -h), setups).values;
      for (let i = 0; i < d.n; i++) {
        for (let n = 0; n < d.dims[i]; n++) {
          const fd = (plus[d.offsets[i] + n] - minus[d.offsets[i] + n]) / (2 * h);
          const an = jacobianEntry(d, i, k, c, n);
          worst = Math.max(worst, Math.abs(fd - an));
          scale = Math.max(scale, Math.abs(fd));
        }
      }
    }
  }
  assert.ok(scale > 0.1, 'derivatives must not all vanish');
  return worst;
}

test('one-element molecule: no typed part, and the Jacobian equals finite differences', () => {
  const si = molecule('Si5', [['Si', 0, 0, 0], ['Si', 2.3, 0.1, -0.2], ['Si', 1.1, 2.0, 0.3], ['Si', 0.9, 0.7, 2.1], ['Si', -1.4, 1.2, 1.0]]);
  const setups = setupsFor(['Si']);
  const d = featurize(si, setups);
  assert.equal(d.dims[0], 8 + 5 + 2);
  assert.equal(descriptorLength(setups[0]), 15);
  assert.ok(checkAgainstFiniteDifferences(si, setups) < 1e-7);
});

test('three-element environment (weights −1, 0, +1), periodic cell smaller than the cutoff: Jacobian equals finite differences', () => {
  const s = perovskite();
  const setups = setupsFor(['Sr', 'Ti', 'O'], [6.5, 10, 5.0, 4]);
  const d = featurize(s, setups, { derivatives: true });
  assert.equal(d.dims[0], 2 * (11 + 5));
  // Every atom sees every other atom (and its own images) through the tiny cell.
  for (let i = 0; i < d.n; i++) for (let k = 0; k < d.n; k++) assert.ok(findPair(d, i, k) >= 0);
  assert.ok(checkAgainstFiniteDifferences(s, setups) < 1e-6);
});

test('three-element molecule with an atom beyond every cutoff: sparse pairs and finite differences agree', () => {
  const s = ethanol();
  const far = molecule('ethanol+far-H', [...Array.from({ length: 9 }, (_, i) => [s.species[i], s.positions[3 * i], s.positions[3 * i + 1], s.positions[3 * i + 2]] as [string, number, number, number]), ['H', 30, 0, 0]]);
  const setups = setupsFor(['C', 'O', 'H']);
  const d = featurize(far, setups, { derivatives: true });
  assert.equal(findPair(d, 0, 9), -1);
  assert.equal(findPair(d, 9, 0), -1);
  assert.ok(findPair(d, 9, 9) >= 0);
  // The isolated atom's descriptor is all zeros and so is its self derivative.
  for (let n = 0; n < d.dims[9]; n++) assert.equal(d.values[d.offsets[9] + n], 0);
  assert.ok(checkAgainstFiniteDifferences(far, setups) < 1e-7);
});

test('an element missing from a set-up\'s ENV, or with no set-up, is a located error', () => {
  const s = ethanol();
  assert.throws(() => featurize(s, setupsFor(['C', 'H', 'O']).map((x) => ({ ...x, env: ['C', 'H'] }))), /O is not in the ENV of C's set-up/);
  assert.throws(() => featurize(s, setupsFor(['C', 'H'])), /no descriptor set-up for element O/);
});

test('non-finite coordinates and a flat periodic cell are located errors, not silent garbage', () => {
  const s = perovskite();
  const setups = setupsFor(['Sr', 'Ti', 'O']);
  const bad = Float64Array.from(s.positions); bad[4] = NaN;
  assert.throws(() => featurize({ ...s, positions: bad }, setups), (e: unknown) => e instanceof LocatedError && e.location.field === 'positions' && /atom 2/.test(e.message));
  const flat = Float64Array.from([3.9, 0, 0, 0, 3.9, 0, 7.8, 3.9, 0]);
  assert.throws(() => featurize({ ...s, cell: flat }, setups), (e: unknown) => e instanceof LocatedError && e.location.field === 'cell' && e.location.file === 'SrTiO3-distorted');
});

test('per-element set-ups with their own cutoffs (angular beyond radial too) and ENV orders: finite differences agree', () => {
  const s = perovskite();
  const setups: ChebyshevSetup[] = [
    { element: 'Sr', env: ['Sr', 'Ti', 'O'], rmin: 0.5, radialCutoff: 5.0, radialOrder: 6, angularCutoff: 4.0, angularOrder: 3 },
    { element: 'Ti', env: ['O', 'Sr', 'Ti'], rmin: 0.5, radialCutoff: 6.5, radialOrder: 12, angularCutoff: 3.0, angularOrder: 5 },
    { element: 'O', env: ['Ti', 'O', 'Sr', 'H'], rmin: 0.5, radialCutoff: 3.5, radialOrder: 4, angularCutoff: 4.5, angularOrder: 2 },
  ];
  const d = featurize(s, setups);
  assert.deepEqual(Array.from(d.dims), [2 * (7 + 4), 2 * (13 + 6), 2 * (5 + 3), 16, 16]);
  assert.ok(checkAgainstFiniteDifferences(s, setups) < 1e-6);
});

test('float32Jacobian keeps the same pairs and the float64 Jacobian rounded once to float32; the default stays float64', () => {
  const s = perovskite();
  const setups = setupsFor(['Sr', 'Ti', 'O'], [6.5, 10, 5.0, 4]);
  const d64 = featurize(s, setups, { derivatives: true });
  const d32 = featurize(s, setups, { derivatives: true, float32Jacobian: true });
  assert.ok(d64.jacobian!.values instanceof Float64Array);
  assert.ok(d32.jacobian!.values instanceof Float32Array);
  assert.deepEqual(d32.jacobian!.pairAtom, d64.jacobian!.pairAtom);
  assert.deepEqual(d32.jacobian!.blockStart, d64.jacobian!.blockStart);
  assert.deepEqual(d32.values, d64.values, 'the descriptors themselves stay float64');
  const rounded = Float32Array.from(d64.jacobian!.values);
  assert.equal(d32.jacobian!.values.length, rounded.length);
  for (let i = 0; i < rounded.length; i++) assert.equal(d32.jacobian!.values[i], rounded[i]);
  assert.ok(rounded.some((v, i) => v !== d64.jacobian!.values[i]), 'float32 differs from float64 somewhere');
});
