/**
 * Forward pass of an aenet feed-forward network in float64 and, on request, the gradient of its single
 * output with respect to the input (reverse mode). Work buffers are allocated once per network, so
 * evaluating thousands of atoms allocates nothing.
 */
import { activate } from './activations';
import type { AenetNetwork } from './types';

export class NetworkEvaluator {
  private readonly net: AenetNetwork;
  /** Layer outputs, input layer first. */
  private readonly values: Float64Array[];
  /** f'(z) of every layer after the input. */
  private readonly slopes: Float64Array[];
  private readonly delta: Float64Array[];

  constructor(net: AenetNetwork) {
    this.net = net;
    this.values = net.nodes.map((n) => new Float64Array(n));
    this.slopes = net.nodes.map((n) => new Float64Array(n));
    this.delta = net.nodes.map((n) => new Float64Array(n));
  }

  get inputSize(): number { return this.net.nodes[0]; }

  /**
   * The output for the input x[offset … offset + inputSize). With `gradOut`, also writes
   * ∂y/∂x into gradOut[0 … inputSize).
   */
  evaluate(x: Float64Array, offset: number, gradOut?: Float64Array): number {
    const { nodes, weights, activations } = this.net;
    const L = nodes.length;
    const wantGrad = gradOut !== undefined;
    const v0 = this.values[0];
    for (let k = 0; k < nodes[0]; k++) v0[k] = x[offset + k];
    for (let l = 0; l < L - 1; l++) {
      const nin = nodes[l];
      const nout = nodes[l + 1];
      const W = weights[l];
      const inp = this.values[l];
      const out = this.values[l + 1];
      const stride = nin + 1;
      for (let j = 0; j < nout; j++) {
        const row = j * stride;
        let s = W[row + nin]; // bias
        for (let k = 0; k < nin; k++) s += W[row + k] * inp[k];
        out[j] = s;
      }
      activate(activations[l], out, nout, wantGrad ? this.slopes[l + 1] : null);
    }
    const y = this.values[L - 1][0];
    if (gradOut) this.backward(gradOut);
    return y;
  }

  private backward(gradOut: Float64Array): void {
    const { nodes, weights } = this.net;
    const L = nodes.length;
    let d = this.delta[L - 1];
    d[0] = this.slopes[L - 1][0];
    for (let l = L - 2; l >= 0; l--) {
      const nin = nodes[l];
      const nout = nodes[l + 1];
      const W = weights[l];
      const stride = nin + 1;
      const prev = l === 0 ? gradOut : this.delta[l];
      prev.fill(0, 0, nin);
      for (let j = 0; j < nout; j++) {
        const dj = d[j];
        if (dj === 0) continue;
        const row = j * stride;
        for (let k = 0; k < nin; k++) prev[k] += W[row + k] * dj;
      }
      if (l > 0) {
        const sl = this.slopes[l];
        for (let k = 0; k < nin; k++) prev[k] *= sl[k];
        d = prev;
      }
    }
  }
}
