/**
 * Training steps on the wasm SIMD kernels (src/core/kernels/): networks and ensembles on the energy path
 * (energies and forces, bootstrap, heteroscedastic members), BNNs through their estimator's kernel step
 * (src/core/estimators/registry.ts), all with a flat Adam over one parameter vector; a BNN's or a single
 * network's batches may be split by structure over threads (./parallel/split-bnn-step.ts,
 * ./parallel/split-network-step.ts). θ (or x = [μ; ρ]) leaves
 * the model once per epoch, is updated in place, and goes back once.
 */
import { availableParallelism } from 'node:os';
import type { TrainingSample } from '../data/samples';
import type { Standardisation } from '../descriptors/types';
import type { KernelBnnStep } from '../estimators/estimator';
import { estimatorOf } from '../estimators/registry';
import { createKernelEnergyPath, type KernelEnergyPath } from '../kernels/energy-path';
import { MlpKernel } from '../kernels/mlp-kernel';
import { compactPart, splitBatches, stepOrder } from '../kernels/row-window';
import { sampledWeightSets, weightSetBuffers, type WeightSetBuffers } from '../kernels/radial-step';
import type { PotentialModel } from '../models/potential';
import { Rng } from '../rng';
import type { AdamState } from './adam';
import type { BatchPlan } from './batch-plan';
import type { BatchCheck, EngineInfo, EpochSums, TrainingEngine, ValidationSums } from './engine';
import { FlatAdam } from './flat-adam';
import { validationSamples, type TrainerOptions } from './options';
import { MemberThreads } from './parallel/member-threads';
import { SplitBnnStep } from './parallel/split-bnn-step';
import { SplitNetworkStep, splitsNetwork } from './parallel/split-network-step';
import type { SplitRequest } from './parallel/split-protocol';
import { StepChannel, type StepChannelBuffers } from './parallel/step-channel';

/** The reason names the kernels' variant when it is the fused one (MlpKernel.variantNote: chosen once per process). */
export const KERNEL_ENGINE: EngineInfo = { name: 'wasm-simd-kernels', get reason() { return `training steps on the wasm SIMD MLP kernels${MlpKernel.variantNote()}`; } };

export class KernelEngine implements TrainingEngine {
  readonly name = KERNEL_ENGINE.name;
  reason = KERNEL_ENGINE.reason;
  readonly threads: number;
  readonly bootstrapCounts: Float32Array[] | null;
  private readonly adam: FlatAdam;
  private readonly grad: Float32Array;
  private readonly sizes: number[];
  /** A BNN's x = [μ; ρ] and its validation weight sets: buffers every epoch reuses (less garbage for the collector). */
  private readonly x: Float32Array;
  private validationSets: WeightSetBuffers | null = null;
  /**
   * The parameters the last epoch put into the model, until validate() (the Trainer's next call) uses them
   * instead of reading them back from the model; restore() drops them. A caller that imports other parameters
   * between epoch() and validate() must restore() first.
   */
  private imported: Float32Array | null = null;

  /**
   * The kernel engine for this model, or the reason there is none (no wasm SIMD). Throws KernelMemoryError
   * when the data do not fit one wasm memory. A BNN with `threads` > 1 splits every batch by structure over
   * that many threads (./parallel/split-bnn-step.ts), and so does a single network where splitsNetwork allows
   * (./parallel/split-network-step.ts); throws when a worker cannot start.
   */
  static create(
    model: PotentialModel, plan: BatchPlan, train: readonly TrainingSample[], validation: readonly TrainingSample[],
    std: readonly Standardisation[], o: TrainerOptions, threads = 1,
  ): KernelEngine | string {
    const bnn = o.bnn;
    const rows = bnn ? Math.max(bnn.trainSamples, validationSamples(o)) : model.trainRows(1);
    const kernel = bnn ? estimatorOf(model.spec).kernel : null;
    // Estimators with their own kernel rows leave the weight-set path only the validation set to predict.
    const own = kernel?.ownRows ?? false;
    const alpha = plan.trainForces ? o.alpha : null;
    // A BNN, or a single network that can split (./parallel/split-network-step.ts), on several threads: every
    // batch split by structure, this thread taking the last part.
    const network = !bnn && threads > 1 && splitsNetwork(model.spec, o);
    const parts = (kernel || network) && threads > 1 ? splitBatches(stepOrder(plan.lists, train, alpha !== null), train, model.layout.elements.length, threads) : null;
    const mine = parts ? parts[parts.length - 1] : null;
    const lists = mine ? mine.lists : plan.lists;
    const path = createKernelEnergyPath(model.layout, rows, own ? [] : train, own ? [] : lists, validation, std, alpha);
    if (typeof path === 'string') return path;
    let step: KernelBnnStep | SplitBnnStep | null = null;
    let split: SplitNetworkStep | null = null;
    if (bnn && kernel) {
      const terms = { samples: bnn.trainSamples, sigmaEnergy: bnn.sigmaEnergy, weighting: bnn.weighting, likelihood: bnn.likelihood, nTrain: train.length, priorScale: model.spec.priorScale ?? 1 };
      const forces = alpha !== null ? { alpha, sigma: bnn.sigmaForces } : null;
      step = kernel.create({ path, layout: model.layout, train, batches: lists, std, terms, forces, ...(mine ? { window: mine.window } : {}) });
      if (parts) {
        const init = { layout: model.layout, estimator: model.spec.estimator!, train, std, terms, forces, alpha };
        const { workers, channels } = partWorkers(parts, threads, 2 * model.layout.size, bnn.trainSamples, (p, channel) => ({ type: 'init-split', init: { ...init, ...compactPart(p.lists, train), window: p.window }, channel }));
        step = new SplitBnnStep(step, workers, channels);
      }
    } else if (parts) {
      const { workers, channels } = partWorkers(parts, threads, model.layout.size, 1, (p, channel) => ({ type: 'init-network-split', init: { layout: model.layout, std, ...compactPart(p.lists, train) }, channel }));
      split = new SplitNetworkStep(path, plan.lists.map((l) => l.length), workers, channels);
    }
    return new KernelEngine(model, path, step, split, plan, validation.length > 0, o);
  }

