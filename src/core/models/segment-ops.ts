/**
 * Row gather and row scatter-add as a mutually adjoint pair with explicit gradients. tfjs's own gather
 * gradient needs UnsortedSegmentSum, which the wasm backend lacks; ScatterNd (summing duplicate indices)
 * and GatherV2 exist on every backend, and each is the other's gradient.
 */
import * as tf from '@tensorflow/tfjs-core';

/** out[p] = x[index[p]] along axis 0. */
export function gatherRows(x: tf.Tensor, index: tf.Tensor1D): tf.Tensor {
  const rows = x.shape[0];
  const f = tf.customGrad(((input: tf.Tensor) => ({
    value: tf.gather(input, index),
    gradFunc: (dy: tf.Tensor | tf.Tensor[]) => scatterAddRows(dy as tf.Tensor, index, rows),
  })) as unknown as Parameters<typeof tf.customGrad>[0]);
  return f(x);
}

/** out[r] = Σ_{p: index[p] = r} x[p], with `rows` output rows. */
export function scatterAddRows(x: tf.Tensor, index: tf.Tensor1D, rows: number): tf.Tensor {
  const f = tf.customGrad(((input: tf.Tensor) => ({
    value: tf.scatterND(tf.reshape(index, [-1, 1]), input, [rows, ...input.shape.slice(1)]),
    gradFunc: (dy: tf.Tensor | tf.Tensor[]) => tf.gather(dy as tf.Tensor, index),
  })) as unknown as Parameters<typeof tf.customGrad>[0]);
  return f(x);
}
