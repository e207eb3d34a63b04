/**
 * The one-output layer kernels of mlp.wat (out1_bd, out1_back_bd, out1_grad_bd), which the energy path runs
 * for an energy-only output layer, against the same sums in float64 here: several blocks (members), rows
 * wide as the fused ensemble lays them out, input widths that fill whole 64-byte slices (gin 4) and that do
 * not (gin 2, gin 5), gradients added to what dw and db already hold.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MlpKernel } from '../../../src/core/kernels/mlp-kernel';

function kernel(): MlpKernel {
  const k = MlpKernel.create();
  if (typeof k === 'string') throw new Error(k);
  return k;
}

/** A deterministic fill in [−1, 1). */
function fill(f: Float32Array, at: number, n: number, seed: number): void {
  for (let i = 0; i < n; i++) f[at / 4 + i] = Math.fround(((Math.sin((i + 1) * 12.9898 + seed * 78.233) * 43758.5453) % 1));
}

const close = (a: number, b: number, what: string) => assert.ok(Math.abs(a - b) <= 2e-6 * (1 + Math.abs(b)), `${what}: kernel ${a} vs ${b}`);

for (const gin of [4, 2, 5]) {
  test(`one-output kernels equal their float64 sums over 3 blocks of ${4 * gin} inputs and 37 rows`, () => {
    const k = kernel();
    const nb = 3, n = 37, K = 4 * gin;
    const xs = nb * K * 4, xb = K * 4; // wide rows: block j's inputs at j·K floats
    const x = k.alloc(n * nb * K), wo = k.alloc(nb * K), b = k.alloc(nb * 4), out = k.alloc(n * nb * 4);
    const dz = k.alloc(n * nb * 4), dh = k.alloc(n * nb * K), dw = k.alloc(nb * K * 4), db = k.alloc(nb * 4);
    const f = k.f32;
    fill(f, x, n * nb * K, 1); fill(f, wo, nb * K, 2); fill(f, b, nb * 4, 3); fill(f, dw, nb * K * 4, 4); fill(f, db, nb * 4, 5);
    for (let r = 0; r < n; r++) for (let j = 0; j < nb; j++) f[dz / 4 + (r * nb + j) * 4] = Math.fround(Math.cos(r * 0.7 + j));
    const dw0 = Float64Array.from(f.subarray(dw / 4, dw / 4 + nb * K * 4));
    const db0 = Float64Array.from(f.subarray(db / 4, db / 4 + nb * 4));
    const X = (r: number, j: number, i: number) => f[x / 4 + r * nb * K + j * K + i];
    const Dz = (r: number, j: number) => f[dz / 4 + (r * nb + j) * 4];

    k.k.out1_bd(x, xs, xb, n, gin, wo, K * 4, b, 16, nb, out, nb * 16, 16);
    k.k.out1_back_bd(dz, nb * 16, 16, n, gin, wo, K * 4, nb, dh, xs, xb);
    k.k.out1_grad_bd(x, xs, xb, n, gin, dz, nb * 16, 16, nb, dw, K * 16, db, 16);

    for (let j = 0; j < nb; j++) {
      for (let r = 0; r < n; r++) {
        let e = f[b / 4 + j * 4];
        for (let i = 0; i < K; i++) e += X(r, j, i) * f[wo / 4 + j * K + i];
        const o = out / 4 + (r * nb + j) * 4;
        close(f[o], e, `output of block ${j} row ${r}`);
        assert.deepEqual([f[o + 1], f[o + 2], f[o + 3]], [0, 0, 0]);
        for (let i = 0; i < K; i++) close(f[dh / 4 + r * nb * K + j * K + i], Dz(r, j) * f[wo / 4 + j * K + i], `dh of block ${j} row ${r} input ${i}`);
      }
      let sdz = 0;
      for (let r = 0; r < n; r++) sdz += Dz(r, j);
      close(f[db / 4 + j * 4], db0[j * 4] + sdz, `db of block ${j}`);
      for (let lane = 1; lane < 4; lane++) assert.equal(f[db / 4 + j * 4 + lane], Math.fround(db0[j * 4 + lane]), 'db lanes 1–3 untouched');
      for (let i = 0; i < K; i++) {
        let s = 0;
        for (let r = 0; r < n; r++) s += X(r, j, i) * Dz(r, j);
        const at = j * K * 4 + i * 4;
        close(f[dw / 4 + at], dw0[at] + s, `dw of block ${j} input ${i}`);
        for (let lane = 1; lane < 4; lane++) assert.equal(f[dw / 4 + at + lane], Math.fround(dw0[at + lane]), 'dw lanes 1–3 untouched');
      }
    }
  });
}
