/**
 * A single network's kernel step with every batch split by structure over threads, as a BNN's
 * (./split-bnn-step.ts) without the noise: contiguous parts balanced by atoms (../../kernels/row-window.ts), the
 * main thread computing the last while workers compute the others on their own kernel paths
 * (./split-part-steps.ts), each step exchanged through a shared-memory channel (./step-channel.ts). Each part
 * returns Σ e² of its structures and the unscaled gradient of ½Σ e² (../../kernels/energy-passes.ts
 * networkShare); with S = Σ_t Σe²_t and g = Σ_t part_t (in part order) over the batch's B structures,
 *   RMSE = √(S/B + 1e−20),  ∂RMSE/∂θ = g / (B·RMSE).
 * One thread scales each structure's dÊ before the backward pass instead, so thread counts agree to float
 * rounding; a seed and thread count give the same numbers.
 */
import type { KernelEnergyPath } from '../../kernels/energy-path';
import { sumParts, sumRows, type StepShare } from '../../kernels/bnn-parts';
import type { KernelLossParts } from '../../kernels/energy-plan';
import type { ModelSpec } from '../../models/potential';
import type { TrainerOptions } from '../options';
import type { MemberThreads } from './member-threads';
import type { StepChannel } from './step-channel';

/**
 * Whether a model's batches can be split over threads as a single network's: one member (a single network,
 * or one ensemble member trained alone), one output, energies only (α = 0), no bootstrap resampling.
 */
export function splitsNetwork(spec: ModelSpec, o: Pick<TrainerOptions, 'alpha' | 'bootstrap'>): boolean {
  return spec.kind !== 'bnn' && spec.members === 1 && !spec.heteroscedastic && o.alpha === 0 && !o.bootstrap;
}

/** The Rng state a network's step does not use (the channel carries one for the BNNs). */
const NO_RNG: [number, number, number, number, null] = [0, 0, 0, 0, null];

export class SplitNetworkStep {
  private readonly mine: Float32Array;

  /**
   * `path`: the main thread's kernel path over the last part; `sizes`: the whole batches' structure counts;
   * `workers`: one per other part, in part order, each serving `channels[i]`.
   */
  constructor(private readonly path: KernelEnergyPath, private readonly sizes: readonly number[], private readonly workers: MemberThreads, private readonly channels: readonly StepChannel[]) {
    this.mine = new Float32Array(path.layout.size);
  }

  get threads(): number { return this.workers.count + 1; }

  step(theta: Float32Array, bi: number, grad: Float32Array): KernelLossParts {
    for (const c of this.channels) c.post(theta, bi, NO_RNG);
    const mine: StepShare = { part: this.mine, perRow: Float64Array.of(this.path.share(theta, bi, this.mine)), size: this.sizes[bi] };
    const shares = [...this.channels.map((c, i) => c.collect() ?? this.workers.raise(i)), mine];
    sumParts(shares, grad);
    const s2 = sumRows(shares)[0];
    const B = this.sizes[bi];
    const rmse = Math.sqrt(s2 / B + 1e-20);
    const scale = 1 / (B * rmse);
    for (let j = 0; j < grad.length; j++) grad[j] *= scale;
    return { total: rmse, perRow: Float64Array.of(rmse) };
  }

  dispose(): void {
    for (const c of this.channels) c.stop();
    this.workers.dispose();
  }
}
