/**
 * The three ways a dense layer maps its input rows, each with the analytic input-gradient the force
 * computation needs (∂z/∂h applied to an upstream δz). Inputs are either the shared descriptor rows
 * [A, Din] (first layer) or per-sample rows [S, A, Din]; outputs are always [S, A, Dout].
 */
import * as tf from '@tensorflow/tfjs-core';

export interface Layer {
  forward(h: tf.Tensor): tf.Tensor3D;
  /** δh from δz [S, A, Dout], given the layer's input h; returns [S, A, Din]. */
  backward(dz: tf.Tensor3D, h: tf.Tensor): tf.Tensor3D;
}

/** h·μ + b on rows of a shared [A, Din] input or a stacked [S, A, Din] one; returns [S?, A, Dout]. */
function sharedLinear(h: tf.Tensor, w: tf.Tensor2D, b: tf.Tensor, samples: number): tf.Tensor {
  if (h.rank === 2) return tf.add(tf.matMul(h as tf.Tensor2D, w), b);
  const [, a, din] = h.shape;
  const z = tf.add(tf.matMul(tf.reshape(h, [samples * a, din]) as tf.Tensor2D, w), b);
  return tf.reshape(z, [samples, a, w.shape[1]]);
}

/** dz [S, A, Dout] times wᵀ (w shared by all samples) → [S, A, Din]. */
function sharedBackLinear(dz: tf.Tensor3D, w: tf.Tensor2D): tf.Tensor3D {
  const [s, a, dout] = dz.shape;
  const r = tf.matMul(tf.reshape(dz, [s * a, dout]) as tf.Tensor2D, w, false, true);
  return tf.reshape(r, [s, a, w.shape[0]]);
}

/** M complete weight sets (ensemble members, or whole-weight samples of a BNN): W [M, Din, Dout], b [M, 1, Dout]. */
export class WeightSetLayer implements Layer {
  constructor(private readonly w: tf.Tensor3D, private readonly b: tf.Tensor3D) {}

  forward(h: tf.Tensor): tf.Tensor3D {
    const [m, din, dout] = this.w.shape;
    if (h.rank === 3) return tf.add(tf.matMul(h as tf.Tensor3D, this.w), this.b);
    const a = h.shape[0];
    if (m === 1) return tf.reshape(tf.add(tf.matMul(h as tf.Tensor2D, tf.reshape(this.w, [din, dout]) as tf.Tensor2D), tf.reshape(this.b, [1, dout])), [1, a, dout]);
    // Shared input: one [A, Din]×[Din, M·Dout] product for all members instead of M small ones.
    const wr = tf.reshape(tf.transpose(this.w, [1, 0, 2]), [din, m * dout]) as tf.Tensor2D;
    const z = tf.add(tf.matMul(h as tf.Tensor2D, wr), tf.reshape(this.b, [1, m * dout]));
    return tf.transpose(tf.reshape(z, [a, m, dout]), [1, 0, 2]);
  }

  backward(dz: tf.Tensor3D): tf.Tensor3D {
    return tf.matMul(dz, this.w, false, true);
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

  forward(h: tf.Tensor): tf.Tensor3D {
    const k = this.eps.shape[0];
    const mean = sharedLinear(h, this.mu, this.muB, k);
    this.s = tf.sqrt(sharedLinear(tf.square(h), this.var_, this.varB, k));
    return tf.add(mean, tf.mul(this.s, this.eps)) as tf.Tensor3D;
  }

  backward(dz: tf.Tensor3D, h: tf.Tensor): tf.Tensor3D {
    const direct = sharedBackLinear(dz, this.mu);
    const g = tf.div(tf.mul(dz, this.eps), this.s!) as tf.Tensor3D;
    return tf.add(direct, tf.mul(sharedBackLinear(g, this.var_), h)) as tf.Tensor3D;
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

  forward(h: tf.Tensor): tf.Tensor3D {
    const k = this.dW.shape[0];
    const base = sharedLinear(h, this.mu, this.muB, k);
    const pert = tf.mul(tf.matMul(tf.mul(h, this.sIn) as tf.Tensor3D, this.dW), this.sOut);
    return tf.add(tf.add(base, pert), this.dB) as tf.Tensor3D;
  }

  backward(dz: tf.Tensor3D): tf.Tensor3D {
    const direct = sharedBackLinear(dz, this.mu);
    const pert = tf.mul(tf.matMul(tf.mul(dz, this.sOut) as tf.Tensor3D, this.dW, false, true), this.sIn);
    return tf.add(direct, pert) as tf.Tensor3D;
  }
}
