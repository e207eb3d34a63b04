/**
 * The training loop of one model: fixed, seeded batch compositions (built once, their order shuffled every
 * epoch), Adam with element-wise clipping, validation after every epoch, best-on-validation parameters,
 * early stopping, and NaN/divergence detection. Everything random comes from one seeded Rng whose state
 * is part of the checkpointed state, so a resumed run continues the same sequence.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Standardisation } from '../descriptors/types';
import type { KlWeighting } from '../method/names';
import type { PotentialModel } from '../models/potential';
import { Adam, type AdamOptions, type AdamState } from './adam';
import type { FlatAdam } from './flat-adam';
import type { KernelEnergyPath } from '../kernels/energy-path';
import { sampledWeightSets } from '../kernels/radial-step';
import { createKernelState, KERNEL_ENGINE, type KernelState, type TrainingEngine } from './kernel-state';
import { buildBatch, disposeBatch, type Batch } from '../data/batch';
import { bnnLoss, ensembleLoss, type LossParts } from './losses';
import { Rng, type RngState } from '../rng';
import type { TrainingSample } from '../data/samples';
import type { EpochEvent, MemberEpochStats } from '../../protocol/events';

export interface BnnTrainingOptions {
  sigmaEnergy: number;
  sigmaForces: number;
  weighting: KlWeighting;
  trainSamples: number;
  predictSamples: number;
}

export interface TrainerOptions {
  batchSize: number;
  adam: AdamOptions;
  /** Force weight α; forces are trained when α > 0 and samples carry force targets. */
  alpha: number;
  patience: number | null;
  minDelta: number;
  seed: number;
  bnn: BnnTrainingOptions | null;
  bootstrap: boolean;
  /** aenet energy scale, to report errors in eV/atom and eV/Å. */
  energyScale: number;
  /** Energy-only ensembles train on the wasm SIMD kernels unless this is false (tfjs ops then). */
  kernels?: boolean;
}



/** One epoch's numbers: the epoch event's own fields (the runner adds run-level ones: lr, ETA, totals). */
export type EpochStats = Pick<EpochEvent,
  'epoch' | 'trainLoss' | 'dataTerm' | 'klTerm' | 'valLoss' | 'valEnergyRmse' | 'valForceRmse' | 'seconds' | 'best' | 'members'>;

export { kernelsRefused, trainingEngine, type TrainingEngine } from './kernel-state';

export interface TrainerState {
  epoch: number;
  params: Record<string, Float32Array>;
  adam: AdamState;
  rng: RngState;
  best: { epoch: number; valLoss: number; params: Record<string, Float32Array> } | null;
  sinceBest: number;
}

export class TrainingDiverged extends Error {}

interface PreparedBatch { batch: Batch; weights: tf.Tensor2D | null }


export class Trainer {
  epoch = 0;
  best: TrainerState['best'] = null;
  private sinceBest = 0;
  private readonly rng: Rng;
  private readonly adam: Adam | FlatAdam;
  private readonly trainBatches: PreparedBatch[];
  private readonly valBatches: Batch[];
  private readonly kernel: KernelState | null = null;
  readonly trainForces: boolean;
  readonly engine: TrainingEngine;
  /** Per member, how often each training structure is in its bootstrap resample (null: no bootstrap). */
  readonly bootstrapCounts: Float32Array[] | null;

