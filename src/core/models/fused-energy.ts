/**
 * Energies of S weight sets (θ [S, P]) for a batch, without forces, as ONE recorded op with a hand-written
 * backward pass. Autograd records every small op of the per-element networks (and clones their inputs to
 * keep them for the backward pass); at these sizes that bookkeeping, not arithmetic, is most of a step.
 * Hidden rows use the wide layout of ./wide-layer ([A, S·H]; block-diagonal weights after the first layer).
 * It stays beside the layer path because the tfjs-ops engine needs it: without it a deterministic epoch on
 * the 1,000-structure TiO2 bench took 1.14–1.18× as long (test/bench/train-ab.ts det --tfjs, Dec 2026).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Batch } from '../data/batch';
import type { Activation } from './activation';
import type { ParamLayout } from './layout';
import { columnSums } from './column-sums';
import { blockDiagonal } from './wide-layer';

type Grad = Parameters<typeof tf.customGrad>[0];

/** The element's layer weights in wide form: first [D, S·H1] then block-diagonal; biases [1, S·H]. */
function wideWeights(parts: tf.Tensor[], layout: ParamLayout, s: number, e: number): { w: tf.Tensor2D[]; b: tf.Tensor2D[]; slots: number[] } {
  const w: tf.Tensor2D[] = [], b: tf.Tensor2D[] = [], slots: number[] = [];
  layout.slots.forEach((slot, i) => {
    if (slot.element !== e || slot.kind !== 'W') return;
    const w3 = tf.reshape(parts[i], [s, slot.rows, slot.cols]) as tf.Tensor3D;
    if (s === 1) w.push(tf.reshape(w3, [slot.rows, slot.cols]) as tf.Tensor2D);
    else if (slot.layer === 0) w.push(tf.reshape(tf.transpose(w3, [1, 0, 2]), [slot.rows, s * slot.cols]) as tf.Tensor2D);
    else w.push(blockDiagonal(w3));
    b.push(tf.reshape(parts[i + 1], [1, s * slot.cols]) as tf.Tensor2D);
    slots.push(i);
  });
  return { w, b, slots };
}

/** The S diagonal blocks [S, R, C] of a wide [S·R, S·C] gradient. */
function diagonalBlocks(g: tf.Tensor2D, s: number, r: number, c: number, eye: tf.Tensor): tf.Tensor3D {
  if (s === 1) return tf.reshape(g, [1, r, c]) as tf.Tensor3D;
  return tf.sum(tf.mul(tf.reshape(g, [s, r, s, c]), eye), 2) as tf.Tensor3D;
}

/** Structure energies [S, B] of the weight sets θ [S, P]; the gradient flows to θ only. */
export function fusedEnergy(theta: tf.Tensor2D, layout: ParamLayout, act: Activation, batch: Batch): tf.Tensor2D {
  const s = theta.shape[0];
  const sizes = layout.slots.map((t) => t.size);
  const present = batch.elements.map((rows, e) => (rows ? e : -1)).filter((e) => e >= 0);
  const f = tf.customGrad(((th: tf.Tensor2D, save: (t: tf.Tensor[]) => void) => {
    const parts = tf.split(th, sizes, 1);
    let energy: tf.Tensor | null = null;
    const keep: tf.Tensor[] = [th];
    for (const e of present) {
      const rows = batch.elements[e]!;
      const { w, b } = wideWeights(parts, layout, s, e);
      let h: tf.Tensor2D = rows.x;
      for (let l = 0; l < w.length; l++) {
        const z = tf.add(tf.matMul(h, w[l]), b[l]) as tf.Tensor2D;
        if (l + 1 < w.length) {
          h = act.apply(z) as tf.Tensor2D;
          keep.push(h);
        } else {
          const part = tf.matMul(rows.fromStructure, z); // [B, S]
          energy = energy ? tf.add(energy, part) : part;
        }
      }
    }
    save(keep);
    return {
      value: tf.transpose(energy!),
      gradFunc: (dy: tf.Tensor2D, saved: tf.Tensor[]) => [energyGrad(dy, saved, layout, act, batch, present, sizes)],
    };
  }) as unknown as Grad);
  return f(theta) as tf.Tensor2D;
}

function energyGrad(dy: tf.Tensor2D, saved: tf.Tensor[], layout: ParamLayout, act: Activation, batch: Batch, present: number[], sizes: number[]): tf.Tensor2D {
  const th = saved[0] as tf.Tensor2D;
  const s = th.shape[0];
  const parts = tf.split(th, sizes, 1);
  const grads: (tf.Tensor | null)[] = layout.slots.map(() => null);
  const eyeData = new Float32Array(s * s);
  for (let i = 0; i < s; i++) eyeData[i * s + i] = 1;
  const eye = tf.tensor4d(eyeData, [s, 1, s, 1]);
  const dyT = tf.transpose(dy); // [B, S]
  let k = 1;
  for (const e of present) {
    const rows = batch.elements[e]!;
    const { w, slots } = wideWeights(parts, layout, s, e);
    const hs: tf.Tensor2D[] = [rows.x];
    for (let l = 0; l + 1 < w.length; l++) hs.push(saved[k++] as tf.Tensor2D);
    let dz = tf.matMul(rows.toStructure, dyT) as tf.Tensor2D; // [A, S]
    for (let l = w.length - 1; l >= 0; l--) {
      const slot = layout.slots[slots[l]];
      const wide = l === 0 ? tf.matMul(rows.xT, dz) : tf.matMul(tf.transpose(hs[l]), dz);
      grads[slots[l]] = l === 0 && s > 1
        ? tf.transpose(tf.reshape(wide, [slot.rows, s, slot.cols]), [1, 0, 2])
        : diagonalBlocks(wide as tf.Tensor2D, s, slot.rows, slot.cols, eye);
      grads[slots[l] + 1] = columnSums(dz);
      if (l > 0) dz = tf.mul(tf.matMul(dz, tf.transpose(w[l])), act.slope(hs[l])) as tf.Tensor2D;
    }
  }
  return tf.concat(layout.slots.map((slot, i) => (grads[i] ? tf.reshape(grads[i]!, [s, slot.size]) : tf.zeros([s, slot.size]))), 1) as tf.Tensor2D;
}
