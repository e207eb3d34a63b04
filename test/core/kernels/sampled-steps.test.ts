/**
 * The BNN kernel steps with their own kernel rows (LRT, Flipout; one table row each) against tfjs autograd
 * (an independent implementation of the same formulas) given the very noise, perturbations and signs the
 * kernels drew: the loss and its gradient with respect to every μ and ρ, for one and two samples, both KL
 * weightings and padded widths, energies alone and with forces through the descriptor Jacobian; and a
 * Trainer on the kernels that lowers its data term and repeats with the same seed.
 */
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from '../../../src/core/backend/select-backend';
import type { Standardisation } from '../../../src/core/descriptors/types';
import type { TrainingSample } from '../../../src/core/data/samples';
import { buildBatch, disposeBatch } from '../../../src/core/data/batch';
import { BnnModel } from '../../../src/core/estimators/bnn-model';
import type { BnnTerms } from '../../../src/core/kernels/bnn-parts';
import { KernelFlipoutStep } from '../../../src/core/kernels/flipout-step';
import { KernelLrtStep } from '../../../src/core/kernels/lrt-step';
import { MlpKernel } from '../../../src/core/kernels/mlp-kernel';
import { activations } from '../../../src/core/models/activation';
import { assemble } from '../../../src/core/models/assemble';
import { gaussianKl } from '../../../src/core/models/kl';
import { FlipoutLayer, LrtLayer, type Layer } from '../../../src/core/models/layers';
import type { ParamLayout, TensorSlot } from '../../../src/core/models/layout';
import { runElementMlp } from '../../../src/core/models/mlp';
import { elementLayers } from '../../../src/core/models/weight-sets';
import { Rng } from '../../../src/core/rng';
import { bnnLoss } from '../../../src/core/training/losses';
import type { PreparedData } from '../../../src/core/training/prepare';
import { Trainer } from '../../../src/core/training/trainer';
import { assertMatchesAutograd, bnnVector } from './bnn-kernel-check';
import { ELEMENTS, tio2Prepared } from '../training/tio2-sample';

type Step = KernelLrtStep | KernelFlipoutStep;
type Matrices = tf.Tensor[];
/** Layer l (weight slot wi) of element e for sample s: z from the layer input h, in tfjs ops. */
type EnergyLayer = (e: number, l: number, wi: number, h: tf.Tensor) => tf.Tensor;

interface EstimatorCase {
  name: 'LRT' | 'Flipout';
  /** "an LRT Trainer", "a Flipout Trainer". */
  article: string;
  estimator: 'lrt' | 'flipout';
  layerName: string;
  /** What the comparison takes from the kernels. */
  drawn: string;
  createStep(k: MlpKernel, layout: ParamLayout, train: readonly TrainingSample[], batches: number[][], std: readonly Standardisation[], o: BnnTerms, forceLoss?: { alpha: number; sigma: number }): Step;
  /** Pins on the draws themselves, after the energy step. */
  checkDraws?(step: Step): void;
  /** Inside the autograd scope: per sample s, the energy layers as the kernels ran them. */
  energyPass(model: BnnModel, step: Step, slots: readonly TensorSlot[], muParts: Matrices, P: number): (s: number) => EnergyLayer;
  /** Inside the autograd scope: the estimator's tfjs layer for K samples of element e's a rows. */
  forceLayers(model: BnnModel, step: Step, slots: readonly TensorSlot[], K: number, P: number): (e: number, a: number) => (w: number, b: number, l: number) => Layer;
}

const split = (row: tf.Tensor, slots: readonly TensorSlot[]) => tf.split(row, slots.map((t) => t.size), 1).map((t, i) => tf.reshape(t, [slots[i].rows, slots[i].cols]) as tf.Tensor2D);

