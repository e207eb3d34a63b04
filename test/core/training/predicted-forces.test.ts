/**
 * Predicted forces are −∂E/∂R: compared with central finite differences of the energy evaluated in
 * float64 (descriptors recomputed at displaced positions, the network evaluated independently in
 * float64 from the same parameter rows), to 1e-4 of the largest force component.
 */
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { selectBackend } from '../../../src/core/backend/select-backend';
import { featurize } from '../../../src/core/descriptors/featurize';
import { BnnModel } from '../../../src/core/estimators/bnn-model';
import { createModel } from '../../../src/core/estimators/create-model';
import type { ModelSpec, PotentialModel } from '../../../src/core/models/potential';
import { predictSamples } from '../../../src/core/training/evaluate';
import type { PreparedData } from '../../../src/core/training/prepare';
import { Rng } from '../../../src/core/rng';
import type { Structure } from '../../../src/core/structures/types';
import { energyFloat64 } from '../models/float64-reference';
import { ELEMENTS, smallSetups, tio2Prepared } from './tio2-sample';

let data: PreparedData;
let structures: Structure[];
before(async () => {
  await selectBackend({ backend: 'wasm' });
  const p = tio2Prepared(12, true);
  data = p.data;
  structures = p.structures;
});

function rowsOf(model: PotentialModel, samples: number, seed: number): Float32Array[] {
  const P = model.layout.size;
  let flat: Float32Array;
  if (model instanceof BnnModel) {
    const t = model.sampleWeightSets(samples, new Rng(seed)).theta;
    flat = t.dataSync() as Float32Array;
    t.dispose();
  } else {
    flat = model.exportParams().theta;
  }
  return Array.from({ length: flat.length / P }, (_, r) => flat.subarray(r * P, (r + 1) * P));
}

function checkFiniteDifferences(spec: ModelSpec, samples: number): void {
  const model = createModel(spec);
  const seed = 21;
  const sample = data.test[0];
  const [pred] = predictSamples(model, [sample], data.std, data.norm, { forces: true, samples, seed, ddof: 1 });
  assert.ok(pred.forces, 'forces predicted');
  const rows = rowsOf(model, samples, seed);
  const s = structures.find((x) => x.name === sample.name)!;
  const meanEnergyEv = (positions: Float64Array) => {
    const d = featurize({ ...s, positions }, smallSetups());
    return rows.reduce((a, r) => a + energyFloat64(r, model.layout, d, sample.element, data.std), 0) / rows.length / data.norm.scale;
  };
  const h = 1e-5;
  const fd: number[] = [];
  const idx: number[] = [];
  for (const atom of [0, 1, s.species.length - 1]) {
    for (let c = 0; c < 3; c++) {
      const k = atom * 3 + c;
      const plus = s.positions.slice(); plus[k] += h;
      const minus = s.positions.slice(); minus[k] -= h;
      fd.push(-(meanEnergyEv(plus) - meanEnergyEv(minus)) / (2 * h));
      idx.push(k);
    }
  }
  const scale = Math.max(...pred.forces.mu.map(Math.abs));
  assert.ok(scale > 1e-3);
  idx.forEach((k, j) => assert.ok(Math.abs(pred.forces!.mu[k] - fd[j]) <= 1e-4 * scale, `component ${k}: predicted ${pred.forces!.mu[k]}, finite difference ${fd[j]}`));
  model.dispose();
}

const base = { elements: ELEMENTS, dims: [16, 16], hidden: [15, 15], activation: 'tanh' as const, seed: 5, priorScale: 0.2, qScale: 0.02 };

test('deterministic network: predicted forces equal −∂E/∂R (float64 finite differences)', () => {
  checkFiniteDifferences({ ...base, kind: 'deterministic', members: 1 }, 1);
});

test('3-member ensemble: mean predicted forces equal −∂(mean E)/∂R', () => {
  checkFiniteDifferences({ ...base, kind: 'ensemble', members: 3 }, 1);
});

test('BNN (Gaussian posterior, 4 weight samples): mean forces equal −∂(mean E)/∂R', () => {
  checkFiniteDifferences({ ...base, kind: 'bnn', members: 1, estimator: 'lrt' }, 4);
});

test('BNN (radial posterior, 4 weight samples): mean forces equal −∂(mean E)/∂R', () => {
  checkFiniteDifferences({ ...base, kind: 'bnn', members: 1, estimator: 'radial' }, 4);
});
