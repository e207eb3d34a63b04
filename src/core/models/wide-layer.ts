/**
 * M weight sets side by side in one 2-D product per layer. Hidden rows are kept "wide", [A, M·H]: the
 * first layer multiplies the shared rows by all members' weights at once, and later layers multiply by a
 * block-diagonal [M·Hin, M·Hout] matrix built from the members' weights. On wasm one such product is far
 * cheaper than a batched matMul of M small ones (which bypasses XNNPACK).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Layer, LayerInput } from './layers';
import { firstLinear, isShared } from './layers';
import { addBias, linear } from './linear';

/** [M, R, C] → block-diagonal [M·R, M·C]. */
export function blockDiagonal(w: tf.Tensor3D): tf.Tensor2D {
  const [m, r, c] = w.shape;
  const eye = new Float32Array(m * m);
  for (let i = 0; i < m; i++) eye[i * m + i] = 1;
  const spread = tf.mul(tf.reshape(w, [m, r, 1, c]), tf.tensor4d(eye, [m, 1, m, 1]));
  return tf.reshape(spread, [m * r, m * c]) as tf.Tensor2D;
}

export class WideWeightSetLayer implements Layer {
  constructor(private readonly w: tf.Tensor3D, private readonly b: tf.Tensor3D) {}

  forward(h: LayerInput): tf.Tensor3D {
    const [m, din, dout] = this.w.shape;
    const bias = tf.reshape(this.b, [1, m * dout]);
    if (isShared(h)) {
      const wr = tf.reshape(tf.transpose(this.w, [1, 0, 2]), [din, m * dout]) as tf.Tensor2D;
      return addBias(firstLinear(h, wr, false), bias) as unknown as tf.Tensor3D;
    }
    return addBias(linear(h as unknown as tf.Tensor2D, blockDiagonal(this.w)), bias) as unknown as tf.Tensor3D;
  }

  /** δz [A, M·Dout] → δh [A, M·Din] (for the first layer: ∂E_m/∂G̃ side by side). */
  backward(dz: tf.Tensor3D): tf.Tensor3D {
    return linear(dz as unknown as tf.Tensor2D, blockDiagonal(tf.transpose(this.w, [0, 2, 1]) as tf.Tensor3D)) as unknown as tf.Tensor3D;
  }
}