const CASES: EstimatorCase[] = [
  {
    name: 'LRT', article: 'an', estimator: 'lrt', layerName: 'LrtLayer', drawn: 'noise',
    createStep: (k, layout, train, batches, std, o, forceLoss) => new KernelLrtStep(k, layout, train, batches, std, o, forceLoss ?? null),
    energyPass(model, step, slots, muParts) {
      const varParts = split(tf.exp(tf.mul(model.rho, 2)), slots);
      const lrt = step as KernelLrtStep;
      return (s) => (e, l, wi, h) => {
        const cols = slots[wi].cols, groups = Math.ceil(cols / 4);
        const eps = lrt.lastNoise(0, e, s, l);
        const n = eps.length / (4 * groups);
        const epsT = tf.slice(tf.tensor2d(eps, [n, 4 * groups]), [0, 0], [n, cols]);
        const m = tf.add(tf.matMul(h, muParts[wi]), muParts[wi + 1]);
        const v = tf.add(tf.matMul(tf.square(h), varParts[wi]), varParts[wi + 1]);
        return tf.add(m, tf.mul(tf.sqrt(v), epsT));
      };
    },
    forceLayers(model, step, slots, K) {
      const m = split(model.mu, slots), v = split(tf.exp(tf.mul(model.rho, 2)), slots);
      const lrt = step as KernelLrtStep;
      return (e, a) => (w, b, l) => {
        const cols = slots[w].cols, groups = Math.ceil(cols / 4);
        // The kernels' rows are the tfjs batch's rows (force structures first, in batch order).
        const eps = Array.from({ length: K }, (_, s) => tf.slice(tf.tensor2d(lrt.lastNoise(0, e, s, l), [a, 4 * groups]), [0, 0], [a, cols]));
        return new LrtLayer(m[w], m[b], v[w], v[b], tf.stack(eps) as tf.Tensor3D);
      };
    },
  },
  {
    name: 'Flipout', article: 'a', estimator: 'flipout', layerName: 'FlipoutLayer', drawn: 'perturbations and signs',
    createStep: (k, layout, train, batches, std, o, forceLoss) => new KernelFlipoutStep(k, layout, train, batches, std, o, forceLoss ?? null),
    checkDraws(step) {
      // The signs are ±1, about half of each (the comparison below uses them as drawn, so pin them here).
      for (const l of [0, 1]) {
        const { sIn, sOut } = (step as KernelFlipoutStep).lastSigns(0, 0, l, 0);
        for (const v of [...sIn, ...sOut]) assert.equal(Math.abs(v), 1);
        const share = [...sIn, ...sOut].filter((v) => v > 0).length / (sIn.length + sOut.length);
        assert.ok(share > 0.4 && share < 0.6, `share of +1: ${share}`);
      }
    },
    energyPass(model, step, slots, muParts, P) {
      const flip = step as KernelFlipoutStep;
      const eps = flip.lastNoise();
      return (s) => {
        const delta = tf.mul(tf.exp(model.rho), tf.tensor2d(eps.subarray(s * P, (s + 1) * P), [1, P]));
        const dParts = split(delta, slots);
        return (e, l, wi, h) => {
          const { rows: din, cols } = slots[wi];
          const sg = flip.lastSigns(e, s, l, 0);
          const n = h.shape[0];
          const sIn = tf.slice(tf.tensor2d(sg.sIn, [n, sg.inWidth]), [0, 0], [n, din]);
          const groups = Math.ceil(cols / 4);
          const sOut = tf.slice(tf.tensor2d(sg.sOut, [n, 4 * groups]), [0, 0], [n, cols]);
          const base = tf.add(tf.matMul(h, muParts[wi]), muParts[wi + 1]);
          const pert = tf.mul(tf.matMul(tf.mul(h, sIn), dParts[wi]), sOut);
          return tf.add(tf.add(base, pert), dParts[wi + 1]);
        };
      };
    },
    forceLayers(model, step, slots, K, P) {
      const flip = step as KernelFlipoutStep;
      const eps = flip.lastNoise();
      const m = split(model.mu, slots);
      const delta = slots.map((slot) => tf.stack(Array.from({ length: K }, (_, s) =>
        tf.mul(tf.exp(tf.reshape(tf.slice(model.rho, [0, slot.offset], [1, slot.size]), [slot.rows, slot.cols])), tf.tensor2d(eps.subarray(s * P + slot.offset, s * P + slot.offset + slot.size), [slot.rows, slot.cols])))) as tf.Tensor3D);
      return (e, a) => (w, b, l) => {
        const { rows: din, cols } = slots[w], groups = Math.ceil(cols / 4);
        const signs = Array.from({ length: K }, (_, s) => flip.lastSigns(e, s, l, 0));
        const sIn = tf.stack(signs.map((g) => tf.slice(tf.tensor2d(g.sIn, [a, g.inWidth]), [0, 0], [a, din]))) as tf.Tensor3D;
        const sOut = tf.stack(signs.map((g) => tf.slice(tf.tensor2d(g.sOut, [a, 4 * groups]), [0, 0], [a, cols]))) as tf.Tensor3D;
        return new FlipoutLayer(m[w], m[b], delta[w], delta[b], sIn, sOut);
      };
    },
  },
];

