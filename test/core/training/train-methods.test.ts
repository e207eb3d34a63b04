/**
 * Acceptance: real networks trained on 60 real TiO2 structures for a few epochs, for every method, with
 * and without forces. Each run must lower its loss, report the KL term apart from the data term (BNN),
 * give σ > 0 that varies across structures (not for a single deterministic network, whose σ is 0),
 * keep the tensor count flat across epochs, and repeat bit for bit with the same seed on the same backend.
 */
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from '../../../src/core/backend/select-backend';
import { createModel } from '../../../src/core/estimators/create-model';
import type { ModelSpec } from '../../../src/core/models/potential';
import { predictSamples } from '../../../src/core/training/evaluate';
import type { PreparedData } from '../../../src/core/training/prepare';
import type { BnnTrainingOptions } from '../../../src/core/training/options';
import { Trainer, type EpochStats } from '../../../src/core/training/trainer';
import { ELEMENTS, tio2Prepared } from './tio2-sample';

const datasets: Record<'energy' | 'forces', PreparedData | null> = { energy: null, forces: null };
before(async () => {
  await selectBackend({ backend: 'wasm' });
  datasets.energy = tio2Prepared(60, false).data;
  datasets.forces = tio2Prepared(60, true).data;
});

const base = { elements: ELEMENTS, dims: [16, 16], hidden: [15, 15], activation: 'tanh' as const, seed: 11 };
const bnnSpec = { priorScale: 0.2, qScale: 1e-3 };
const bnnTrain: BnnTrainingOptions = { sigmaEnergy: 0.1, sigmaForces: 0.3, weighting: 'paper', trainSamples: 1, predictSamples: 10 };

const methods: [string, ModelSpec, BnnTrainingOptions | null][] = [
  ['deterministic', { ...base, kind: 'deterministic', members: 1 }, null],
  ['ensemble (3 members)', { ...base, kind: 'ensemble', members: 3 }, null],
  ['BNN LRT', { ...base, ...bnnSpec, kind: 'bnn', members: 1, estimator: 'lrt' }, bnnTrain],
  ['BNN Flipout', { ...base, ...bnnSpec, kind: 'bnn', members: 1, estimator: 'flipout' }, bnnTrain],
  ['BNN radial', { ...base, ...bnnSpec, kind: 'bnn', members: 1, estimator: 'radial' }, bnnTrain],
];

interface Outcome { stats: EpochStats[]; sigmas: number[]; tensorsPerEpoch: number[] }

function run(spec: ModelSpec, bnn: BnnTrainingOptions | null, data: PreparedData, forces: boolean, epochs: number): Outcome {
  const model = createModel(spec);
  const trainer = new Trainer(model, data.train, data.validation, data.std, {
    batchSize: 16, adam: { learningRate: 3e-3, beta1: bnn ? 0.95 : 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0, clip: 15 },
    alpha: forces ? 0.1 : 0, patience: null, minDelta: 0, seed: 3, bnn, bootstrap: false, energyScale: data.norm.scale,
  });
  const stats: EpochStats[] = [];
  const tensorsPerEpoch: number[] = [];
  for (let e = 0; e < epochs; e++) {
    stats.push(trainer.runEpoch());
    tensorsPerEpoch.push(tf.memory().numTensors);
  }
  trainer.restoreBest();
  const preds = predictSamples(model, data.test, data.std, data.norm, { forces, samples: 10, seed: 1, ddof: bnn ? 1 : 0 });
  trainer.dispose();
  model.dispose();
  return { stats, sigmas: preds.map((p) => p.energy.sigma / p.nAtoms), tensorsPerEpoch };
}

for (const forces of [false, true]) {
  for (const [name, spec, bnn] of methods) {
    test(`${name}, ${forces ? 'energies and forces (α = 0.1)' : 'energy only'}: trains, reports, repeats`, () => {
      const data = datasets[forces ? 'forces' : 'energy']!;
      const epochs = 5;
      const a = run(spec, bnn, data, forces, epochs);
      const first = a.stats[0];
      const last = a.stats[epochs - 1];
      assert.ok(last.trainLoss < first.trainLoss, `loss falls: ${first.trainLoss} → ${last.trainLoss}`);
      assert.ok(a.stats.every((s) => Number.isFinite(s.dataTerm) && Number.isFinite(s.valEnergyRmse)));
      if (bnn) {
        assert.ok(a.stats.every((s) => s.klTerm > 0), 'KL term positive');
        assert.ok(a.stats.every((s) => Math.abs(s.trainLoss - (s.dataTerm + s.klTerm)) < 1e-9 * Math.abs(s.trainLoss) + 1e-12), 'loss = data + KL, reported apart');
      } else {
        assert.ok(a.stats.every((s) => s.klTerm === 0));
      }
      if (forces) assert.ok(a.stats.every((s) => s.valForceRmse !== undefined && s.valForceRmse > 0));
      if (spec.kind === 'deterministic') {
        assert.ok(a.sigmas.every((s) => s === 0), 'one network: no spread');
      } else {
        assert.ok(a.sigmas.every((s) => s > 0), 'σ > 0');
        assert.ok(Math.max(...a.sigmas) > Math.min(...a.sigmas) * 1.05, `σ varies across structures: ${a.sigmas.map((s) => s.toExponential(2)).join(' ')}`);
      }
      if (spec.kind === 'ensemble') assert.equal(a.stats[0].members?.length, 3);
      assert.ok(a.tensorsPerEpoch.every((n) => n === a.tensorsPerEpoch[0]), `tensor count flat: ${a.tensorsPerEpoch.join(' ')}`);
      const b = run(spec, bnn, data, forces, 2);
      for (let e = 0; e < 2; e++) {
        assert.equal(b.stats[e].trainLoss, a.stats[e].trainLoss, 'same seed, same backend: identical loss');
        assert.equal(b.stats[e].valEnergyRmse, a.stats[e].valEnergyRmse);
      }
    });
  }
}