  constructor(
    readonly model: PotentialModel, readonly train: readonly TrainingSample[], readonly validation: readonly TrainingSample[],
    std: readonly Standardisation[], readonly o: TrainerOptions,
  ) {
    this.trainForces = o.alpha > 0 && train.some((s) => s.forces !== null);
    this.rng = Rng.derive(o.seed, 1000);
    const order = Rng.derive(o.seed, 1001).shuffled(train.map((_, i) => i));
    const members = model.trainRows(1);
    const counts = o.bootstrap && !o.bnn ? bootstrapCounts(train.length, members, Rng.derive(o.seed, 1002)) : null;
    this.bootstrapCounts = counts;
    this.trainBatches = [];
    this.valBatches = [];
    const lists: number[][] = [];
    for (let s = 0; s < order.length; s += o.batchSize) lists.push(order.slice(s, s + o.batchSize));
    const kernel = createKernelState(model, train, lists, validation, std, o, counts, this.trainForces, this.validationSamples);
    if (typeof kernel !== 'string') {
      this.kernel = kernel;
      this.adam = kernel.adam;
      this.engine = KERNEL_ENGINE;
      return;
    }
    this.engine = { name: 'tfjs-ops', reason: kernel };
    this.adam = new Adam(model.variables, o.adam);
    for (let s = 0; s < order.length; s += o.batchSize) {
      const idx = order.slice(s, s + o.batchSize);
      const batch = buildBatch(idx.map((i) => train[i]), std, { forces: this.trainForces, requireForceTargets: true });
      const weights = counts ? tf.tensor2d(counts.flatMap((c) => idx.map((i) => c[i])), [members, idx.length]) : null;
      this.trainBatches.push({ batch, weights });
    }
    for (let s = 0; s < validation.length; s += 256) {
      this.valBatches.push(buildBatch(validation.slice(s, s + 256), std, { forces: this.trainForces, requireForceTargets: true }));
    }
  }

  get learningRate(): number {
    return this.adam.learningRate;
  }

  /** Weight sets per validation prediction: BNNs average a few samples, ensembles use their members. */
  private get validationSamples(): number {
    return this.o.bnn ? Math.max(2, Math.min(this.o.bnn.predictSamples, 10)) : 1;
  }

  /** For schedules driven from outside (benches, a future config option); Adam's moments are kept. */
  set learningRate(lr: number) {
    this.adam.learningRate = lr;
  }

  private loss(batch: PreparedBatch, samples: number): LossParts {
    const out = this.model.train(batch.batch, this.trainForces, samples, this.rng);
    if (this.o.bnn) {
      const b = this.o.bnn;
      return bnnLoss(out, batch.batch, { alpha: this.trainForces ? this.o.alpha : 0, sigmaEnergy: b.sigmaEnergy, sigmaForces: b.sigmaForces, weighting: b.weighting, nTrain: this.train.length });
    }
    return ensembleLoss(out, batch.batch, this.trainForces ? this.o.alpha : 0, batch.weights);
  }

  /** One pass over the training batches, then validation. Throws TrainingDiverged on NaN/∞. */
  runEpoch(): EpochStats {
    const t0 = Date.now();
    const samples = this.o.bnn?.trainSamples ?? 1;
    const rows = this.model.trainRows(samples);
    let data = 0, kl = 0, weight = 0;
    const perRow = new Float64Array(rows);
    if (this.kernel) ({ data, weight, kl } = this.kernelEpoch(this.kernel, perRow));
    else for (const bi of this.rng.shuffled(this.trainBatches.map((_, i) => i))) {
      const pb = this.trainBatches[bi];
      let stats: tf.Tensor | null = null;
      const { value, grads } = tf.variableGrads(() => {
        const parts = this.loss(pb, samples);
        stats = tf.keep(tf.concat([tf.stack([parts.data, parts.kl]), parts.perRow]));
        return parts.total;
      }, this.model.variables);
      (this.adam as Adam).apply(this.model.variables.map((v) => grads[v.name]));
      tf.dispose([value, ...Object.values(grads)]);
      const s = stats!.dataSync();
      (stats as tf.Tensor | null)?.dispose();
      const w = pb.batch.size;
      data += s[0] * w; kl = s[1]; weight += w;
      for (let r = 0; r < rows; r++) perRow[r] += s[2 + r] * w;
      if (!Number.isFinite(s[0]) || !Number.isFinite(s[1])) {
        throw new TrainingDiverged(`training loss became ${s[0]} (data) / ${s[1]} (KL) in epoch ${this.epoch + 1}: lower the learning rate or enable gradient clipping`);
      }
    }
    this.epoch++;
    const trainLoss = data / weight + kl;
    // Without a validation set, early stopping and "best" follow the training data term.
    const hasValidation = this.kernel ? this.validation.length > 0 : this.valBatches.length > 0;
    const val: ReturnType<Trainer['validate']> = hasValidation ? (this.kernel ? this.kernelValidate(this.kernel) : this.validate()) : { loss: data / weight, energyRmse: NaN, memberEnergy: [] };
    if (!Number.isFinite(val.loss)) throw new TrainingDiverged(`validation loss became ${val.loss} in epoch ${this.epoch}`);
    const improved = this.best === null || val.loss < this.best.valLoss - this.o.minDelta;
    if (improved) {
      this.best = { epoch: this.epoch, valLoss: val.loss, params: this.model.exportParams() };
      this.sinceBest = 0;
    } else {
      this.sinceBest++;
    }
    const stats: EpochStats = {
      epoch: this.epoch, trainLoss, dataTerm: data / weight, klTerm: kl, valLoss: val.loss,
      valEnergyRmse: val.energyRmse, seconds: (Date.now() - t0) / 1000, best: improved,
    };
    if (val.forceRmse !== undefined) stats.valForceRmse = val.forceRmse;
    if (!this.o.bnn && rows > 1) {
      stats.members = Array.from(perRow, (p, r) => {
        const m: MemberEpochStats = { trainLoss: p / weight, valEnergyRmse: val.memberEnergy[r] };
        if (val.memberForce) m.valForceRmse = val.memberForce[r];
        return m;
      });
    }
    return stats;
  }

