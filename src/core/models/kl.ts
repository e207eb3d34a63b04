/**
 * KL(q‖p) terms. Gaussian q = N(μ, σ²), σ = exp(ρ), against the prior N(0, σ_p²), analytically per
 * weight: log(σ_p/σ) + (σ² + μ²)/(2σ_p²) − ½ (methods.md §5). Radial q: a Monte Carlo estimate
 * log q(w) − log p(w) at the sampled w, with the radial density written out exactly (its constant
 * included, so the estimate is unbiased for the true, non-negative KL).
 */
import * as tf from '@tensorflow/tfjs-core';

export function gaussianKl(mu: tf.Tensor, rho: tf.Tensor, priorScale: number): tf.Scalar {
  const n = mu.size;
  const quad = tf.div(tf.add(tf.exp(tf.mul(rho, 2)), tf.square(mu)), 2 * priorScale * priorScale);
  return tf.add(tf.sum(tf.sub(quad, rho)), n * (Math.log(priorScale) - 0.5)) as tf.Scalar;
}

function lgamma(x: number): number {
  // Lanczos approximation (g = 7, n = 9); accurate to ~1e-15 for x > 0.
  const c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lgamma(1 - x);
  x -= 1;
  let a = c[0];
  const t = x + 7.5;
  for (let i = 1; i < 9; i++) a += c[i] / (x + i);
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
}

/**
 * The part of log q(w) of one radial tensor that does not depend on the parameters, for w = μ + σ·(ε/‖ε‖)·r
 * in d dimensions: v = (w − μ)/σ has density 2φ(|r|)/(S_{d−1}|r|^{d−1}), S_{d−1} = 2π^{d/2}/Γ(d/2).
 */
export function radialLogDensityConstant(d: number, r: number): number {
  const absR = Math.max(Math.abs(r), 1e-30);
  const logTwoPhi = Math.log(2) - 0.5 * Math.log(2 * Math.PI) - 0.5 * r * r;
  const logSphere = Math.log(2) + (d / 2) * Math.log(Math.PI) - lgamma(d / 2);
  return logTwoPhi - logSphere - (d - 1) * Math.log(absR);
}

/**
 * MC KL of K radial samples θ [K, P] given ρ [1, P]: mean over samples of
 * Σ_tensors c(d, r) − Σρ − log p(θ), where `constants` holds Σ_tensors c(d, r) per sample.
 */
export function radialKl(theta: tf.Tensor2D, rho: tf.Tensor, priorScale: number, constants: Float32Array): tf.Scalar {
  const [k, p] = theta.shape;
  const logPrior = tf.sub(tf.div(tf.sum(tf.square(theta)), -2 * priorScale * priorScale), k * p * (Math.log(priorScale) + 0.5 * Math.log(2 * Math.PI)));
  let constSum = 0;
  for (const c of constants) constSum += c;
  const logQ = tf.sub(constSum, tf.mul(tf.sum(rho), k));
  return tf.div(tf.sub(logQ, logPrior), k) as tf.Scalar;
}
