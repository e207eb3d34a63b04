/**
 * Training steps on tfjs ops: the model's autograd training pass (any activation, every estimator), the
 * loss of ./losses.ts, gradients by tf.variableGrads and a tensor Adam. The reference the kernels are
 * checked against, and the fallback where they cannot run.
 */
import * as tf from '@tensorflow/tfjs-core';
import { buildBatch, disposeBatch, type Batch } from '../data/batch';
import type { TrainingSample } from '../data/samples';
import type { Standardisation } from '../descriptors/types';
import type { PotentialModel } from '../models/potential';
import { Rng } from '../rng';
import { Adam, type AdamState } from './adam';
import type { BatchPlan } from './batch-plan';
import type { BatchCheck, EpochSums, TrainingEngine, ValidationSums } from './engine';
import { bnnLoss, ensembleLoss, type LossParts } from './losses';
import { validationSamples, type TrainerOptions } from './options';

interface PreparedBatch { batch: Batch; weights: tf.Tensor2D | null }

export class TfjsEngine implements TrainingEngine {
  readonly name = 'tfjs-ops';
  readonly bootstrapCounts: Float32Array[] | null;
  private readonly adam: Adam;
  private readonly trainBatches: PreparedBatch[] = [];
  private readonly valBatches: Batch[] = [];
  private readonly trainForces: boolean;
  private readonly nTrain: number;

  constructor(
    readonly reason: string, private readonly model: PotentialModel, plan: BatchPlan,
    train: readonly TrainingSample[], validation: readonly TrainingSample[], std: readonly Standardisation[], private readonly o: TrainerOptions,
  ) {
    this.trainForces = plan.trainForces;
    this.nTrain = train.length;
    this.bootstrapCounts = plan.counts;
    this.adam = new Adam(model.variables, o.adam);
    const members = model.trainRows(1);
    const counts = plan.counts;
    for (const idx of plan.lists) {
      const batch = buildBatch(idx.map((i) => train[i]), std, { forces: this.trainForces, requireForceTargets: true });
      const weights = counts ? tf.tensor2d(counts.flatMap((c) => idx.map((i) => c[i])), [members, idx.length]) : null;
      this.trainBatches.push({ batch, weights });
    }
    for (let s = 0; s < validation.length; s += 256) {
      this.valBatches.push(buildBatch(validation.slice(s, s + 256), std, { forces: this.trainForces, requireForceTargets: true }));
    }
  }

  get batchCount(): number { return this.trainBatches.length; }
  get hasValidation(): boolean { return this.valBatches.length > 0; }
  get learningRate(): number { return this.adam.learningRate; }
  set learningRate(lr: number) { this.adam.learningRate = lr; }

  private loss(batch: PreparedBatch, samples: number, rng: Rng): LossParts {
    const out = this.model.train(batch.batch, this.trainForces, samples, rng);
    const alpha = this.trainForces ? this.o.alpha : 0;
    if (this.o.bnn) {
      const b = this.o.bnn;
      return bnnLoss(out, batch.batch, { alpha, sigmaEnergy: b.sigmaEnergy, sigmaForces: b.sigmaForces, weighting: b.weighting, likelihood: b.likelihood, nTrain: this.nTrain });
    }
    return ensembleLoss(out, batch.batch, alpha, batch.weights);
  }

  epoch(order: readonly number[], rng: Rng, check: BatchCheck): EpochSums {
    const samples = this.o.bnn?.trainSamples ?? 1;
    const perRow = new Float64Array(this.model.trainRows(samples));
    let data = 0, kl = 0, weight = 0;
    for (const bi of order) {
      const pb = this.trainBatches[bi];
      let stats: tf.Tensor | null = null;
      const { value, grads } = tf.variableGrads(() => {
        const parts = this.loss(pb, samples, rng);
        stats = tf.keep(tf.concat([tf.stack([parts.data, parts.kl]), parts.perRow]));
        return parts.total;
      }, this.model.variables);
      this.adam.apply(this.model.variables.map((v) => grads[v.name]));
      tf.dispose([value, ...Object.values(grads)]);
      const s = stats!.dataSync();
      (stats as tf.Tensor | null)?.dispose();
      const w = pb.batch.size;
      data += s[0] * w; kl = s[1]; weight += w;
      for (let r = 0; r < perRow.length; r++) perRow[r] += s[2 + r] * w;
      check(s[0], s[1]);
    }
    return { data, weight, kl, perRow };
  }

  validate(): ValidationSums {
    // The same noise every epoch, so BNN validation curves move only when the parameters do.
    const rng = Rng.derive(this.o.seed, 2000);
    const samples = validationSamples(this.o);
    const rowsOut = this.o.bnn ? samples : this.model.trainRows(1);
    const v: ValidationSums = { meanSq: 0, memberSq: new Float64Array(rowsOut), n: 0, forceMeanSq: 0, forceMemberSq: new Float64Array(rowsOut), forceN: 0 };
    for (const batch of this.valBatches) {
      const r = tf.tidy(() => {
        const out = this.model.predict(batch, this.trainForces, samples, rng);
        const e = tf.mul(tf.sub(out.energy, batch.energy), batch.invAtoms); // [S, B]
        const parts: tf.Tensor[] = [tf.sum(tf.square(tf.mean(e, 0))), tf.sum(tf.square(e), 1)];
        if (out.forces && batch.forceTarget) {
          const fe = tf.sub(out.forces, batch.forceTarget);
          parts.push(tf.reshape(tf.sum(tf.square(tf.mean(fe, 0))), [1]), tf.sum(tf.square(fe), [1, 2]));
        }
        return tf.concat(parts.map((p) => tf.reshape(p, [-1])));
      });
      const s = r.dataSync();
      r.dispose();
      v.meanSq += s[0]; v.n += batch.size;
      for (let k = 0; k < rowsOut; k++) v.memberSq[k] += s[1 + k];
      if (batch.forceTarget) {
        v.forceMeanSq += s[1 + rowsOut]; v.forceN += batch.forceAtoms * 3;
        for (let k = 0; k < rowsOut; k++) v.forceMemberSq[k] += s[2 + rowsOut + k];
      }
    }
    return v;
  }

  state(): AdamState { return this.adam.state(); }
  restore(s: AdamState): void { this.adam.restore(s); }

  dispose(): void {
    for (const b of this.trainBatches) { disposeBatch(b.batch); b.weights?.dispose(); }
    for (const b of this.valBatches) disposeBatch(b);
    this.adam.dispose();
  }
}
