/**
 * Σ over the rows of a 2-D tensor as a product with a row of ones: the wasm backend reduces over a leading
 * axis by transposing first, which measured ~5× slower than this one XNNPACK product at our sizes.
 */
import * as tf from '@tensorflow/tfjs-core';

/** [R, C] → [1, C]. */
export function columnSums(t: tf.Tensor2D): tf.Tensor2D {
  return tf.matMul(tf.ones([1, t.shape[0]]), t);
}
