/**
 * The three ways a dense layer maps its input rows, each with the analytic input-gradient the force
 * computation needs (∂z/∂h applied to an upstream δz). Inputs are either the shared descriptor rows
 * [A, Din] (first layer, with their precomputed transposes) or per-sample rows [S, A, Din]; outputs are
 * always [S, A, Dout]. Single-sample products stay 2-D (see ./linear for why that matters on wasm).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { SharedInput } from '../data/batch';
import { addBias, constLinear, linear, timesTransposed } from './linear';

export function firstLinear(h: SharedInput, w: tf.Tensor2D, squared: boolean): tf.Tensor2D {
  if (h.differentiable) return linear(squared ? tf.square(h.x) : h.x, w);
  return squared ? constLinear(h.x2, h.x2T, w) : constLinear(h.x, h.xT, w);
}

export type LayerInput = SharedInput | tf.Tensor3D;

export function isShared(h: LayerInput): h is SharedInput {
  return (h as SharedInput).xT !== undefined;
}

export interface Layer {
  forward(h: LayerInput): tf.Tensor3D;
  /** δh from δz [S, A, Dout], given the layer's input h; returns [S, A, Din]. */
  backward(dz: tf.Tensor3D, h: LayerInput): tf.Tensor3D;
}

/** h·w (+ b) with one weight matrix for every sample: 2-D products on the flattened rows. */
function sharedLinear(h: LayerInput, w: tf.Tensor2D, b: tf.Tensor, squared = false): tf.Tensor2D | tf.Tensor3D {
  if (isShared(h)) return addBias(firstLinear(h, w, squared), b);
  const [s, a, din] = h.shape;
  const rows = tf.reshape(squared ? tf.square(h) : h, [s * a, din]) as tf.Tensor2D;
  return tf.reshape(addBias(linear(rows, w), b), [s, a, w.shape[1]]) as tf.Tensor3D;
}

/** dz [S, A, Dout] times wᵀ (w shared by all samples) → [S, A, Din]. */
function sharedBack(dz: tf.Tensor3D, w: tf.Tensor2D): tf.Tensor3D {
  const [s, a, dout] = dz.shape;
  return tf.reshape(timesTransposed(tf.reshape(dz, [s * a, dout]) as tf.Tensor2D, w), [s, a, w.shape[0]]) as tf.Tensor3D;
}

/** Batched product; one sample runs as a fast 2-D product. */
function bmm(a: tf.Tensor3D, b: tf.Tensor3D, transposeB = false): tf.Tensor3D {
  if (a.shape[0] === 1) {
    const a2 = tf.reshape(a, [a.shape[1], a.shape[2]]) as tf.Tensor2D;
    const b2 = tf.reshape(b, [b.shape[1], b.shape[2]]) as tf.Tensor2D;
    const r = transposeB ? timesTransposed(a2, b2) : linear(a2, b2);
    return tf.reshape(r, [1, r.shape[0], r.shape[1]]) as tf.Tensor3D;
  }
  return tf.matMul(a, b, false, transposeB);
}

function rows3(h: LayerInput): tf.Tensor3D | tf.Tensor2D {
  return isShared(h) ? h.x : h;
}

/** M complete weight sets (ensemble members, or whole-weight samples of a BNN): W [M, Din, Dout], b [M, 1, Dout]. */
export class WeightSetLayer implements Layer {
  constructor(private readonly w: tf.Tensor3D, private readonly b: tf.Tensor3D) {}

  forward(h: LayerInput): tf.Tensor3D {
    const [m, din, dout] = this.w.shape;
    if (!isShared(h)) return tf.add(bmm(h, this.w), this.b) as tf.Tensor3D;
    const a = h.x.shape[0];
    // Shared input: one [A, Din]×[Din, M·Dout] product for all members instead of M small ones.
    const wr = (m === 1 ? tf.reshape(this.w, [din, dout]) : tf.reshape(tf.transpose(this.w, [1, 0, 2]), [din, m * dout])) as tf.Tensor2D;
    const z = addBias(firstLinear(h, wr, false), tf.reshape(this.b, [1, m * dout]));
    return (m === 1 ? tf.reshape(z, [1, a, dout]) : tf.transpose(tf.reshape(z, [a, m, dout]), [1, 0, 2])) as tf.Tensor3D;
  }

  backward(dz: tf.Tensor3D): tf.Tensor3D {
    return bmm(dz, this.w, true);
  }
}

/**
 * Local reparameterisation (methods.md §5): z ~ N(hμ + μ_b, h²σ² + σ_b²), one standard normal per atom
 * row and output (eps [S, A, Dout]). Its input-gradient includes the noise term's dependence on h:
 * ∂z_j/∂h_i = μ_ij + ε_j h_i σ²_ij / s_j.
 */
export class LrtLayer implements Layer {
  private s: tf.Tensor | null = null;

  constructor(
    private readonly mu: tf.Tensor2D, private readonly muB: tf.Tensor,
    private readonly var_: tf.Tensor2D, private readonly varB: tf.Tensor,
    private readonly eps: tf.Tensor3D,
  ) {}

  forward(h: LayerInput): tf.Tensor3D {
    const mean = sharedLinear(h, this.mu, this.muB);
    this.s = tf.sqrt(sharedLinear(h, this.var_, this.varB, true));
    return tf.add(mean, tf.mul(this.s, this.eps)) as tf.Tensor3D;
  }

  backward(dz: tf.Tensor3D, h: LayerInput): tf.Tensor3D {
    const direct = sharedBack(dz, this.mu);
    const g = tf.div(tf.mul(dz, this.eps), this.s!) as tf.Tensor3D;
    return tf.add(direct, tf.mul(sharedBack(g, this.var_), rows3(h))) as tf.Tensor3D;
  }
}

/**
 * Flipout (methods.md §5): one perturbation ΔW = σ⊙ε per pass and sample, decorrelated across atom
 * rows by random ±1 signs: z = hμ + μ_b + ((h⊙s_in)ΔW)⊙s_out + Δb.
 */
export class FlipoutLayer implements Layer {
  constructor(
    private readonly mu: tf.Tensor2D, private readonly muB: tf.Tensor,
    private readonly dW: tf.Tensor3D, private readonly dB: tf.Tensor3D,
    private readonly sIn: tf.Tensor3D, private readonly sOut: tf.Tensor3D,
  ) {}

  forward(h: LayerInput): tf.Tensor3D {
    const base = sharedLinear(h, this.mu, this.muB);
    const pert = tf.mul(bmm(tf.mul(rows3(h), this.sIn) as tf.Tensor3D, this.dW), this.sOut);
    return tf.add(tf.add(base, pert), this.dB) as tf.Tensor3D;
  }

  backward(dz: tf.Tensor3D): tf.Tensor3D {
    const direct = sharedBack(dz, this.mu);
    const pert = tf.mul(bmm(tf.mul(dz, this.sOut) as tf.Tensor3D, this.dW, true), this.sIn);
    return tf.add(direct, pert) as tf.Tensor3D;
  }
}
