/**
 * A BNN kernel step with its K Monte Carlo samples split over threads: contiguous sample ranges, the main
 * thread computing the last while workers (./member-threads.ts, ./sample-steps.ts) compute the others on
 * their own kernel instances. Every thread replays the step's draws from the trainer Rng's state, so each
 * sample sees the noise it sees on one thread; the data gradients are summed in range order,
 *   ∂data/∂x = Σ_t part_t  (t = 0 … T−1),
 * and the main thread adds the KL's gradient. The sums differ from one thread's only in float rounding
 * (one thread adds the samples inside the kernels' products), and are the same for a seed and thread count.
 */
import type { KernelBnnStep } from '../../estimators/estimator';
import type { BnnStepParts } from '../../kernels/bnn-parts';
import type { Rng } from '../../rng';
import type { MemberThreads } from './member-threads';

export class SampleSplitStep {
  /** `ranges`: one per thread, the workers' first (in `workers` order), the main thread's last. */
  constructor(private readonly local: KernelBnnStep, private readonly workers: MemberThreads, private readonly ranges: readonly [number, number][]) {}

  get threads(): number { return this.ranges.length; }

  step(x: Float32Array, bi: number, rng: Rng, grad: Float32Array): BnnStepParts {
    this.workers.startShares(x, bi, rng.state());
    const [from, to] = this.ranges[this.ranges.length - 1];
    const mine = this.local.share(x, bi, rng, from, to);
    return this.local.combine(x, [...this.workers.collectShares(), mine], grad);
  }

  dispose(): void {
    this.workers.dispose();
  }
}
