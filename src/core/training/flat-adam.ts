/**
 * Adam of ./adam.ts (PyTorch's definition, element-wise clip first) on one flat Float32Array of
 * parameters, for the kernel path whose θ never enters tfjs during an epoch. Moments are stored in f32
 * like the tfjs version's tensors and its state has the same shape, so checkpoints move between the two.
 */
import type { AdamOptions, AdamState } from './adam';

export class FlatAdam {
  private step = 0;
  private readonly m: Float32Array;
  private readonly v: Float32Array;

  /** `sizes`: the tfjs variables this vector concatenates (θ; or μ then ρ), for the state's shape. */
  constructor(private readonly sizes: readonly number[], private o: AdamOptions) {
    this.o = { ...o };
    const n = sizes.reduce((a, b) => a + b, 0);
    this.m = new Float32Array(n);
    this.v = new Float32Array(n);
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
    const lim = clip !== null && clip > 0 ? clip : Infinity;
    const lr = learningRate / c1;
    const { m, v } = this;
    for (let i = 0; i < x.length; i++) {
      let g = Math.min(lim, Math.max(-lim, grad[i]));
      if (weightDecay > 0) g += x[i] * weightDecay;
      const mi = (m[i] = beta1 * m[i] + (1 - beta1) * g);
      const vi = (v[i] = beta2 * v[i] + (1 - beta2) * g * g);
      x[i] -= (mi * lr) / (Math.sqrt(vi) / c2 + epsilon);
    }
  }

  state(): AdamState {
    const parts = (a: Float32Array) => { let o = 0; return this.sizes.map((n) => a.slice(o, (o += n))); };
    return { step: this.step, m: parts(this.m), v: parts(this.v) };
  }

  restore(s: AdamState): void {
    this.step = s.step;
    let o = 0;
    this.sizes.forEach((n, i) => { this.m.set(s.m[i], o); this.v.set(s.v[i], o); o += n; });
  }

  dispose(): void {
    // Plain arrays: nothing to free; present so the trainer treats both optimisers alike.
  }
}
