import { test } from 'node:test';
import assert from 'node:assert/strict';
import { featurize, atomDescriptor, jacobianEntry, standardise } from '../../../src/core/descriptors';
import type { Standardisation } from '../../../src/core/descriptors';
import { reference, referenceSetups, referenceStructure, byName } from './reference-fixture';

const setups = referenceSetups();

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  assert.equal(a.length, b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

for (const ref of reference.structures) {
  test(`raw descriptors of ${ref.xsf} (${ref.natoms} atoms) match aenet generate.x to 1e-10`, () => {
    const d = featurize(referenceStructure(ref), setups);
    assert.equal(d.n, ref.natoms);
    ref.atoms.forEach((a, i) => {
      assert.equal(d.dims[i], 56);
      const diff = maxAbsDiff(atomDescriptor(d, i), a.descriptor);
      assert.ok(diff <= 1e-10, `atom ${i} (${a.element}) differs by ${diff}`);
    });
  });
}

for (const name of ['structure1107.xsf', 'structure0655.xsf']) {
  test(`Jacobian dG_i/dR_k of ${name} matches aenet to 1e-9 for every (i, k), images summed`, () => {
    const ref = byName(name);
    const d = featurize(referenceStructure(ref), setups, { derivatives: true });
    const R = ref.descriptor_jacobian!.dG_dR;
    let worst = 0;
    for (let i = 0; i < ref.natoms; i++) for (let k = 0; k < ref.natoms; k++) for (let c = 0; c < 3; c++) for (let n = 0; n < 56; n++) {
      worst = Math.max(worst, Math.abs(jacobianEntry(d, i, k, c, n) - R[i][k][c][n]));
    }
    assert.ok(worst <= 1e-9, `worst Jacobian difference ${worst}`);
    // Values alone must agree with the plain call, derivatives or not.
    assert.ok(maxAbsDiff(d.values, featurize(referenceStructure(ref), setups).values) === 0);
  });
}

test('normalised descriptors match aenet with its stored shift and scale', () => {
  const stats = new Map<string, Standardisation>();
  for (const [el, nrm] of Object.entries(reference.normalization)) {
    stats.set(el, { element: el, mean: Float64Array.from(nrm.shift), scale: Float64Array.from(nrm.scale) });
  }
  for (const ref of reference.structures) {
    const st = referenceStructure(ref);
    const d = standardise(featurize(st, setups), st.species, stats);
    ref.atoms.forEach((a, i) => {
      const diff = maxAbsDiff(atomDescriptor(d, i), a.descriptor_normalized);
      assert.ok(diff <= 1e-9, `${ref.xsf} atom ${i} differs by ${diff}`);
    });
  }
});
