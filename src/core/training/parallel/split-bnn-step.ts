/**
 * A BNN kernel step with every batch split by structure over threads (../../kernels/row-window.ts): contiguous
 * parts balanced by atoms, the main thread computing the last while workers (./member-threads.ts,
 * ./split-part-steps.ts) compute the others on their own kernel instances, each step handed over and answered
 * through a shared-memory channel per worker (./step-channel.ts). Every thread replays the step's draws from
 * the trainer Rng's state over the whole batch and keeps its rows' noise, so each row sees the noise it sees
 * on one thread; the data term is a sum over structures, so with parts t = 0 … T−1
 *   ∂data/∂x = Σ_t part_t,  NLL_k = Σ_t NLL_k,t  (summed in part order),
 * and the main thread adds the KL's gradient. The sums differ from one thread's only in float rounding
 * (one thread sums all rows inside each kernel product), and are the same for a seed and thread count.
 */
import type { KernelBnnStep } from '../../estimators/estimator';
import type { BnnStepParts } from '../../kernels/bnn-parts';
import type { Rng } from '../../rng';
import type { MemberThreads } from './member-threads';
import type { StepChannel } from './step-channel';

export class SplitBnnStep {
  /**
   * `local`: the main thread's step on the last part; `workers`: one per other part, in part order, each
   * serving `channels[i]`.
   */
  constructor(private readonly local: KernelBnnStep, private readonly workers: MemberThreads, private readonly channels: readonly StepChannel[]) {}

  get threads(): number { return this.workers.count + 1; }

  step(x: Float32Array, bi: number, rng: Rng, grad: Float32Array): BnnStepParts {
    const state = rng.state();
    for (const c of this.channels) c.post(x, bi, state);
    const mine = this.local.share(x, bi, rng);
    const theirs = this.channels.map((c, i) => c.collect() ?? this.workers.raise(i));
    return this.local.combine(x, [...theirs, mine], grad);
  }

  dispose(): void {
    for (const c of this.channels) c.stop();
    this.workers.dispose();
  }
}
