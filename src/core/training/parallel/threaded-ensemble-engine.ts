/**
 * A deep ensemble trained on the kernels on several threads: the members split into contiguous ranges, the
 * main thread training the last range while worker threads (./member-threads.ts) train the others, every
 * thread on the same batch order with its own kernel instance and Adam. Members are independent (loss
 * Σ_m RMSE_m, element-wise Adam), so the parameters after an epoch are those of one thread for the same seed
 * (bit for bit when the ranges keep layer 0's four-group chunks: a first hidden width rounding up to a multiple of 16, e.g. 13–16) and the epoch
 * sums are combined in member order exactly as the one-thread engine adds them. Validation runs on the
 * main thread over all members.
 */
import type { TrainingSample } from '../../data/samples';
import type { Standardisation } from '../../descriptors/types';
import { createKernelEnergyPath, type KernelEnergyPath } from '../../kernels/energy-path';
import { MlpKernel } from '../../kernels/mlp-kernel';
import type { PotentialModel } from '../../models/potential';
import type { Rng } from '../../rng';
import type { AdamState } from '../adam';
import type { BatchPlan } from '../batch-plan';
import type { BatchCheck, EpochSums, TrainingEngine, ValidationSums } from '../engine';
import type { TrainerOptions } from '../options';
import { memberRanges, type MemberInit } from './member-protocol';
import { MemberSteps } from './member-steps';
import { MemberThreads } from './member-threads';

export class ThreadedEnsembleEngine implements TrainingEngine {
  readonly name = 'wasm-simd-kernels' as const;
  readonly reason: string;
  readonly bootstrapCounts: Float32Array[] | null;
  private readonly sizes: number[];
  private lr: number;

  /**
   * The engine on min(threads, members) threads, or the reason the kernels cannot run. Throws when a worker
   * cannot start (the caller falls back to one thread) or the data do not fit one wasm memory.
   */
  static create(
    model: PotentialModel, plan: BatchPlan, train: readonly TrainingSample[], validation: readonly TrainingSample[],
    std: readonly Standardisation[], o: TrainerOptions, threads: number,
  ): ThreadedEnsembleEngine | string {
    const M = model.trainRows(1);
    const alpha = plan.trainForces ? o.alpha : null;
    const ranges = memberRanges(M, threads);
    const inits: MemberInit[] = ranges.map(([a, b]) => ({
      layout: model.layout, members: b - a, train, lists: plan.lists, std, alpha, adam: o.adam,
      counts: plan.counts ? plan.counts.slice(a, b) : null,
    }));
    const val = createKernelEnergyPath(model.layout, M, [], [], validation, std, alpha);
    if (typeof val === 'string') return val;
    const main = MemberSteps.create(inits[inits.length - 1]);
    if (typeof main === 'string') return main;
    const workers = new MemberThreads(inits.slice(0, -1).map((init) => ({ type: 'init' as const, init })));
    return new ThreadedEnsembleEngine(model, val, main, workers, ranges, plan, validation.length > 0, o);
  }

  private constructor(
    private readonly model: PotentialModel, private readonly val: KernelEnergyPath, private readonly main: MemberSteps,
    private readonly workers: MemberThreads, private readonly ranges: [number, number][], plan: BatchPlan,
    readonly hasValidation: boolean, o: TrainerOptions,
  ) {
    this.reason = `training steps on the wasm SIMD MLP kernels${MlpKernel.variantNote()}, the ensemble's members on ${ranges.length} threads`;
    this.bootstrapCounts = plan.counts;
    this.sizes = plan.lists.map((l) => l.length);
    this.lr = o.adam.learningRate;
  }

  get threads(): number { return this.ranges.length; }
  get batchCount(): number { return this.sizes.length; }
  get learningRate(): number { return this.lr; }
  set learningRate(lr: number) { this.lr = lr; }

  epoch(order: readonly number[], _rng: Rng, check: BatchCheck): EpochSums {
    const P = this.model.layout.size;
    const M = this.model.trainRows(1);
    const x = this.model.exportParams().theta;
    const own = this.ranges[this.ranges.length - 1];
    this.workers.startEpoch(this.ranges.slice(0, -1).map(([a, b]) => x.slice(a * P, b * P)), order, this.lr);
    const mine = this.main.epoch(x.subarray(own[0] * P, own[1] * P), order, this.lr);
    const theirs = this.workers.collect();
    const rows = [...theirs.map((t) => t.perRow), mine];
    // The one-thread engine's sums, in its order: per batch the members' losses in member order.
    const perRow = new Float64Array(M);
    const rowLoss = new Float64Array(M);
    let data = 0, weight = 0;
    order.forEach((bi, k) => {
      this.ranges.forEach(([a, b], t) => rowLoss.set(rows[t].subarray(k * (b - a), (k + 1) * (b - a)), a));
      let total = 0;
      for (const r of rowLoss) total += r;
      const batchData = total / M;
      check(batchData, 0);
      const w = this.sizes[bi];
      data += batchData * w; weight += w;
      for (let r = 0; r < M; r++) perRow[r] += rowLoss[r] * w;
    });
    theirs.forEach((t, i) => x.set(t.theta, this.ranges[i][0] * P));
    this.model.importParams({ theta: x });
    return { data, weight, kl: 0, perRow };
  }

  validate(): ValidationSums {
    return this.val.validate(this.model.exportParams().theta);
  }

  /** Adam's state over all members, as the one-thread engine keeps it (one vector θ [M·P]). */
  state(): AdamState {
    const P = this.model.layout.size;
    const M = this.model.trainRows(1);
    const parts = [...this.workers.states(), this.main.state()];
    const m = new Float32Array(M * P), v = new Float32Array(M * P);
    parts.forEach((s, t) => { m.set(s.m[0], this.ranges[t][0] * P); v.set(s.v[0], this.ranges[t][0] * P); });
    return { step: parts[0].step, m: [m], v: [v] };
  }

  restore(s: AdamState): void {
    const P = this.model.layout.size;
    const parts = this.ranges.map(([a, b]): AdamState => ({ step: s.step, m: [s.m[0].slice(a * P, b * P)], v: [s.v[0].slice(a * P, b * P)] }));
    this.workers.restore(parts.slice(0, -1));
    this.main.restore(parts[parts.length - 1]);
  }

  dispose(): void {
    this.workers.dispose();
  }
}
