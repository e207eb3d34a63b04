/** Hidden-layer activations aenet offers, each with its derivative written in terms of the output h. */
import * as tf from '@tensorflow/tfjs-core';
import type { ActivationName } from '../method/names';
import { fastTanh } from './linear';


export interface Activation {
  apply(z: tf.Tensor): tf.Tensor;
  /** dh/dz as a function of h = apply(z). */
  slope(h: tf.Tensor): tf.Tensor;
}

const tanhSlope = (h: tf.Tensor): tf.Tensor => tf.sub(1, tf.square(h));

/**
 * tanh as one recorded op whose gradient is δ·(1 − h²) from the saved output: autograd through fastTanh's
 * four ops records and clones every intermediate, which at ensemble widths ([A, 150]) cost more than the math.
 */
function tanhOp(z: tf.Tensor): tf.Tensor {
  const f = tf.customGrad(((zIn: tf.Tensor, save: (t: tf.Tensor[]) => void) => {
    const h = fastTanh(zIn);
    save([h]);
    return { value: h, gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => [tf.mul(dy, tanhSlope(saved[0]))] };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  return f(z);
}

export const activations: Record<ActivationName, Activation> = {
  tanh: { apply: tanhOp, slope: tanhSlope },
  sigmoid: { apply: (z) => tf.sigmoid(z), slope: (h) => tf.mul(h, tf.sub(1, h)) },
  relu: { apply: (z) => tf.relu(z), slope: (h) => tf.step(h) },
  // softplus h = log(1 + eᶻ): dh/dz = σ(z) = 1 − e^(−h).
  softplus: { apply: (z) => tf.softplus(z), slope: (h) => tf.sub(1, tf.exp(tf.neg(h))) },
  linear: { apply: (z) => z, slope: (h) => tf.onesLike(h) },
};
