/**
 * Plain 2-D products with hand-written gradients. The wasm backend runs matMul through XNNPACK only
 * without transposes: a transposed operand is 5–10× slower, and tfjs's own matMul gradient uses exactly
 * those forms. Here every product in both passes is non-transposed: small weight matrices are
 * transposed explicitly (cheap), and a constant input's transpose can be passed in precomputed.
 */
import * as tf from '@tensorflow/tfjs-core';
import { columnSums } from './column-sums';

type Grad = Parameters<typeof tf.customGrad>[0];

/** x·w for a constant x [A, Din] (no gradient to x) and its precomputed transpose xT [Din, A]. */
export function constLinear(x: tf.Tensor2D, xT: tf.Tensor2D, w: tf.Tensor2D): tf.Tensor2D {
  const f = tf.customGrad(((wIn: tf.Tensor2D) => ({
    value: tf.matMul(x, wIn),
    gradFunc: (dy: tf.Tensor2D) => [tf.matMul(xT, dy)],
  })) as unknown as Grad);
  return f(w) as tf.Tensor2D;
}

/** h·w with gradients to both (h [A, Din] activations, w [Din, Dout]). */
export function linear(h: tf.Tensor2D, w: tf.Tensor2D): tf.Tensor2D {
  // Inputs used by the gradient must be saved: tfjs disposes forward intermediates before backprop.
  const f = tf.customGrad(((hIn: tf.Tensor2D, wIn: tf.Tensor2D, save: (t: tf.Tensor[]) => void) => {
    save([hIn, wIn]);
    return {
      value: tf.matMul(hIn, wIn),
      gradFunc: (dy: tf.Tensor2D, saved: tf.Tensor2D[]) => [tf.matMul(dy, tf.transpose(saved[1])), tf.matMul(tf.transpose(saved[0]), dy)],
    };
  }) as unknown as Grad);
  return f(h, w) as tf.Tensor2D;
}

/** z + b for rows z [A, C] and a bias b of C values; its gradient's row sum is a product (see ./column-sums). */
export function addBias(z: tf.Tensor2D, b: tf.Tensor): tf.Tensor2D {
  const shape = b.shape;
  const f = tf.customGrad(((zIn: tf.Tensor2D, bIn: tf.Tensor) => ({
    value: tf.add(zIn, bIn),
    gradFunc: (dy: tf.Tensor2D) => [dy, tf.reshape(columnSums(dy), shape)],
  })) as unknown as Grad);
  return f(z, b) as tf.Tensor2D;
}

/** dz·wᵀ for a small weight matrix (used in the analytic input-gradient). */
export function timesTransposed(dz: tf.Tensor2D, w: tf.Tensor2D): tf.Tensor2D {
  return linear(dz, tf.transpose(w));
}

/** tanh(z) = 2σ(2z) − 1: the wasm backend's sigmoid is vectorised, its tanh is not (≈10× slower). */
export function fastTanh(z: tf.Tensor): tf.Tensor {
  return tf.sub(tf.mul(tf.sigmoid(tf.mul(z, 2)), 2), 1);
}
