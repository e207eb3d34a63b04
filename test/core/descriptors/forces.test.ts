import { test } from 'node:test';
import assert from 'node:assert/strict';
import { featurize } from '../../../src/core/descriptors';
import type { ChebyshevSetup, StructureDescriptors } from '../../../src/core/descriptors';
import type { Structure } from '../../../src/core/structures/types';
import { referenceSetups, referenceStructure, byName } from './reference-fixture';
import { ethanol, setupsFor, displaced } from './structures-for-tests';
import { mulberry32 } from '../../helpers/mulberry32';

/** A tiny float64 MLP per element, D → 8 → 8 → 1 with tanh, written out so its gradient is exact. */
class Mlp {
  private layers: { w: Float64Array; b: Float64Array; nin: number; nout: number }[] = [];
  constructor(sizes: number[], rand: () => number) {
    for (let l = 0; l + 1 < sizes.length; l++) {
      const nin = sizes[l], nout = sizes[l + 1];
      const w = Float64Array.from({ length: nin * nout }, () => (2 * rand() - 1) / Math.sqrt(nin));
      const b = Float64Array.from({ length: nout }, () => 0.2 * (2 * rand() - 1));
      this.layers.push({ w, b, nin, nout });
    }
  }
  /** Energy and dE/dx at input x. */
  run(x: Float64Array): { e: number; grad: Float64Array } {
    const acts: Float64Array[] = [x];
    for (let l = 0; l < this.layers.length; l++) {
      const { w, b, nin, nout } = this.layers[l];
      const a = acts[l], z = new Float64Array(nout);
      for (let o = 0; o < nout; o++) {
        let s = b[o];
        for (let k = 0; k < nin; k++) s += w[o * nin + k] * a[k];
        z[o] = l + 1 < this.layers.length ? Math.tanh(s) : s;
      }
      acts.push(z);
    }
    let delta = Float64Array.of(1);
    for (let l = this.layers.length - 1; l >= 0; l--) {
      const { w, nin, nout } = this.layers[l];
      const prev = new Float64Array(nin);
      for (let o = 0; o < nout; o++) for (let k = 0; k < nin; k++) prev[k] += w[o * nin + k] * delta[o];
      if (l > 0) for (let k = 0; k < nin; k++) prev[k] *= 1 - acts[l][k] * acts[l][k];
      delta = prev;
    }
    return { e: acts[acts.length - 1][0], grad: delta };
  }
}

// Descriptors are divided by 10 before the network so tanh is not saturated (values reach ~40).
const INPUT_SCALE = 0.1;

function energy(s: Structure, setups: ChebyshevSetup[], nets: Map<string, Mlp>, d?: StructureDescriptors): { e: number; dEdG: Float64Array } {
  d ??= featurize(s, setups);
  const dEdG = new Float64Array(d.values.length);
  let e = 0;
  for (let i = 0; i < d.n; i++) {
    const x = d.values.slice(d.offsets[i], d.offsets[i + 1]).map((v) => v * INPUT_SCALE);
    const r = nets.get(s.species[i])!.run(x);
    e += r.e;
    for (let n = 0; n < d.dims[i]; n++) dEdG[d.offsets[i] + n] = r.grad[n] * INPUT_SCALE;
  }
  return { e, dEdG };
}

/** F_k = −Σ_i Σ_n dE/dG_i[n] · ∂G_i[n]/∂R_k, straight from the sparse Jacobian blocks. */
function forces(d: StructureDescriptors, dEdG: Float64Array): Float64Array {
  const J = d.jacobian!;
  const F = new Float64Array(3 * d.n);
  for (let i = 0; i < d.n; i++) {
    const D = d.dims[i];
    for (let p = J.pairStart[i]; p < J.pairStart[i + 1]; p++) {
      const k = J.pairAtom[p], b = J.blockStart[p];
      for (let c = 0; c < 3; c++) {
        let s = 0;
        for (let n = 0; n < D; n++) s += dEdG[d.offsets[i] + n] * J.values[b + c * D + n];
        F[3 * k + c] -= s;
      }
    }
  }
  return F;
}

function checkForces(s: Structure, setups: ChebyshevSetup[], seed: number): void {
  const rand = mulberry32(seed);
  const nets = new Map(setups.map((x) => {
    const D = featurize(s, setups).dims[s.species.indexOf(x.element)];
    return [x.element, new Mlp([D, 8, 8, 1], rand)] as const;
  }));
  const d = featurize(s, setups, { derivatives: true });
  const F = forces(d, energy(s, setups, nets, d).dEdG);
  const h = 1e-4;
  let worst = 0, fmax = 0;
  for (let k = 0; k < d.n; k++) {
    for (let c = 0; c < 3; c++) {
      const fd = -(energy(displaced(s, k, c, h), setups, nets).e - energy(displaced(s, k, c, -h), setups, nets).e) / (2 * h);
      worst = Math.max(worst, Math.abs(fd - F[3 * k + c]));
      fmax = Math.max(fmax, Math.abs(fd));
    }
  }
  assert.ok(fmax > 1e-3, 'forces must not all vanish');
  assert.ok(worst <= 1e-6 * fmax, `force error ${worst} vs largest force ${fmax}`);
}

test('forces from the Jacobian are the exact gradient of a random MLP energy: periodic TiO2 (6-atom cell, many images)', () => {
  checkForces(referenceStructure(byName('structure1107.xsf')), referenceSetups(), 7);
});

test('forces from the Jacobian are the exact gradient of a random MLP energy: ethanol molecule (C, O, H)', () => {
  checkForces(ethanol(), setupsFor(['C', 'O', 'H'], [6.5, 20, 5.0, 6]), 11);
});