let data: PreparedData;
before(async () => {
  await selectBackend({ backend: 'wasm' });
  data = tio2Prepared(40, false).data;
});

for (const c of CASES) {
  // The likelihood over the total energy and the v2 weighting (method/bnn-objective.ts) ride on the same check.
  for (const [weighting, samples, hidden, likelihood] of [['paper', 2, [15, 15], 'per_atom'], ['standard', 1, [6, 5], 'per_atom'], ['paper', 2, [6, 5], 'total'], ['paper_v2', 2, [15, 15], 'total']] as const) {
    const on = likelihood === 'total' ? ', total-energy likelihood' : '';
    test(`${c.name} step (${weighting}, K = ${samples}, hidden ${hidden.join('×')}${on}) equals tfjs autograd with the kernels' ${c.drawn}`, () => {
      const k = MlpKernel.create();
      if (typeof k === 'string') throw new Error(k);
      const model = new BnnModel({ kind: 'bnn', estimator: c.estimator, elements: ELEMENTS, dims: [16, 16], hidden: [...hidden], activation: 'tanh', members: 1, seed: 2, priorScale: 0.3, qScale: 0.05 });
      const train = data.train;
      const batches = [train.slice(0, 12).map((_, i) => i)];
      const o = { samples, sigmaEnergy: 0.2, weighting, likelihood, nTrain: train.length, priorScale: 0.3 };
      const step = c.createStep(k, model.layout, train, batches, data.std, o);
      const x = bnnVector(model);
      const P = x.length / 2;
      const grad = new Float32Array(x.length);
      const parts = step.step(x, 0, new Rng(9), grad);
      c.checkDraws?.(step);

      // The same computation in tfjs ops, differentiated by autograd.
      const batch = buildBatch(batches[0].map((i) => train[i]), data.std, { forces: false, requireForceTargets: false });
      const slots = model.layout.slots;
      const { value, grads } = tf.variableGrads(() => {
        const muParts = split(model.mu, slots);
        const pass = c.energyPass(model, step, slots, muParts, P);
        let nll: tf.Scalar = tf.scalar(0);
        for (let s = 0; s < samples; s++) {
          const layer = pass(s);
          let energy: tf.Tensor = tf.zeros([batch.size]);
          batch.elements.forEach((rows, e) => {
            if (!rows) return;
            let h: tf.Tensor = rows.x;
            const ws = slots.map((_, i) => i).filter((i) => slots[i].element === e && slots[i].kind === 'W');
            ws.forEach((wi, l) => {
              const z = layer(e, l, wi, h);
              h = l + 1 < ws.length ? tf.tanh(z) : z;
            });
            // Rows are in the kernels' order; sum each row's atomic energy into its structure.
            const oneHot = tf.cast(tf.oneHot(tf.tensor1d(step.rowStructures(0, e), 'int32'), batch.size), 'float32');
            energy = tf.add(energy, tf.reshape(tf.matMul(tf.reshape(h, [1, -1]), oneHot), [batch.size]));
          });
          const err = likelihood === 'total' ? tf.sub(energy, batch.energy) : tf.mul(tf.sub(energy, batch.energy), batch.invAtoms);
          const perStructure = tf.add(tf.div(tf.square(err), 2 * 0.2 * 0.2), Math.log(0.2) + 0.5 * Math.log(2 * Math.PI));
          nll = tf.add(nll, tf.div(tf.sum(perStructure), samples));
        }
        const dataTerm = weighting === 'paper' ? nll : tf.div(nll, weighting === 'standard' ? batch.size : train.length);
        return tf.add(dataTerm, tf.div(gaussianKl(model.mu, model.rho, 0.3), train.length)) as tf.Scalar;
      }, [model.mu, model.rho]);
      assertMatchesAutograd(model, parts.total, grad, value, grads, 2e-4);
      tf.dispose([value, ...Object.values(grads)]);
      disposeBatch(batch);
      model.dispose();
    });
  }

  test(`${c.article} ${c.name} Trainer on the kernels lowers its data term, reports a positive KL and repeats with the same seed`, () => {
    const run = () => {
      const model = new BnnModel({ kind: 'bnn', estimator: c.estimator, elements: ELEMENTS, dims: [16, 16], hidden: [15, 15], activation: 'tanh', members: 1, seed: 4, priorScale: 0.3, qScale: 5e-3 });
      const t = new Trainer(model, data.train, data.validation, data.std, {
        batchSize: 8, adam: { learningRate: 3e-3, beta1: 0.95, beta2: 0.999, epsilon: 1e-8, weightDecay: 0, clip: 15 },
        alpha: 0, patience: null, minDelta: 0, seed: 6, energyScale: data.norm.scale, bootstrap: false,
        bnn: { sigmaEnergy: 0.2, sigmaForces: 1, weighting: 'paper', trainSamples: 2, predictSamples: 4 },
      });
      const stats = Array.from({ length: 6 }, () => t.runEpoch());
      const engine = t.engine.name;
      t.dispose(); model.dispose();
      return { engine, stats };
    };
    const a = run();
    assert.equal(a.engine, 'wasm-simd-kernels');
    assert.ok(a.stats[5].dataTerm < a.stats[0].dataTerm, `data term ${a.stats[0].dataTerm} → ${a.stats[5].dataTerm}`);
    for (const s of a.stats) assert.ok(s.klTerm > 0 && Number.isFinite(s.valEnergyRmse));
    assert.deepEqual(run().stats.map((s) => s.trainLoss), a.stats.map((s) => s.trainLoss));
  });

  for (const [weighting, likelihood] of [['paper', 'per_atom'], ['paper_v2', 'total']] as const) {
  const v2 = weighting === 'paper_v2' ? ' (paper_v2: joint energy-force likelihood, total energy)' : '';
  test(`${c.name} step with forces (α = 0.3, K = 2)${v2} equals tfjs autograd through ${c.layerName} and the descriptor Jacobian, given the kernels' ${c.drawn}`, () => {
    const forces = tio2Prepared(30, true).data;
    const k = MlpKernel.create();
    if (typeof k === 'string') throw new Error(k);
    const K = 2, alpha = 0.3, sigmaF = 0.4;
    const model = new BnnModel({ kind: 'bnn', estimator: c.estimator, elements: ELEMENTS, dims: [16, 16], hidden: [15, 7], activation: 'tanh', members: 1, seed: 2, priorScale: 0.3, qScale: 0.05 });
    // Some structures lose their force targets, so the batch mixes force and energy-only structures.
    const train = forces.train.map((s, i) => (i % 3 === 1 ? { ...s, forces: null } : s));
    const list = Array.from({ length: 10 }, (_, i) => i);
    const o = { samples: K, sigmaEnergy: 0.2, weighting, likelihood, nTrain: train.length, priorScale: 0.3 };
    const step = c.createStep(k, model.layout, train, [list], forces.std, o, { alpha, sigma: sigmaF });
    const x = bnnVector(model);
    const P = x.length / 2;
    const grad = new Float32Array(x.length);
    const parts = step.step(x, 0, new Rng(5), grad);

    const batch = buildBatch(list.map((i) => train[i]), forces.std, { forces: true, requireForceTargets: true });
    assert.ok(batch.forceAtoms > 0 && batch.forceStructures.length < list.length);
    const slots = model.layout.slots;
    const { value, grads } = tf.variableGrads(() => {
      const make = c.forceLayers(model, step, slots, K, P);
      const outputs = batch.elements.map((rows, e) => {
        if (!rows) return null;
        const layers = elementLayers(model.layout, e, make(e, rows.x.shape[0]));
        return runElementMlp(layers, rows, activations.tanh, !!rows.pairs);
      });
      const out = { ...assemble(batch, outputs, true), kl: gaussianKl(model.mu, model.rho, 0.3) };
      return bnnLoss(out, batch, { alpha, sigmaEnergy: 0.2, sigmaForces: sigmaF, weighting, likelihood, nTrain: train.length }).total;
    }, [model.mu, model.rho]);
    assertMatchesAutograd(model, parts.total, grad, value, grads, 3e-4);
    tf.dispose([value, ...Object.values(grads)]);
    disposeBatch(batch);
    model.dispose();
  });
  }
}
