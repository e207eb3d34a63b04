/**
 * The kernel path's flat Adam (mlp.wat adam) does the tfjs optimiser's arithmetic: f32 operations in the
 * order of adam.ts's tf ops, so after several steps on the same gradients both hold the same parameters and
 * moments bit for bit, with and without element-wise clipping and L2 weight decay; its state restores exactly.
 */
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from '../../../src/core/backend/select-backend';
import { Adam, type AdamOptions } from '../../../src/core/training/adam';
import { FlatAdam } from '../../../src/core/training/flat-adam';
import { mulberry32 } from '../../helpers/mulberry32';

before(async () => {
  await selectBackend({ backend: 'wasm' });
});

const base: AdamOptions = { learningRate: 1e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0, clip: null };

/** Two variables (sizes 7 and 10, neither a multiple of 4) and 5 steps of seeded gradients with some large entries. */
function run(o: AdamOptions): { flat: Float32Array; tfjs: Float32Array; flatState: Float32Array[]; tfjsState: Float32Array[] } {
  const rand = mulberry32(7);
  const sizes = [7, 10];
  const x0 = Float32Array.from({ length: 17 }, () => rand() * 2 - 1);
  const vars = [tf.variable(tf.tensor1d(x0.slice(0, 7))), tf.variable(tf.tensor1d(x0.slice(7)))];
  const adam = new Adam(vars, o);
  const flat = new FlatAdam(sizes, o);
  const x = x0.slice();
  for (let s = 0; s < 5; s++) {
    const g = Float32Array.from({ length: 17 }, () => (rand() * 2 - 1) * (rand() < 0.2 ? 40 : 1));
    const gs = [tf.tensor1d(g.slice(0, 7)), tf.tensor1d(g.slice(7))];
    adam.apply(gs);
    gs.forEach((t) => t.dispose());
    flat.apply(x, g);
  }
  const tfjs = new Float32Array([...(vars[0].dataSync() as Float32Array), ...(vars[1].dataSync() as Float32Array)]);
  const a = adam.state(), b = flat.state();
  vars.forEach((v) => v.dispose());
  adam.dispose();
  return { flat: x, tfjs, flatState: [...b.m, ...b.v], tfjsState: [...a.m, ...a.v] };
}

for (const [name, o] of [['plain', base], ['clipped at 15', { ...base, clip: 15 }], ['with weight decay 0.01', { ...base, weightDecay: 0.01 }]] as const) {
  test(`flat Adam gives the tfjs Adam's parameters and moments bit for bit (${name})`, () => {
    const r = run(o);
    assert.deepEqual(Array.from(r.flat), Array.from(r.tfjs));
    r.flatState.forEach((s, i) => assert.deepEqual(Array.from(s), Array.from(r.tfjsState[i])));
  });
}

test('flat Adam restored from its state continues exactly as the original', () => {
  const rand = mulberry32(3);
  const a = new FlatAdam([9], base), b = new FlatAdam([9], base);
  const xa = Float32Array.from({ length: 9 }, () => rand());
  const g = () => Float32Array.from({ length: 9 }, () => rand() - 0.5);
  for (let s = 0; s < 3; s++) a.apply(xa, g());
  b.restore(a.state());
  const xb = xa.slice();
  const next = g();
  a.apply(xa, next);
  b.apply(xb, next);
  assert.deepEqual(Array.from(xb), Array.from(xa));
});
