/**
 * `mlip-uq paper --tuned METHOD=CONFIG`: a method's hyper-parameters read from a config (the shipped TiO2
 * radial example's values), checked against the method they are given for, and carried into every run's
 * config and the table's notes.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ArgError } from '../../../src/runner/args';
import { LocatedError } from '../../../src/core/errors';
import { paperConfig, type PaperSettings } from '../../../src/runner/paper/paper-configs';
import { parseTuned, readTunedValues, tunedNote } from '../../../src/runner/paper/paper-tuned';

const root = join(__dirname, '..', '..', '..');
const radialExample = join(root, 'examples', 'tio2-radial.mlip.yaml');

test('the tuned values of a radial config are its batch, learning rate, prior, q_scale, σ_obs and weight samples', () => {
  assert.deepEqual(readTunedValues('radial', radialExample), {
    file: radialExample, batchSize: 64, learningRate: 0.000536, priorScale: 0.108, qScale: 0.0008, sigmaObs: 0.294, trainSamples: 2,
  });
});

test('a config of another method is refused with its file and the field that differs', () => {
  assert.throws(() => readTunedValues('lrt', radialExample), (e: unknown) => e instanceof LocatedError && e.location.field === 'method.bnn.estimator' && e.location.file === radialExample && /trains a radial BNN, not lrt/.test(e.message));
  assert.throws(() => readTunedValues('de', radialExample), (e: unknown) => e instanceof LocatedError && e.location.field === 'method.type' && /not a deep ensemble/.test(e.message));
});

test('--tuned items name a known method once each, paths relative to the working folder and named as given', () => {
  const t = parseTuned(['radial=examples/tio2-radial.mlip.yaml'], root);
  assert.equal(t.radial?.sigmaObs, 0.294);
  assert.equal(t.radial?.file, 'examples/tio2-radial.mlip.yaml');
  assert.match(tunedNote(t)[0]!, /^radial: values from examples\/tio2-radial\.mlip\.yaml \(batch 64,/);
  assert.throws(() => parseTuned(['bayes=examples/tio2-radial.mlip.yaml'], root), ArgError);
  assert.throws(() => parseTuned(['radial=examples/tio2-radial.mlip.yaml', 'radial=examples/tio2-radial.mlip.yaml'], root), /radial is given twice/);
});

test('a tuned method\'s runs train with its values in every regime; the others keep the paper\'s', () => {
  const tuned = { radial: { file: 'best.mlip.yaml', batchSize: 128, learningRate: 2e-4, priorScale: 0.5, qScale: 1e-3, sigmaObs: 0.7, trainSamples: 1 } };
  const s: PaperSettings = {
    data: ['x.xyz'], referenceEnergies: { H: 0 }, env: null, limit: null, subsetFraction: 0.2, seed: 1, splitSizes: null, study: 'qm7',
    forces: false, members: 10, epochs: { de: 10, lrt: 10, flipout: 10, radial: 10 }, tuned,
  };
  type Cfg = { method: { bnn: { prior_scale: number; q_scale: number; sigma_obs_energy: number; train_samples: number } }; training: { batch_size: number; learning_rate: number } };
  for (const regime of ['full', 'subset'] as const) {
    const c = paperConfig('radial', regime, s) as Cfg;
    assert.deepEqual([c.training.batch_size, c.training.learning_rate, c.method.bnn.prior_scale, c.method.bnn.q_scale, c.method.bnn.sigma_obs_energy, c.method.bnn.train_samples], [128, 2e-4, 0.5, 1e-3, 0.7, 1]);
  }
  const lrt = paperConfig('lrt', 'full', s) as Cfg;
  assert.deepEqual([lrt.training.batch_size, lrt.training.learning_rate, lrt.method.bnn.sigma_obs_energy, lrt.method.bnn.train_samples], [64, 4.9330e-5, 0.13206, 2]);
  assert.deepEqual(tunedNote(tuned), ['radial: values from best.mlip.yaml (batch 128, lr 0.0002, prior 0.5, q_scale 0.001, σ_obs 0.7, 1 weight sample per step) instead of the paper\'s TiO2 ones.']);
});
