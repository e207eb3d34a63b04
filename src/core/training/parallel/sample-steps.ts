/**
 * A worker's part of a BNN whose Monte Carlo samples are split over threads: the estimator's own kernel step
 * (the one KernelEngine builds, with all training rows) computing samples [from, to) of each step.
 */
import { estimatorOf } from '../../estimators/registry';
import type { KernelBnnStep } from '../../estimators/estimator';
import type { SampleShare } from '../../kernels/bnn-parts';
import { createKernelEnergyPath } from '../../kernels/energy-path';
import { Rng, type RngState } from '../../rng';
import type { SampleInit } from './sample-protocol';

export class SampleSteps {
  private constructor(private readonly step: KernelBnnStep, private readonly from: number, private readonly to: number) {}

  /** The worker's step, or the reason the kernels cannot run here. */
  static create(init: SampleInit): SampleSteps | string {
    const kernel = estimatorOf({ estimator: init.estimator }).kernel;
    if (!kernel) return `the ${init.estimator} estimator has no wasm kernel step`;
    // As KernelEngine.create, less the validation set (the main thread validates).
    const own = kernel.ownRows;
    const rows = init.to - init.from;
    const path = createKernelEnergyPath(init.layout, rows, own ? [] : init.train, own ? [] : init.lists, [], init.std, init.alpha);
    if (typeof path === 'string') return path;
    const step = kernel.create({ path, layout: init.layout, train: init.train, batches: init.lists, std: init.std, terms: init.terms, forces: init.forces });
    return new SampleSteps(step, init.from, init.to);
  }

  /** This worker's share of the step the main thread takes on batch bi from the Rng state `rng`. */
  share(x: Float32Array, bi: number, rng: RngState): SampleShare {
    return this.step.share(x, bi, new Rng(rng), this.from, this.to);
  }
}