  /** The epoch's batches on the kernels: θ leaves tfjs once, is updated in place, and goes back once. */
  private kernelEpoch(k: KernelState, perRow: Float64Array): { data: number; weight: number; kl: number } {
    if (k.bnn) return this.bnnEpoch(k, k.bnn, perRow);
    const theta = this.model.exportParams().theta;
    let data = 0, weight = 0;
    for (const bi of this.rng.shuffled(k.sizes.map((_, i) => i))) {
      const loss = k.path.step(theta, bi, k.grad, k.weights);
      const mean = loss.total / loss.perRow.length;
      if (!Number.isFinite(mean)) {
        throw new TrainingDiverged(`training loss became ${mean} (data) / 0 (KL) in epoch ${this.epoch + 1}: lower the learning rate or enable gradient clipping`);
      }
      k.adam.apply(theta, k.grad);
      const w = k.sizes[bi];
      data += mean * w; weight += w;
      for (let r = 0; r < perRow.length; r++) perRow[r] += loss.perRow[r] * w;
    }
    this.model.importParams({ theta });
    return { data, weight, kl: 0 };
  }

  /** μ and ρ as one vector x = [μ; ρ] for the epoch. */
  private bnnEpoch(k: KernelState, step: NonNullable<KernelState['bnn']>, perRow: Float64Array): { data: number; weight: number; kl: number } {
    const x = this.bnnVector();
    let data = 0, weight = 0, kl = 0;
    for (const bi of this.rng.shuffled(k.sizes.map((_, i) => i))) {
      const s = step.step(x, bi, this.rng, k.grad);
      if (!Number.isFinite(s.data) || !Number.isFinite(s.kl)) {
        throw new TrainingDiverged(`training loss became ${s.data} (data) / ${s.kl} (KL) in epoch ${this.epoch + 1}: lower the learning rate or enable gradient clipping`);
      }
      k.adam.apply(x, k.grad);
      const w = k.sizes[bi];
      data += s.data * w; weight += w; kl = s.kl;
      for (let r = 0; r < perRow.length; r++) perRow[r] += s.perRow[r] * w;
    }
    const p = this.model.layout.size;
    this.model.importParams({ mu: x.slice(0, p), rho: x.slice(p) });
    return { data, weight, kl };
  }

  private bnnVector(): Float32Array {
    const { mu, rho } = this.model.exportParams();
    const x = new Float32Array(mu.length + rho.length);
    x.set(mu); x.set(rho, mu.length);
    return x;
  }

