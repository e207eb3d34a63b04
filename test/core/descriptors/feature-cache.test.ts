import { test } from 'node:test';
import assert from 'node:assert/strict';
import { featurize, encodeCacheHeader, encodeCacheRecord, decodeCache, jacobianEntry } from '../../../src/core/descriptors';
import { reference, referenceSetups, referenceStructure } from './reference-fixture';

function concat(chunks: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((a, c) => a + c.length, 0));
  let o = 0;
  for (const c of chunks) { out.set(c, o); o += c.length; }
  return out;
}

test('the binary feature cache gives back aenet\'s descriptors and Jacobian exactly', () => {
  const setups = referenceSetups();
  const refs = reference.structures.slice(0, 2);
  const chunks = [encodeCacheHeader(setups, true)];
  for (const ref of refs) {
    const s = referenceStructure(ref);
    chunks.push(...encodeCacheRecord({ name: s.name, energy: s.energy, species: s.species, positions: s.positions }, featurize(s, setups, { derivatives: true }), true));
  }
  // An odd offset inside a larger buffer, as a file read may give.
  const bytes = concat(chunks);
  const shifted = new Uint8Array(bytes.length + 3);
  shifted.set(bytes, 3);
  const cache = decodeCache(shifted.subarray(3));
  assert.equal(cache.derivatives, true);
  assert.deepEqual(cache.setups, setups);
  assert.equal(cache.records.length, 2);
  refs.forEach((ref, r) => {
    const rec = cache.records[r];
    assert.equal(rec.name, ref.xsf);
    assert.equal(rec.energy, ref.total_energy_eV);
    assert.deepEqual(rec.species, ref.atoms.map((a) => a.element));
    ref.atoms.forEach((a, i) => {
      assert.deepEqual(Array.from(rec.positions.subarray(3 * i, 3 * i + 3)), a.position);
      for (let n = 0; n < 56; n++) assert.ok(Math.abs(rec.descriptors.values[56 * i + n] - a.descriptor[n]) < 1e-10);
    });
    const J = ref.descriptor_jacobian!.dG_dR;
    for (let i = 0; i < ref.natoms; i++) for (let k = 0; k < ref.natoms; k++) for (let c = 0; c < 3; c++) for (let n = 0; n < 56; n += 5) {
      assert.ok(Math.abs(jacobianEntry(rec.descriptors, i, k, c, n) - J[i][k][c][n]) < 1e-9);
    }
  });
  assert.throws(() => decodeCache(bytes.subarray(0, bytes.length - 8)), /truncated/);
  assert.throws(() => decodeCache(new TextEncoder().encode('not a cache at all')), /not a feature cache/);
});

test('a float32 Jacobian is cached as float64 and read back to the same values', () => {
  const setups = referenceSetups();
  const s = referenceStructure(reference.structures[0]);
  const d = featurize(s, setups, { derivatives: true, float32Jacobian: true });
  const cache = decodeCache(concat([encodeCacheHeader(setups, true), ...encodeCacheRecord({ name: s.name, energy: s.energy, species: s.species, positions: s.positions }, d, true)]));
  const back = cache.records[0].descriptors.jacobian!.values;
  assert.ok(back instanceof Float64Array);
  assert.deepEqual(Array.from(back), Array.from(d.jacobian!.values));
});
