/**
 * Adam as PyTorch defines it (L2 weight decay added to the gradient, bias-corrected moments), with
 * every gradient element clipped to ±clip first (methods.md §5: the paper clips at 15). Written with tf
 * ops so its state is plain tensors we can checkpoint and restore exactly.
 */
import * as tf from '@tensorflow/tfjs-core';

export interface AdamOptions {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  weightDecay: number;
  clip: number | null;
}

export interface AdamState {
  step: number;
  m: Float32Array[];
  v: Float32Array[];
}

export class Adam {
  private step = 0;
  private readonly m: tf.Variable[];
  private readonly v: tf.Variable[];

  constructor(private readonly vars: tf.Variable[], private o: AdamOptions) {
    this.o = { ...o };
    this.m = vars.map((x) => tf.tidy(() => tf.variable(tf.zerosLike(x), false)));
    this.v = vars.map((x) => tf.tidy(() => tf.variable(tf.zerosLike(x), false)));
  }

  get learningRate(): number {
    return this.o.learningRate;
  }

  set learningRate(lr: number) {
    this.o.learningRate = lr;
  }

  apply(grads: tf.Tensor[]): void {
    this.step++;
    const { beta1, beta2, epsilon, weightDecay, clip, learningRate } = this.o;
    const c1 = 1 - Math.pow(beta1, this.step);
    const c2 = Math.sqrt(1 - Math.pow(beta2, this.step));
    tf.tidy(() => {
      this.vars.forEach((x, i) => {
        let g = grads[i];
        if (clip !== null && clip > 0) g = tf.clipByValue(g, -clip, clip);
        if (weightDecay > 0) g = tf.add(g, tf.mul(x, weightDecay));
        const m = tf.add(tf.mul(this.m[i], beta1), tf.mul(g, 1 - beta1));
        const v = tf.add(tf.mul(this.v[i], beta2), tf.mul(tf.square(g), 1 - beta2));
        this.m[i].assign(m);
        this.v[i].assign(v);
        x.assign(tf.sub(x, tf.div(tf.mul(m, learningRate / c1), tf.add(tf.div(tf.sqrt(v), c2), epsilon))));
      });
    });
  }

  state(): AdamState {
    return { step: this.step, m: this.m.map((t) => t.dataSync() as Float32Array), v: this.v.map((t) => t.dataSync() as Float32Array) };
  }

  restore(s: AdamState): void {
    this.step = s.step;
    tf.tidy(() => {
      this.m.forEach((t, i) => t.assign(tf.tensor(s.m[i], t.shape)));
      this.v.forEach((t, i) => t.assign(tf.tensor(s.v[i], t.shape)));
    });
  }

  dispose(): void {
    [...this.m, ...this.v].forEach((t) => t.dispose());
  }
}