  private kernelValidate(k: KernelState): ReturnType<Trainer['validate']> {
    let v: ReturnType<KernelEnergyPath['validate']>;
    if (k.bnn) {
      // The same draws every epoch, as validate() makes them, so curves move only when the parameters do.
      const rng = Rng.derive(this.o.seed, 2000);
      const x = this.bnnVector();
      const radial = this.model.spec.estimator === 'radial';
      v = k.path.validate(() => sampledWeightSets(x, this.model.layout, this.validationSamples, rng, radial), this.validationSamples);
    } else {
      v = k.path.validate(this.model.exportParams().theta);
    }
    const sc = this.o.energyScale;
    const eRmseN = Math.sqrt(v.meanSq / v.n);
    const out: ReturnType<Trainer['validate']> = { loss: eRmseN, energyRmse: eRmseN / sc, memberEnergy: Array.from(v.memberSq, (x) => Math.sqrt(x / v.n) / sc) };
    if (v.forceN > 0) {
      // As validate(): the force RMSE of the mean prediction, and the loss early stopping watches mixes both.
      const fRmseN = Math.sqrt(v.forceMeanSq / v.forceN);
      out.forceRmse = fRmseN / sc;
      out.memberForce = Array.from(v.forceMemberSq, (x) => Math.sqrt(x / v.forceN) / sc);
      if (this.o.alpha > 0) out.loss = (1 - this.o.alpha) * eRmseN + this.o.alpha * fRmseN;
    }
    return out;
  }

  get shouldStopEarly(): boolean {
    return this.o.patience !== null && this.o.patience > 0 && this.sinceBest >= this.o.patience;
  }

  /** Validation errors of the mean prediction (eV/atom, eV/Å) and the loss early stopping watches. */
  private validate(): { loss: number; energyRmse: number; forceRmse?: number; memberEnergy: number[]; memberForce?: number[] } {
    if (this.valBatches.length === 0) return { loss: NaN, energyRmse: NaN, memberEnergy: [] };
    // The same noise every epoch, so BNN validation curves move only when the parameters do.
    const rng = Rng.derive(this.o.seed, 2000);
    const samples = this.validationSamples;
    let eSq = 0, eN = 0, fSq = 0, fN = 0;
    let memberE: Float64Array | null = null;
    let memberF: Float64Array | null = null;
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
      const v = r.dataSync();
      r.dispose();
      const rowsOut = this.o.bnn ? samples : this.model.trainRows(1);
      memberE ??= new Float64Array(rowsOut);
      eSq += v[0]; eN += batch.size;
      for (let k = 0; k < rowsOut; k++) memberE[k] += v[1 + k];
      if (batch.forceTarget) {
        memberF ??= new Float64Array(rowsOut);
        fSq += v[1 + rowsOut]; fN += batch.forceAtoms * 3;
        for (let k = 0; k < rowsOut; k++) memberF[k] += v[2 + rowsOut + k];
      }
    }
    const sc = this.o.energyScale;
    const eRmseN = Math.sqrt(eSq / eN);
    const out: ReturnType<Trainer['validate']> = { loss: eRmseN, energyRmse: eRmseN / sc, memberEnergy: Array.from(memberE!, (x) => Math.sqrt(x / eN) / sc) };
    if (fN > 0) {
      const fRmseN = Math.sqrt(fSq / fN);
      out.forceRmse = fRmseN / sc;
      out.memberForce = Array.from(memberF!, (x) => Math.sqrt(x / fN) / sc);
      if (this.o.alpha > 0) out.loss = (1 - this.o.alpha) * eRmseN + this.o.alpha * fRmseN;
    }
    return out;
  }

  /** Puts the best-on-validation parameters into the model (the final model of a run). */
  restoreBest(): void {
    if (this.best) this.model.importParams(this.best.params);
  }

  state(): TrainerState {
    return { epoch: this.epoch, params: this.model.exportParams(), adam: this.adam.state(), rng: this.rng.state(), best: this.best, sinceBest: this.sinceBest };
  }

  restore(s: TrainerState): void {
    this.epoch = s.epoch;
    this.model.importParams(s.params);
    this.adam.restore(s.adam);
    this.rng.setState(s.rng);
    this.best = s.best;
    this.sinceBest = s.sinceBest;
  }

  dispose(): void {
    for (const b of this.trainBatches) { disposeBatch(b.batch); b.weights?.dispose(); }
    for (const b of this.valBatches) disposeBatch(b);
    this.adam.dispose();
  }
}



/** Per member, how often each training structure is drawn in a bootstrap resample of the same size. */
function bootstrapCounts(n: number, members: number, rng: Rng): Float32Array[] {
  return Array.from({ length: members }, () => {
    const c = new Float32Array(n);
    for (let i = 0; i < n; i++) c[rng.int(n)]++;
    return c;
  });
}
