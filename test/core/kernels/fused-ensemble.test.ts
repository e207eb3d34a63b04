/**
 * The fused deep ensemble (every layer one block-diagonal product over all members) against the members
 * trained one by one (a one-member path per member: no fusion at all): the ensemble's loss is Σ_m RMSE_m of
 * independent members, so member m's loss and every element of its gradient must be what its own network
 * gives, to float32 rounding (the wide layer 0 may group its sums differently). Widths that fill the
 * four-lane groups and widths that do not, energies only and with forces, bootstrap and heteroscedastic members.
 */
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { selectBackend } from '../../../src/core/backend/select-backend';
import { KernelEnergyPath } from '../../../src/core/kernels/energy-path';
import { MlpKernel } from '../../../src/core/kernels/mlp-kernel';
import { EnsembleModel } from '../../../src/core/models/ensemble';
import type { PreparedData } from '../../../src/core/training/prepare';
import { ELEMENTS, tio2Prepared } from '../training/tio2-sample';

let energyData: PreparedData;
let forceData: PreparedData;
before(async () => {
  await selectBackend({ backend: 'wasm' });
  energyData = tio2Prepared(30, false).data;
  forceData = tio2Prepared(20, true).data;
});

function kernel(): MlpKernel {
  const k = MlpKernel.create();
  if (typeof k === 'string') throw new Error(k);
  return k;
}

const cases = [
  { name: '6 members 2×15', hidden: [15, 15], members: 6, forces: false, bootstrap: false, heteroscedastic: false },
  { name: '3 members 10-7-5, bootstrap weights', hidden: [10, 7, 5], members: 3, forces: false, bootstrap: true, heteroscedastic: false },
  { name: '4 heteroscedastic members 2×9', hidden: [9, 9], members: 4, forces: false, bootstrap: false, heteroscedastic: true },
  { name: '3 members 2×15 with forces (α = 0.3)', hidden: [15, 15], members: 3, forces: true, bootstrap: false, heteroscedastic: false },
  { name: '3 members 6-5-3 with forces and bootstrap weights', hidden: [6, 5, 3], members: 3, forces: true, bootstrap: true, heteroscedastic: false },
];

for (const c of cases) {
  test(`fused ensemble equals its members trained alone (loss and every gradient element): ${c.name}`, () => {
    const data = c.forces ? forceData : energyData;
    const M = c.members;
    const model = new EnsembleModel({ kind: 'ensemble', elements: ELEMENTS, dims: [16, 16], hidden: c.hidden, activation: 'tanh', members: M, seed: 11, heteroscedastic: c.heteroscedastic });
    const train = c.forces ? data.train.map((s, i) => (i % 3 === 1 ? { ...s, forces: null } : s)) : data.train;
    const batches = [train.slice(0, 7).map((_, i) => i), train.slice(7, 16).map((_, i) => 7 + i)];
    const alpha = c.forces ? 0.3 : null;
    const weights = c.bootstrap ? Array.from({ length: M }, (_, m) => Float32Array.from(train, (_, i) => (i * 5 + m * 3) % 4)) : null;
    const P = model.layout.size;
    const theta = model.exportParams().theta;
    const fused = new KernelEnergyPath(kernel(), model.layout, M, train, batches, [], data.std, alpha);
    const alone = Array.from({ length: M }, () => new KernelEnergyPath(kernel(), model.layout, 1, train, batches, [], data.std, alpha));
    for (let bi = 0; bi < batches.length; bi++) {
      const grad = new Float32Array(M * P);
      const loss = fused.step(theta, bi, grad, weights);
      for (let m = 0; m < M; m++) {
        const g1 = new Float32Array(P);
        const l1 = alone[m].step(theta.subarray(m * P, (m + 1) * P), bi, g1, weights ? [weights[m]] : null);
        assert.ok(Math.abs(loss.perRow[m] - l1.perRow[0]) <= 1e-6 * Math.abs(l1.perRow[0]), `batch ${bi} member ${m} loss: fused ${loss.perRow[m]} vs alone ${l1.perRow[0]}`);
        let scale = 0;
        for (const g of g1) scale = Math.max(scale, Math.abs(g));
        assert.ok(scale > 0);
        for (let i = 0; i < P; i++) {
          assert.ok(Math.abs(grad[m * P + i] - g1[i]) <= 1e-5 * scale, `batch ${bi} member ${m} ∂/∂θ[${i}]: fused ${grad[m * P + i]} vs alone ${g1[i]} (max |g| ${scale})`);
        }
      }
    }
    model.dispose();
  });
}