  private constructor(
    private readonly model: PotentialModel, private readonly path: KernelEnergyPath, private readonly step: Pick<KernelBnnStep, 'step'> | SplitBnnStep | null,
    private readonly split: SplitNetworkStep | null, plan: BatchPlan, readonly hasValidation: boolean, private readonly o: TrainerOptions,
  ) {
    this.threads = step instanceof SplitBnnStep ? step.threads : split ? split.threads : 1;
    if (this.threads > 1) this.reason += `, every batch split by structure over ${this.threads} threads`;
    const p = model.layout.size;
    const sizes = step ? [p, p] : [model.trainRows(1) * p];
    this.adam = new FlatAdam(sizes, o.adam);
    this.grad = new Float32Array(sizes.reduce((a, b) => a + b, 0));
    this.bootstrapCounts = plan.counts;
    this.sizes = plan.lists.map((l) => l.length);
    this.x = new Float32Array(step ? 2 * p : 0);
  }

  get batchCount(): number { return this.sizes.length; }
  get learningRate(): number { return this.adam.learningRate; }
  set learningRate(lr: number) { this.adam.learningRate = lr; }

  epoch(order: readonly number[], rng: Rng, check: BatchCheck): EpochSums {
    const perRow = new Float64Array(this.step ? this.o.bnn!.trainSamples : this.model.trainRows(1));
    let data = 0, weight = 0, kl = 0;
    const x = this.step ? this.bnnVector() : this.model.exportParams().theta;
    for (const bi of order) {
      let batchData: number, rowLoss: Float64Array;
      if (this.step) {
        const s = this.step.step(x, bi, rng, this.grad);
        check(s.data, s.kl);
        batchData = s.data; kl = s.kl; rowLoss = s.perRow;
      } else {
        const loss = this.split ? this.split.step(x, bi, this.grad) : this.path.step(x, bi, this.grad, this.bootstrapCounts);
        batchData = loss.total / loss.perRow.length;
        check(batchData, 0);
        rowLoss = loss.perRow;
      }
      this.adam.apply(x, this.grad);
      const w = this.sizes[bi];
      data += batchData * w; weight += w;
      for (let r = 0; r < perRow.length; r++) perRow[r] += rowLoss[r] * w;
    }
    const p = this.model.layout.size;
    this.model.importParams(this.step ? { mu: x.slice(0, p), rho: x.slice(p) } : { theta: x });
    this.imported = x;
    return { data, weight, kl, perRow };
  }

  validate(): ValidationSums {
    const imported = this.imported;
    this.imported = null;
    if (!this.step) return this.path.validate(imported ?? this.model.exportParams().theta);
    // The same draws every epoch, as the tfjs engine makes them, so curves move only when the parameters do.
    const rng = Rng.derive(this.o.seed, 2000);
    const x = imported ?? this.bnnVector();
    const samples = validationSamples(this.o);
    const radial = estimatorOf(this.model.spec).radialWeightSets;
    const sets = (this.validationSets ??= weightSetBuffers(this.model.layout, samples));
    return this.path.validate(() => sampledWeightSets(x, this.model.layout, samples, rng, radial, sets), samples);
  }

  /** μ and ρ as one vector x = [μ; ρ] (this.x, overwritten by every call). */
  private bnnVector(): Float32Array {
    const { mu, rho } = this.model.exportParams();
    const x = this.x;
    x.set(mu); x.set(rho, mu.length);
    return x;
  }

  state(): AdamState { return this.adam.state(); }
  restore(s: AdamState): void { this.adam.restore(s); this.imported = null; }
  dispose(): void {
    this.adam.dispose();
    if (this.step instanceof SplitBnnStep) this.step.dispose();
    this.split?.dispose();
  }
}

/**
 * The workers of every part but the last (the main thread's), each with its shared-memory channel for x and
 * gradient parts of `length` floats and `sums` sums (./parallel/step-channel.ts); `init` builds a part's first
 * request. Threads spin between steps only where each has a core of its own.
 */
function partWorkers(
  parts: ReturnType<typeof splitBatches>, threads: number, length: number, sums: number,
  init: (part: ReturnType<typeof splitBatches>[number], channel: StepChannelBuffers) => SplitRequest,
): { workers: MemberThreads; channels: StepChannel[] } {
  const spin = threads <= availableParallelism();
  const channels = parts.slice(0, -1).map(() => StepChannel.create(length, sums, spin));
  const workers = new MemberThreads(parts.slice(0, -1).map((p, i) => init(p, channels[i].buffers)));
  return { workers, channels };
}
