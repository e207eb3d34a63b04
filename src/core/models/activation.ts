/** Hidden-layer activations aenet offers, each with its derivative written in terms of the output h. */
import * as tf from '@tensorflow/tfjs-core';
import { fastTanh } from './linear';

export type ActivationName = 'tanh' | 'sigmoid' | 'relu' | 'softplus' | 'linear';

export interface Activation {
  apply(z: tf.Tensor): tf.Tensor;
  /** dh/dz as a function of h = apply(z). */
  slope(h: tf.Tensor): tf.Tensor;
}

export const activations: Record<ActivationName, Activation> = {
  tanh: { apply: fastTanh, slope: (h) => tf.sub(1, tf.square(h)) },
  sigmoid: { apply: (z) => tf.sigmoid(z), slope: (h) => tf.mul(h, tf.sub(1, h)) },
  relu: { apply: (z) => tf.relu(z), slope: (h) => tf.step(h) },
  // softplus h = log(1 + eᶻ): dh/dz = σ(z) = 1 − e^(−h).
  softplus: { apply: (z) => tf.softplus(z), slope: (h) => tf.sub(1, tf.exp(tf.neg(h))) },
  linear: { apply: (z) => z, slope: (h) => tf.onesLike(h) },
};
