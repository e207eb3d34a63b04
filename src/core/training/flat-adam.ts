/**
 * Adam of ./adam.ts (PyTorch's definition, element-wise clip first) on one flat Float32Array of
 * parameters, for the kernel path whose θ never enters tfjs during an epoch. The step runs in the wasm
 * SIMD kernels (mlp.wat's adam) in f32 with the tf ops' order of operations, so it gives the tfjs
 * optimiser's bits at a fraction of a JS loop's cost (an ensemble updates M·P parameters every batch).
 * Moments live in kernel memory; the state has the tfjs version's shape, so checkpoints move between the two.
 */
import { MlpKernel } from '../kernels/mlp-kernel';
import type { AdamOptions, AdamState } from './adam';

export class FlatAdam {
  private step = 0;
  private readonly n: number;
  private readonly k: MlpKernel;
  /** Byte addresses in the kernel memory of x, the gradient and the moments m, v (n floats each, padded to 4). */
  private readonly at: { x: number; g: number; m: number; v: number };

  /** `sizes`: the tfjs variables this vector concatenates (θ; or μ then ρ), for the state's shape. */
  constructor(private readonly sizes: readonly number[], private o: AdamOptions) {
    this.o = { ...o };
    this.n = sizes.reduce((a, b) => a + b, 0);
    const k = MlpKernel.create();
    if (typeof k === 'string') throw new Error(k);
    this.k = k;
    this.at = { x: k.alloc(this.n), g: k.alloc(this.n), m: k.alloc(this.n), v: k.alloc(this.n) };
  }

  get learningRate(): number {
    return this.o.learningRate;
  }

  set learningRate(lr: number) {
    this.o.learningRate = lr;
  }

  /** One update of `x` in place from its gradient. */
  apply(x: Float32Array, grad: Float32Array): void {
    this.step++;
    const { beta1, beta2, epsilon, weightDecay, clip, learningRate } = this.o;
    const c1 = 1 - Math.pow(beta1, this.step);
    const c2 = Math.sqrt(1 - Math.pow(beta2, this.step));
    const { k, at, n } = this;
    const f = k.f32;
    f.set(x.subarray(0, n), at.x / 4);
    f.set(grad.subarray(0, n), at.g / 4);
    k.k.adam(at.x, at.g, at.m, at.v, Math.ceil(n / 4), beta1, 1 - beta1, beta2, 1 - beta2, learningRate / c1, c2, epsilon,
      clip !== null && clip > 0 ? clip : Infinity, weightDecay > 0 ? 1 : 0, weightDecay);
    x.set(f.subarray(at.x / 4, at.x / 4 + n));
  }

  state(): AdamState {
    const f = this.k.f32;
    const parts = (a: number) => { let o = a / 4; return this.sizes.map((n) => f.slice(o, (o += n))); };
    return { step: this.step, m: parts(this.at.m), v: parts(this.at.v) };
  }

  restore(s: AdamState): void {
    this.step = s.step;
    const f = this.k.f32;
    let o = 0;
    this.sizes.forEach((n, i) => { f.set(s.m[i], this.at.m / 4 + o); f.set(s.v[i], this.at.v / 4 + o); o += n; });
  }

  dispose(): void {
    // Kernel memory goes with the instance; present so the trainer treats both optimisers alike.
  }
}
