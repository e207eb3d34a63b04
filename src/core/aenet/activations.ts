/**
 * aenet's activation functions (feedforward.f90 ff_activate), value and derivative together.
 * mtanh and twist are LeCun's scaled tanh, f(±1) = ±1, twist adding a small linear term so the
 * derivative never vanishes.
 */
import type { AenetActivation } from './types';

const A = 1.7159;
// aenet writes 2/3 as this literal; using it keeps results identical to the last digit.
const B = 0.666666666666667;
const C = 0.1;

/** Applies `f` in place to `z[0..n)` and writes f'(z) into `dz` (when given). */
export function activate(f: AenetActivation, z: Float64Array, n: number, dz: Float64Array | null): void {
  switch (f) {
    case 'linear':
      if (dz) dz.fill(1, 0, n);
      return;
    case 'tanh':
      for (let i = 0; i < n; i++) {
        const y = Math.tanh(z[i]);
        z[i] = y;
        if (dz) dz[i] = 1 - y * y;
      }
      return;
    case 'sigmoid':
      for (let i = 0; i < n; i++) {
        const y = 1 / (1 + Math.exp(-z[i]));
        z[i] = y;
        if (dz) dz[i] = y * (1 - y);
      }
      return;
    case 'mtanh':
      for (let i = 0; i < n; i++) {
        const t = Math.tanh(B * z[i]);
        z[i] = A * t;
        if (dz) dz[i] = A * (1 - t * t) * B;
      }
      return;
    case 'twist':
      for (let i = 0; i < n; i++) {
        const x = z[i];
        const t = Math.tanh(B * x);
        z[i] = A * t + C * x;
        if (dz) dz[i] = A * (1 - t * t) * B + C;
      }
      return;
  }
}
