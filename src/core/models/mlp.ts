/**
 * One element's network over its atom rows: hidden layers with an activation, a linear output (the atomic
 * energy), and, when forces are wanted, ∂E_atom/∂G̃ by hand-written backpropagation through the same
 * layers, so the result stays differentiable with respect to the weights without nesting tf.grad.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Activation } from './activation';
import { type Layer, type LayerInput, type SharedInput } from './layers';

export interface ElementOutput {
  /** Atomic energies [S, A]. */
  atomEnergy: tf.Tensor2D;
  /** ∂E_atom/∂G̃ [S, A, D], when requested. */
  dEdG: tf.Tensor3D | null;
}

export function runElementMlp(layers: readonly Layer[], x: SharedInput, act: Activation, derivative: boolean): ElementOutput {
  const inputs: LayerInput[] = [x];
  let h: LayerInput = x;
  for (let l = 0; l + 1 < layers.length; l++) {
    h = act.apply(layers[l].forward(h)) as tf.Tensor3D;
    inputs.push(h);
  }
  const out = layers[layers.length - 1].forward(h);
  const [s, a] = out.shape;
  const atomEnergy = tf.reshape(out, [s, a]) as tf.Tensor2D;
  if (!derivative) return { atomEnergy, dEdG: null };
  let dz = tf.onesLike(out) as tf.Tensor3D;
  for (let l = layers.length - 1; l >= 1; l--) {
    const dh = layers[l].backward(dz, inputs[l]);
    dz = tf.mul(dh, act.slope(inputs[l] as tf.Tensor3D)) as tf.Tensor3D;
  }
  return { atomEnergy, dEdG: layers[0].backward(dz, x) };
}
