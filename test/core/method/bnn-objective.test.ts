/**
 * The BNN objective per KL weighting and likelihood (src/core/method/bnn-objective.ts), on a batch small
 * enough to work by hand: K = 1, two structures of 2 and 4 atoms, predicted normalised energies 3 and 5
 * against 1 and 2, σ_obs 0.5, KL 5, N_train 10; with forces one atom's error (1, 0, 0) at σ_F 1.
 */
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from '../../../src/core/backend/select-backend';
import type { Batch } from '../../../src/core/data/batch';
import type { KlWeighting, BnnLikelihood } from '../../../src/core/method/names';
import type { ForwardResult } from '../../../src/core/models/potential';
import { bnnLoss } from '../../../src/core/training/losses';

before(async () => { await selectBackend({ backend: 'cpu' }); });

const LOG_NORM = (s: number) => Math.log(s) + 0.5 * Math.log(2 * Math.PI);

function loss(weighting: KlWeighting, likelihood: BnnLikelihood, forces: boolean, alpha = 0.1): { total: number; data: number; kl: number } {
  return tf.tidy(() => {
    const batch = {
      size: 2, energy: tf.tensor1d([1, 2]), invAtoms: tf.tensor1d([0.5, 0.25]),
      forceTarget: forces ? tf.zeros([1, 3]) : null,
    } as unknown as Batch;
    const out = { energy: tf.tensor2d([[3, 5]]), kl: tf.scalar(5), forces: forces ? tf.tensor3d([[[1, 0, 0]]]) : null } as unknown as ForwardResult;
    const p = bnnLoss(out, batch, { alpha: forces ? alpha : 0, sigmaEnergy: 0.5, sigmaForces: 1, weighting, likelihood, nTrain: 10 });
    return { total: p.total.dataSync()[0], data: p.data.dataSync()[0], kl: p.kl.dataSync()[0] };
  });
}

const close = (a: number, b: number) => assert.ok(Math.abs(a - b) < 1e-5 * Math.max(1, Math.abs(b)), `${a} vs ${b}`);

test('total-energy likelihood: errors 2 and 3 → Σ NLL = (4 + 9)/(2·0.25) + 2·log(0.5·√2π); per atom: errors 1 and 0.75', () => {
  const totalNll = 13 / 0.5 + 2 * LOG_NORM(0.5);
  const perAtomNll = (1 + 0.5625) / 0.5 + 2 * LOG_NORM(0.5);
  close(loss('paper', 'total', false).total, totalNll + 0.5);
  close(loss('paper', 'per_atom', false).total, perAtomNll + 0.5);
  // Every weighting reports the mean NLL per structure and KL/N_train.
  close(loss('paper', 'total', false).data, totalNll / 2);
  close(loss('paper_v2', 'total', false).kl, 0.5);
});

test('weightings: paper Σ NLL + KL/N, standard Σ NLL/B + KL/N, paper_v2 (Σ NLL + KL)/N', () => {
  const nll = (1 + 0.5625) / 0.5 + 2 * LOG_NORM(0.5);
  close(loss('standard', 'per_atom', false).total, nll / 2 + 0.5);
  close(loss('paper_v2', 'per_atom', false).total, (nll + 5) / 10);
});

test('with forces: paper mixes (1 − α)·NLL_E + α·NLL_F; paper_v2 adds the two whole (a joint likelihood)', () => {
  const eTotal = 13 / 0.5 + 2 * LOG_NORM(0.5);
  const f = 0.5 + 3 * LOG_NORM(1);
  close(loss('paper_v2', 'total', true).total, (eTotal + f + 5) / 10);
  const ePerAtom = (1 + 0.5625) / 0.5 + 2 * LOG_NORM(0.5);
  close(loss('paper', 'per_atom', true, 0.1).total, 0.9 * ePerAtom + 0.1 * f + 0.5);
});
