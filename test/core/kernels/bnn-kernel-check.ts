/** Shared by the LRT and Flipout kernel tests: the parameter vector x = [μ; ρ] and the comparison with autograd. */
import assert from 'node:assert/strict';
import type * as tf from '@tensorflow/tfjs-core';
import type { BnnModel } from '../../../src/core/estimators/bnn-model';

export function bnnVector(model: BnnModel): Float32Array {
  const { mu, rho } = model.exportParams();
  const x = new Float32Array(mu.length + rho.length);
  x.set(mu); x.set(rho, mu.length);
  return x;
}

/** The kernel step's loss to 1e-4 relative, and every ∂/∂μ, ∂/∂ρ to `tol` of the largest, against tfjs autograd. */
export function assertMatchesAutograd(model: BnnModel, loss: number, grad: Float32Array, value: tf.Scalar, grads: tf.NamedTensorMap, tol: number): void {
  const refLoss = value.dataSync()[0];
  assert.ok(Math.abs(loss - refLoss) <= 1e-4 * Math.abs(refLoss), `loss ${loss} vs ${refLoss}`);
  const ref = [...grads[model.mu.name].dataSync(), ...grads[model.rho.name].dataSync()];
  const P = ref.length / 2;
  const scale = Math.max(...ref.map(Math.abs));
  ref.forEach((g, i) => assert.ok(Math.abs(grad[i] - g) <= tol * scale, `∂/∂${i < P ? 'μ' : 'ρ'}[${i % P}]: ${grad[i]} vs ${g} (max ${scale})`));
}
