// The benches' same-run reference plumbing (test/bench/references): the workload file the PyTorch
// reference reads, and the interleaved rounds every ratio comes from. No torch or aenet needed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TrainingSample } from '../../src/core/data/samples';
import { exportWorkload } from '../../test/bench/references/export-workload';
import { interleave } from '../../test/bench/references/rounds';

function readArray(file: string, name: string): number[] {
  const header = JSON.parse(readFileSync(`${file}.json`, 'utf8'));
  const a = header.arrays[name];
  const buf = readFileSync(`${file}.bin`);
  const view = a.dtype === 'float32' ? new Float32Array(buf.buffer, buf.byteOffset + a.offset, a.length) : new Int32Array(buf.buffer, buf.byteOffset + a.offset, a.length);
  return [...view];
}

// Two structures, D = 2: one atom without forces; then two atoms with forces and a Jacobian of three
// (i, k) pairs (0,0), (0,1), (1,1). Element 0: mean (1, 2), scale (0.5, 2); element 1: mean 0, scale 1.
const std = [
  { element: 'O', mean: new Float64Array([1, 2]), scale: new Float64Array([0.5, 2]) },
  { element: 'Ti', mean: new Float64Array([0, 0]), scale: new Float64Array([1, 1]) },
];
const descriptors = (values: number[], n: number) => ({ n, dims: new Int32Array(n).fill(2), offsets: Int32Array.from({ length: n + 1 }, (_, i) => 2 * i), values: new Float64Array(values) });
const samples: TrainingSample[] = [
  { name: 'a', nAtoms: 1, element: new Int32Array([1]), energy: -3, forces: null, descriptors: descriptors([4, 5], 1) },
  {
    name: 'b', nAtoms: 2, element: new Int32Array([0, 1]), energy: 1.5, forces: new Float32Array([1, 2, 3, 4, 5, 6]),
    descriptors: {
      ...descriptors([3, 6, 7, 8], 2),
      jacobian: {
        pairStart: new Int32Array([0, 2, 3]), pairAtom: new Int32Array([0, 1, 1]), blockStart: new Int32Array([0, 6, 12, 18]),
        values: new Float64Array(Array.from({ length: 18 }, (_, i) => i + 1)),
      },
    },
  },
];

test('the PyTorch workload holds standardised descriptors, global atom indices and Jacobians scaled like the descriptors', () => {
  const dir = mkdtempSync(join(tmpdir(), 'workload-'));
  try {
    const file = join(dir, 'w');
    const { bytes } = exportWorkload(file, samples, std);
    const header = JSON.parse(readFileSync(`${file}.json`, 'utf8'));
    assert.deepEqual([header.structures, header.atoms, header.pairs, header.dim, header.elements], [2, 3, 3, 2, 2]);
    assert.equal(readFileSync(`${file}.bin`).length, bytes);
    assert.deepEqual(readArray(file, 'x'), [4, 5, (3 - 1) * 0.5, (6 - 2) * 2, 7, 8]);
    assert.deepEqual(readArray(file, 'energy'), [-3, 1.5]);
    assert.deepEqual(readArray(file, 'hasForces'), [0, 1]);
    assert.deepEqual(readArray(file, 'atomStart'), [0, 1, 3]);
    assert.deepEqual(readArray(file, 'pairStart'), [0, 0, 3]);
    assert.deepEqual(readArray(file, 'atomElement'), [1, 0, 1]);
    assert.deepEqual(readArray(file, 'forces'), [0, 0, 0, 1, 2, 3, 4, 5, 6]);
    assert.deepEqual(readArray(file, 'pairI'), [1, 1, 2]);
    assert.deepEqual(readArray(file, 'pairK'), [1, 2, 2]);
    // Pairs of atom 0 (element 0) are scaled per component n by (0.5, 2); atom 1's pair by 1.
    assert.deepEqual(readArray(file, 'jacobian'), [0.5, 4, 1.5, 8, 2.5, 12, 3.5, 16, 4.5, 20, 5.5, 24, 13, 14, 15, 16, 17, 18]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('interleaved rounds alternate ours and the reference and take min and median of each round\'s ratio', () => {
  const calls: string[] = [];
  const ours = [1, 4, 2];
  const ref = [2, 2, 4];
  let i = 0, j = 0;
  const out = interleave('case', 's', () => { calls.push('ours'); return ours[i++]; }, () => { calls.push('ref'); return { torch: ref[j++] }; }, 3);
  assert.deepEqual(calls, ['ours', 'ref', 'ours', 'ref', 'ours', 'ref']);
  assert.deepEqual(out.ratios.torch, [0.5, 2, 0.5]);
});

test('an absent reference keeps our own numbers and is not called again', () => {
  let refCalls = 0;
  const out = interleave('case', 's', () => 1, () => { refCalls++; return { absent: 'no torch' }; }, 3);
  assert.equal(refCalls, 1);
  assert.deepEqual(out.ours, [1, 1, 1]);
  assert.deepEqual(out.ratios, {});
});
