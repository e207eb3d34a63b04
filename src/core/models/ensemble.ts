/**
 * Deterministic networks and deep ensembles (methods.md §4) as one vectorised model: θ [M, P], one row
 * per member, every member in the same batched products. A deterministic network is M = 1. Heteroscedastic
 * members (spec.heteroscedastic) also output a per-atom variance logit, so their forward gives `variance`.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Batch } from '../data/batch';
import { ensembleInit } from './init';
import { makeLayout, type ParamLayout } from './layout';
import type { ForwardResult, ModelSpec, PotentialModel } from './potential';
import { weightSetForward } from './weight-sets';

export class EnsembleModel implements PotentialModel {
  readonly layout: ParamLayout;
  readonly theta: tf.Variable;
  readonly variables: tf.Variable[];

  constructor(readonly spec: ModelSpec) {
    this.layout = makeLayout(spec.elements, spec.dims, spec.hidden, spec.heteroscedastic ? 2 : 1);
    const m = spec.members;
    this.theta = tf.tidy(() => tf.variable(tf.tensor2d(ensembleInit(this.layout, m, spec.seed, spec.firstMember ?? 0), [m, this.layout.size]), true));
    this.variables = [this.theta];
  }

  trainRows(): number {
    return this.spec.members;
  }

  train(batch: Batch, forces: boolean): ForwardResult {
    return { ...weightSetForward(this.theta as tf.Tensor2D, this.layout, this.spec.activation, batch, forces), kl: null };
  }

  predict(batch: Batch, forces: boolean) {
    return weightSetForward(this.theta as tf.Tensor2D, this.layout, this.spec.activation, batch, forces);
  }

  exportParams(): Record<string, Float32Array> {
    return { theta: (this.theta.dataSync() as Float32Array).slice() };
  }

  importParams(p: Record<string, Float32Array>): void {
    tf.tidy(() => this.theta.assign(tf.tensor2d(p.theta, this.theta.shape as [number, number])));
  }

  dispose(): void {
    this.theta.dispose();
  }
}
