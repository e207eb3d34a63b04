/**
 * A worker's part of a BNN whose batches are split by structure over threads: the estimator's own kernel
 * step (the one KernelEngine builds) on this part's lists, answering each step with its share.
 */
import { estimatorOf } from '../../estimators/registry';
import type { KernelBnnStep } from '../../estimators/estimator';
import type { StepShare } from '../../kernels/bnn-parts';
import { createKernelEnergyPath } from '../../kernels/energy-path';
import { Rng, type RngState } from '../../rng';
import type { SplitInit } from './split-protocol';

export class SplitPartSteps {
  private constructor(private readonly step: KernelBnnStep) {}

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

  /** This worker's share of the step the main thread takes on batch bi from the Rng state `rng`. */
  share(x: Float32Array, bi: number, rng: RngState): StepShare {
    return this.step.share(x, bi, new Rng(rng));
  }
}
