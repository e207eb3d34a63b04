/**
 * Variational BNN (Bayes by backprop, methods.md §5): flat means μ [1, P] and log-scales ρ [1, P]
 * (σ = exp ρ). Training passes use the spec's estimator (./registry.ts) with K samples; prediction draws
 * whole weight sets (Gaussian, or radial for the radial posterior).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Batch } from '../data/batch';
import type { Rng } from '../rng';
import type { PotentialOutput } from '../models/assemble';
import { bnnInit } from '../models/init';
import { weightSetNoise } from '../models/weight-noise';
import { makeLayout, type ParamLayout } from '../models/layout';
import type { ForwardResult, ModelSpec, PotentialModel } from '../models/potential';
import { weightSetForward } from '../models/weight-sets';
import type { BnnParams, Estimator } from './estimator';
import { estimatorOf } from './registry';

export class BnnModel implements PotentialModel, BnnParams {
  readonly layout: ParamLayout;
  readonly mu: tf.Variable;
  readonly rho: tf.Variable;
  readonly variables: tf.Variable[];
  readonly prior: number;
  private readonly estimator: Estimator;

  constructor(readonly spec: ModelSpec) {
    this.estimator = estimatorOf(spec);
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
    return this.estimator.train(this, batch, forces, samples, rng);
  }

  predict(batch: Batch, forces: boolean, samples: number, rng: Rng): PotentialOutput {
    const { theta } = this.sampleWeightSets(samples, rng);
    return weightSetForward(theta, this.layout, this.spec.activation, batch, forces);
  }

  matrices(row: tf.Tensor): tf.Tensor2D[] {
    return tf.split(row, this.layout.slots.map((s) => s.size), 1)
      .map((p, i) => tf.reshape(p, [this.layout.slots[i].rows, this.layout.slots[i].cols]) as tf.Tensor2D);
  }

  /** θ = μ + σ⊙v for `k` samples; v Gaussian, or radial (ε/‖ε‖·r per tensor) for the radial posterior. */
  sampleWeightSets(k: number, rng: Rng): { theta: tf.Tensor2D; constants: Float32Array } {
    const p = this.layout.size;
    const { v, constants } = weightSetNoise(this.layout, k, rng, this.estimator.radialWeightSets);
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
