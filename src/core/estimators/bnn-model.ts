/**
 * Variational BNN (Bayes by backprop, methods.md §5): flat means μ [1, P] and log-scales ρ [1, P]
 * (σ = exp ρ). Training passes use the configured estimator (LRT, Flipout, radial) with K samples;
 * prediction draws whole weight sets (Gaussian, or radial for the radial posterior).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Batch } from '../data/batch';
import type { Rng } from '../rng';
import { activations } from '../models/activation';
import { assemble, type PotentialOutput } from '../models/assemble';
import { bnnInit } from '../models/init';
import { gaussianKl, radialKl } from '../models/kl';
import { weightSetNoise } from '../models/weight-noise';
import { makeLayout, type ParamLayout } from '../models/layout';
import { FlipoutLayer, LrtLayer, type Layer } from '../models/layers';
import { runElementMlp } from '../models/mlp';
import { fusedLrtEnergy } from '../models/fused-lrt';
import type { ForwardResult, ModelSpec, PotentialModel } from '../models/potential';
import { elementLayers, weightSetForward } from '../models/weight-sets';

function noise(rng: Rng, shape: number[]): tf.Tensor {
  return tf.tensor(rng.fillNormal(new Float32Array(shape.reduce((a, b) => a * b, 1))), shape);
}

function signs(rng: Rng, shape: [number, number, number]): tf.Tensor3D {
  return tf.tensor3d(rng.fillSigns(new Float32Array(shape[0] * shape[1] * shape[2])), shape);
}

export class BnnModel implements PotentialModel {
  readonly layout: ParamLayout;
  readonly mu: tf.Variable;
  readonly rho: tf.Variable;
  readonly variables: tf.Variable[];
  private readonly prior: number;

  constructor(readonly spec: ModelSpec) {
    this.layout = makeLayout(spec.elements, spec.dims, spec.hidden);
    this.prior = spec.priorScale ?? 1;
    const init = bnnInit(this.layout, this.prior, spec.qScale ?? 1e-3, spec.seed);
    this.mu = tf.tidy(() => tf.variable(tf.tensor2d(init.mu, [1, this.layout.size]), true));
    this.rho = tf.tidy(() => tf.variable(tf.tensor2d(init.rho, [1, this.layout.size]), true));
    this.variables = [this.mu, this.rho];
  }

  trainRows(samples: number): number {
    return samples;
  }

  train(batch: Batch, forces: boolean, samples: number, rng: Rng): ForwardResult {
    switch (this.spec.estimator) {
      case 'lrt': return this.lrt(batch, forces, samples, rng);
      case 'flipout': return this.flipout(batch, forces, samples, rng);
      default: return this.radial(batch, forces, samples, rng);
    }
  }

  predict(batch: Batch, forces: boolean, samples: number, rng: Rng): PotentialOutput {
    const { theta } = this.sampleWeightSets(samples, rng);
    return weightSetForward(theta, this.layout, this.spec.activation, batch, forces);
  }

  private split2d(row: tf.Tensor): tf.Tensor2D[] {
    return tf.split(row, this.layout.slots.map((s) => s.size), 1)
      .map((p, i) => tf.reshape(p, [this.layout.slots[i].rows, this.layout.slots[i].cols]) as tf.Tensor2D);
  }

  private lrt(batch: Batch, forces: boolean, k: number, rng: Rng): ForwardResult {
    if (!(forces && batch.elements.some((r) => r?.pairs)) && !batch.elements.some((r) => r?.differentiable)) {
      // Energies only: one op with a hand-written backward; the noise is drawn in the same order as below.
      const eps = batch.elements.map((rows, e) => rows
        ? this.layout.slots.filter((t) => t.element === e && t.kind === 'W').map((t) => noise(rng, [k * rows.x.shape[0], t.cols]) as tf.Tensor2D)
        : null);
      const energy = fusedLrtEnergy(this.mu as tf.Tensor2D, tf.exp(tf.mul(this.rho, 2)) as tf.Tensor2D, this.layout, activations[this.spec.activation], batch, eps, k);
      const f = forces && batch.forceAtoms > 0 ? tf.zeros([k, batch.forceAtoms, 3]) as tf.Tensor3D : null;
      return { energy, forces: f, kl: gaussianKl(this.mu, this.rho, this.prior) };
    }
    const mu = this.split2d(this.mu);
    const variance = this.split2d(tf.exp(tf.mul(this.rho, 2)));
    const outputs = batch.elements.map((rows, e) => {
      if (!rows) return null;
      const a = rows.x.shape[0];
      const layers = elementLayers(this.layout, e, (w, b) =>
        new LrtLayer(mu[w], mu[b], variance[w], variance[b], noise(rng, [k, a, this.layout.slots[w].cols]) as tf.Tensor3D));
      return runElementMlp(layers, rows, activations[this.spec.activation], forces && !!rows.pairs);
    });
    return { ...assemble(batch, outputs, forces), kl: gaussianKl(this.mu, this.rho, this.prior) };
  }

  private flipout(batch: Batch, forces: boolean, k: number, rng: Rng): ForwardResult {
    const mu = this.split2d(this.mu);
    const sigma = this.split2d(tf.exp(this.rho));
    // One ΔW per pass and sample, shared by every batch row and element's atoms.
    const delta = this.layout.slots.map((s, i) => tf.mul(sigma[i], noise(rng, [k, s.rows, s.cols])) as tf.Tensor3D);
    const outputs = batch.elements.map((rows, e) => {
      if (!rows) return null;
      const a = rows.x.shape[0];
      const layers = elementLayers(this.layout, e, (w, b): Layer => {
        const s = this.layout.slots[w];
        return new FlipoutLayer(mu[w], mu[b], delta[w], delta[b], signs(rng, [k, a, s.rows]), signs(rng, [k, a, s.cols]));
      });
      return runElementMlp(layers, rows, activations[this.spec.activation], forces && !!rows.pairs);
    });
    return { ...assemble(batch, outputs, forces), kl: gaussianKl(this.mu, this.rho, this.prior) };
  }

  private radial(batch: Batch, forces: boolean, k: number, rng: Rng): ForwardResult {
    const { theta, constants } = this.sampleWeightSets(k, rng);
    const out = weightSetForward(theta, this.layout, this.spec.activation, batch, forces);
    return { ...out, kl: radialKl(theta, this.rho, this.prior, constants) };
  }

  /** θ = μ + σ⊙v for `k` samples; v Gaussian, or radial (ε/‖ε‖·r per tensor) for the radial posterior. */
  sampleWeightSets(k: number, rng: Rng): { theta: tf.Tensor2D; constants: Float32Array } {
    const p = this.layout.size;
    const { v, constants } = weightSetNoise(this.layout, k, rng, this.spec.estimator === 'radial');
    const theta = tf.add(this.mu, tf.mul(tf.exp(this.rho), tf.tensor2d(v, [k, p]))) as tf.Tensor2D;
    return { theta, constants };
  }

  exportParams(): Record<string, Float32Array> {
    return { mu: (this.mu.dataSync() as Float32Array).slice(), rho: (this.rho.dataSync() as Float32Array).slice() };
  }

  importParams(p: Record<string, Float32Array>): void {
    tf.tidy(() => {
      this.mu.assign(tf.tensor2d(p.mu, [1, this.layout.size]));
      this.rho.assign(tf.tensor2d(p.rho, [1, this.layout.size]));
    });
  }

  dispose(): void {
    this.mu.dispose();
    this.rho.dispose();
  }
}
