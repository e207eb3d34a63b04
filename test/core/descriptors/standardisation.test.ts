import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { computeStandardisation, standardise, Featurizer, StandardisationAccumulator } from '../../../src/core/descriptors';
import type { StructureDescriptors } from '../../../src/core/descriptors';
import { readStructures } from '../../../src/core/structures';
import { reference, referenceSetups, repoRoot } from './reference-fixture';

function handmade(rows: number[][]): StructureDescriptors {
  const D = rows[0].length;
  return {
    n: rows.length, dims: Int32Array.from(rows, () => D),
    offsets: Int32Array.from({ length: rows.length + 1 }, (_, i) => i * D), values: Float64Array.from(rows.flat()),
  };
}

test('statistics are per element with population variance, and a constant feature gets scale 0', () => {
  // X: feature 0 takes 1, 2, 3, 6 → mean 3, population variance 3.5; feature 1 is always 5.
  const stats = computeStandardisation([
    { species: ['X', 'Y'], descriptors: handmade([[1, 5], [10, 0]]) },
    { species: ['X', 'X', 'X', 'Y'], descriptors: handmade([[2, 5], [3, 5], [6, 5], [14, 2]]) },
  ]);
  const x = stats.get('X')!, y = stats.get('Y')!;
  assert.ok(Math.abs(x.mean[0] - 3) < 1e-15 && Math.abs(x.scale[0] - 1 / Math.sqrt(3.5)) < 1e-15);
  assert.equal(x.mean[1], 5);
  assert.equal(x.scale[1], 0);
  assert.ok(Math.abs(y.mean[0] - 12) < 1e-15 && Math.abs(y.scale[0] - 0.5) < 1e-15);
  assert.ok(Math.abs(y.mean[1] - 1) < 1e-15 && Math.abs(y.scale[1] - 1) < 1e-15);
  const z = standardise(handmade([[6, 5]]), ['X'], stats);
  assert.ok(Math.abs(z.values[0] - 3 / Math.sqrt(3.5)) < 1e-15);
  assert.equal(z.values[1], 0);
});

test('statistics over the 1,000 TiO2 structures equal aenet\'s normalisation block (avg, cov = mean G², scale)', (t) => {
  const archive = join(repoRoot, 'examples/data/tio2-1000-xsf.tar.gz');
  if (!existsSync(archive)) { t.skip('examples/data/tio2-1000-xsf.tar.gz absent'); return; }
  const f = new Featurizer(referenceSetups());
  const acc = new StandardisationAccumulator();
  for (const s of readStructures(archive)) acc.add(s.species, f.featurize(s));
  const stats = acc.result();
  for (const [el, ref] of Object.entries(reference.normalization)) {
    const st = stats.get(el)!;
    assert.equal(st.count, ref.neval_atoms);
    for (let n = 0; n < 56; n++) {
      const avg = ref.sfval_avg[n];
      assert.ok(Math.abs(st.mean[n] - avg) <= 1e-10 * Math.max(1, Math.abs(avg)), `${el} mean[${n}] ${st.mean[n]} vs ${avg}`);
      const second = st.std[n] ** 2 + st.mean[n] ** 2;
      assert.ok(Math.abs(second - ref.sfval_cov_second_moment[n]) <= 1e-10 * ref.sfval_cov_second_moment[n], `${el} cov[${n}]`);
      assert.ok(Math.abs(st.scale[n] - ref.scale[n]) <= 1e-8 * ref.scale[n], `${el} scale[${n}] ${st.scale[n]} vs ${ref.scale[n]}`);
    }
  }
});
