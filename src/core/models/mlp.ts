/**
 * One element's network over its atom rows: hidden layers with an activation, a linear output (the atomic
 * energy; heteroscedastic members add a second column, the atom's variance logit), and, when forces are
 * wanted, ∂E_atom/∂G̃ by hand-written backpropagation through the same layers, so the result stays
 * differentiable with respect to the weights without nesting tf.grad.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Activation } from './activation';
import type { SharedInput } from '../data/batch';
import type { Layer, LayerInput } from './layers';

export interface ElementOutput {
  /** Atomic energies [S, A]. */
  atomEnergy: tf.Tensor2D;
  /** ∂E_atom/∂G̃ [S, A, D], when requested. */
  dEdG: tf.Tensor3D | null;
  /** Per-atom variance logits s_i [S, A] of heteroscedastic members (two-column output layer), else absent. */
  varianceLogit?: tf.Tensor2D;
}

/**
 * `wide`: the layers keep M weight sets side by side ([A, M·H] rows, see ./wide-layer); otherwise rows are
 * stacked per sample ([S, A, H]). `outputs`: columns of the output layer per weight set (1, or 2 with a
 * variance logit after the energy).
 */
export function runElementMlp(layers: readonly Layer[], x: SharedInput, act: Activation, derivative: boolean, wide = 0, outputs: 1 | 2 = 1): ElementOutput {
  const inputs: LayerInput[] = [x];
  let h: LayerInput = x;
  for (let l = 0; l + 1 < layers.length; l++) {
    h = act.apply(layers[l].forward(h)) as tf.Tensor3D;
    inputs.push(h);
  }
  const out = layers[layers.length - 1].forward(h);
  if (outputs === 2) return twoOutputs(layers, inputs, out, act, derivative, wide);
  const atomEnergy = (wide ? tf.transpose(out) : tf.reshape(out, [out.shape[0], out.shape[1]])) as tf.Tensor2D;
  if (!derivative) return { atomEnergy, dEdG: null };
  return { atomEnergy, dEdG: inputGradient(layers, inputs, tf.onesLike(out) as tf.Tensor3D, act, wide) };
}

/** Energy and variance-logit columns; forces differentiate the energy column only (δz = 1 there, 0 on the logit). */
function twoOutputs(layers: readonly Layer[], inputs: LayerInput[], out: tf.Tensor3D, act: Activation, derivative: boolean, wide: number): ElementOutput {
  // Wide rows [A, M·2] hold member m's pair at columns 2m, 2m + 1; stacked rows are [S, A, 2].
  const pairs = wide ? tf.reshape(out, [out.shape[0], wide, 2]) : out;
  const [energyCol, logitCol] = tf.split(pairs, 2, 2);
  const column = (c: tf.Tensor) => (wide ? tf.transpose(tf.reshape(c, [out.shape[0], wide])) : tf.reshape(c, [out.shape[0], out.shape[1]])) as tf.Tensor2D;
  const result: ElementOutput = { atomEnergy: column(energyCol), dEdG: null, varianceLogit: column(logitCol) };
  if (!derivative) return result;
  const last = out.shape[out.shape.length - 1];
  const mask = tf.tensor1d(Float32Array.from({ length: last }, (_, i) => (i % 2 === 0 ? 1 : 0)));
  result.dEdG = inputGradient(layers, inputs, tf.mul(tf.onesLike(out), mask) as tf.Tensor3D, act, wide);
  return result;
}

/** ∂E_atom/∂G̃ by backpropagating δz from the output through the layers, [S, A, D]. */
function inputGradient(layers: readonly Layer[], inputs: LayerInput[], dzOut: tf.Tensor3D, act: Activation, wide: number): tf.Tensor3D {
  const x = inputs[0] as SharedInput;
  let dz = dzOut;
  for (let l = layers.length - 1; l >= 1; l--) {
    const dh = layers[l].backward(dz, inputs[l]);
    dz = tf.mul(dh, act.slope(inputs[l] as tf.Tensor3D)) as tf.Tensor3D;
  }
  const dx = layers[0].backward(dz, x);
  if (!wide) return dx;
  const [a, md] = dx.shape as unknown as [number, number];
  return tf.transpose(tf.reshape(dx, [a, wide, md / wide]), [1, 0, 2]) as tf.Tensor3D;
}
