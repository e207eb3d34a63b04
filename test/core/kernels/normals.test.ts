/**
 * The kernels' Gaussian noise (four-lane sfc32 + Box–Muller with polynomial log/sin/cos): a million draws
 * have mean 0 and variance 1 within their standard errors, pass a Kolmogorov–Smirnov test against Φ at the
 * 1 % level, lag-1 correlation within noise, and repeat exactly from the same generator state.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MlpKernel } from '../../../src/core/kernels/mlp-kernel';
import { normalCdf } from '../../../src/core/uq/special-functions';

function draw(n: number, seed: number): Float32Array {
  const k = MlpKernel.create();
  if (typeof k === 'string') throw new Error(k);
  const st = k.alloc(16);
  for (let i = 0; i < 16; i++) k.i32[st / 4 + i] = Math.imul(seed + i, 0x9e3779b1) >>> 0 | 1;
  const out = k.alloc(n);
  for (let i = 0; i < 12; i++) k.k.normals(st, out, 4); // warm the state up, as sfc32 seeding does
  k.k.normals(st, out, n / 4);
  return k.f32.slice(out / 4, out / 4 + n);
}

test('a million kernel normals: mean 0, variance 1, Kolmogorov–Smirnov vs Φ passes at 1 %, no lag-1 correlation', () => {
  const n = 1 << 20;
  const x = draw(n, 17);
  let mean = 0;
  for (const v of x) mean += v / n;
  let v2 = 0, lag = 0;
  for (let i = 0; i < n; i++) { v2 += (x[i] - mean) ** 2 / n; if (i) lag += (x[i] - mean) * (x[i - 1] - mean) / n; }
  assert.ok(Math.abs(mean) < 5 / Math.sqrt(n), `mean ${mean}`);
  assert.ok(Math.abs(v2 - 1) < 5 * Math.sqrt(2 / n), `variance ${v2}`);
  assert.ok(Math.abs(lag / v2) < 5 / Math.sqrt(n), `lag-1 correlation ${lag / v2}`);
  const sorted = Float64Array.from(x).sort();
  let d = 0;
  for (let i = 0; i < n; i++) {
    const f = normalCdf(sorted[i]);
    d = Math.max(d, Math.abs(f - i / n), Math.abs((i + 1) / n - f));
  }
  assert.ok(d < 1.63 / Math.sqrt(n), `KS statistic ${d} (1 % critical value ${1.63 / Math.sqrt(n)})`);
  assert.ok(Math.max(...sorted.slice(-1)) > 4 && sorted[0] < -4, 'the tails are reached');
});

test('kernel normals repeat from the same state and differ from another', () => {
  assert.deepEqual(draw(4096, 5), draw(4096, 5));
  assert.notDeepEqual(draw(4096, 5), draw(4096, 6));
});
