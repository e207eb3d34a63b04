/**
 * A worker's part of a model whose batches are split by structure over threads: for a BNN the estimator's own
 * kernel step (the one KernelEngine builds), for a single network a kernel path, on this part's lists,
 * answering each step with its share.
 */
import { estimatorOf } from '../../estimators/registry';
import type { KernelBnnStep } from '../../estimators/estimator';
import type { StepShare } from '../../kernels/bnn-parts';
import { createKernelEnergyPath, KernelEnergyPath } from '../../kernels/energy-path';
import { Rng, type RngState } from '../../rng';
import type { NetworkSplitInit, SplitInit } from './split-protocol';

export class SplitPartSteps {
  private constructor(private readonly step: KernelBnnStep | KernelEnergyPath) {}

  /** The worker's step, or the reason the kernels cannot run here. */
  static create(init: SplitInit): SplitPartSteps | string {
    const kernel = estimatorOf({ estimator: init.estimator }).kernel;
    if (!kernel) return `the ${init.estimator} estimator has no wasm kernel step`;
    // As KernelEngine.create, less the validation set (the main thread validates).
    const own = kernel.ownRows;
    const path = createKernelEnergyPath(init.layout, init.terms.samples, own ? [] : init.train, own ? [] : init.lists, [], init.std, init.alpha);
    if (typeof path === 'string') return path;
    const { layout, train, lists: batches, std, terms, forces, window } = init;
    return new SplitPartSteps(kernel.create({ path, layout, train, batches, std, terms, forces, window }));
  }

  /** A single network's part: its kernel path over this part's structures (no validation: the main thread validates). */
  static network(init: NetworkSplitInit): SplitPartSteps | string {
    const path = createKernelEnergyPath(init.layout, 1, init.train, init.lists, [], init.std, null);
    return typeof path === 'string' ? path : new SplitPartSteps(path);
  }

  /**
   * This worker's share of the step the main thread takes on batch bi from the Rng state `rng` (a network's:
   * its gradient part and, as its only row, Σ e² of its structures; ../../kernels/energy-passes.ts networkShare).
   */
  share(x: Float32Array, bi: number, rng: RngState): StepShare {
    if (this.step instanceof KernelEnergyPath) {
      const part = new Float32Array(this.step.layout.size);
      return { part, perRow: Float64Array.of(this.step.share(x, bi, part)), size: 0 };
    }
    return this.step.share(x, bi, new Rng(rng));
  }
}
