/**
 * One range of ensemble members trained on the kernels: its own kernel path and flat Adam. The main thread
 * runs the first range with this class, each worker (./member-worker.ts) one other range, so every thread
 * executes the same code on its members.
 */
import { createKernelEnergyPath, type KernelEnergyPath } from '../../kernels/energy-path';
import type { AdamState } from '../adam';
import { FlatAdam } from '../flat-adam';
import type { MemberInit } from './member-protocol';

export class MemberSteps {
  private readonly adam: FlatAdam;
  private readonly grad: Float32Array;
  private readonly members: number;
  private readonly counts: Float32Array[] | null;

  /** Keeps no reference to the samples: once their rows are in kernel memory they can be collected. */
  private constructor(private readonly path: KernelEnergyPath, init: MemberInit) {
    const n = init.members * init.layout.size;
    this.adam = new FlatAdam([n], init.adam);
    this.grad = new Float32Array(n);
    this.members = init.members;
    this.counts = init.counts;
  }

  /** The steps of a range, or the reason the kernels cannot run here. */
  static create(init: MemberInit): MemberSteps | string {
    const path = createKernelEnergyPath(init.layout, init.members, init.train, init.lists, [], init.std, init.alpha);
    return typeof path === 'string' ? path : new MemberSteps(path, init);
  }

  /**
   * The batches in `order`, θ [members·P] updated in place; returns the members' losses per batch,
   * [batch][member] in order.
   */
  epoch(theta: Float32Array, order: readonly number[], learningRate: number): Float64Array {
    this.adam.learningRate = learningRate;
    const M = this.members;
    const perRow = new Float64Array(order.length * M);
    order.forEach((bi, k) => {
      const loss = this.path.step(theta, bi, this.grad, this.counts);
      perRow.set(loss.perRow, k * M);
      this.adam.apply(theta, this.grad);
    });
    return perRow;
  }

  get learningRate(): number { return this.adam.learningRate; }
  set learningRate(lr: number) { this.adam.learningRate = lr; }
  state(): AdamState { return this.adam.state(); }
  restore(s: AdamState): void { this.adam.restore(s); }
}
