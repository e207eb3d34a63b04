/**
 * The kernels' random signs (Flipout): each four-lane sfc32 step gives 32 vectors, vector j taking bit j of
 * each lane's output. Over a million signs: only ±1, mean 0 and no correlation between neighbouring vectors
 * (bits j and j + 1 of one output), between lanes, or a step apart (lag 32), within 5 standard errors; and
 * n vectors take ⌈n/32⌉ generator steps (what a thread's window skips: ../../../src/core/kernels/sampled-step.ts).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MlpKernel } from '../../../src/core/kernels/mlp-kernel';

function kernel(): MlpKernel {
  const k = MlpKernel.create();
  if (typeof k === 'string') throw new Error(k);
  return k;
}

function seeded(k: MlpKernel, seed: number): number {
  const st = k.alloc(16);
  for (let i = 0; i < 16; i++) k.i32[st / 4 + i] = Math.imul(seed + i, 0x9e3779b1) >>> 0 | 1;
  return st;
}

test('a million kernel signs: ±1 only, mean 0, no correlation between neighbouring vectors, lanes or steps', () => {
  const k = kernel();
  const n4 = 1 << 18, n = 4 * n4;
  const st = seeded(k, 3), out = k.alloc(n);
  k.k.signs(st, out, n4);
  const x = k.f32.slice(out / 4, out / 4 + n);
  assert.ok(x.every((v) => v === 1 || v === -1));
  const corr = (lag: number) => { let c = 0; for (let i = lag; i < n; i++) c += x[i] * x[i - lag]; return c / (n - lag); };
  let mean = 0;
  for (const v of x) mean += v / n;
  const se = 1 / Math.sqrt(n);
  assert.ok(Math.abs(mean) < 5 * se, `mean ${mean}`);
  for (const [what, lag] of [['lanes', 1], ['neighbouring vectors', 4], ['steps', 128]] as const) assert.ok(Math.abs(corr(lag)) < 5 * se, `${what}: ${corr(lag)}`);
});

test('n vectors of signs take ⌈n/32⌉ generator steps (40 vectors: 2, then 1 vector: 1), as rng_skip counts them', () => {
  const k = kernel();
  const a = seeded(k, 9), b = seeded(k, 9), out = k.alloc(64 * 4), tail = k.alloc(64 * 4);
  k.k.signs(a, out, 40);
  k.k.rng_skip(b, 2);
  const f = k.i32;
  assert.deepEqual(f.slice(a / 4, a / 4 + 16), f.slice(b / 4, b / 4 + 16), '40 vectors: 2 steps');
  k.k.signs(a, tail, 1);
  k.k.rng_skip(b, 1);
  assert.deepEqual(f.slice(a / 4, a / 4 + 16), f.slice(b / 4, b / 4 + 16), '1 vector: 1 step');
});
