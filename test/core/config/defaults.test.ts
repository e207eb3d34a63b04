import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyDefaults, diagnoseConfigText } from '../../../src/core/config';

const resolve = (text: string) => {
  const r = diagnoseConfigText(text, '/virtual/run.mlip.yaml', { semantics: false });
  assert.deepEqual(r.diagnostics, []);
  return r.config!;
};

test('a minimal config gets every default of methods.md: 80/10/10 split, 6.5/20/5.0/6 descriptor, 2×15 tanh, 10-member ensemble', () => {
  const c = resolve('data:\n  structures: a.xsf\n');
  assert.deepEqual(c.data.structures, ['a.xsf']);
  assert.deepEqual(c.data.split, { train: 0.8, validation: 0.1, test: 0.1, seed: 1 });
  assert.deepEqual(c.data.subset, { fraction: 1, seed: 1 });
  assert.equal(c.data.max_energy, null);
  assert.equal(c.data.units, 'eV');
  const d = c.descriptor;
  assert.deepEqual([d.radial_cutoff, d.radial_order, d.angular_cutoff, d.angular_order], [6.5, 20, 5.0, 6]);
  assert.deepEqual(c.network, { hidden: [15, 15], activation: 'tanh' });
  assert.deepEqual(c.method, { type: 'ensemble', ensemble: { members: 10, bootstrap: false, heteroscedastic: false } });
  assert.deepEqual(c.training.optimizer, { type: 'adam', beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weight_decay: 0 });
  assert.equal(c.training.clip, null);
  assert.equal(c.training.force_weight, 0);
  assert.equal(c.training.backend, 'auto');
});

test('a BNN takes the paper\'s Adam β1 0.95, clip 15 and T = 20 unless the file says otherwise', () => {
  const c = resolve('data: {structures: a.xsf}\nmethod: {type: bnn}\n');
  assert.ok(c.method.type === 'bnn');
  assert.equal(c.method.bnn.estimator, 'lrt');
  assert.equal(c.method.bnn.kl_weighting, 'paper');
  assert.equal(c.method.bnn.train_samples, 1);
  assert.equal(c.method.bnn.predict_samples, 20);
  assert.equal(c.training.optimizer.beta1, 0.95);
  assert.equal(c.training.clip, 15);
  const explicit = resolve('data: {structures: a.xsf}\nmethod: {type: bnn}\ntraining: {clip: null, optimizer: {beta1: 0.8}}\n');
  assert.equal(explicit.training.clip, null, 'an explicit null turns clipping off');
  assert.equal(explicit.training.optimizer.beta1, 0.8);
  assert.equal(explicit.training.optimizer.beta2, 0.999);
});

test('only the chosen method keeps an options block; nested values merge with their defaults', () => {
  const det = resolve('data: {structures: [a.xsf, b/]}\nmethod: {type: deterministic}\n');
  assert.deepEqual(det.method, { type: 'deterministic' });
  assert.deepEqual(det.data.structures, ['a.xsf', 'b/']);
  const e = resolve('data: {structures: a.xsf, split: {seed: 9}}\nmethod: {ensemble: {members: 3}}\ntraining: {early_stopping: {patience: null}}\n');
  assert.deepEqual(e.method, { type: 'ensemble', ensemble: { members: 3, bootstrap: false, heteroscedastic: false } });
  assert.deepEqual(e.data.split, { train: 0.8, validation: 0.1, test: 0.1, seed: 9 });
  assert.deepEqual(e.training.early_stopping, { patience: null, min_delta: 0 });
});

test('applyDefaults does not share arrays or objects with the defaults or the input', () => {
  const raw = { data: { structures: ['a.xsf'] }, network: { hidden: [8] } };
  const a = applyDefaults(raw);
  const b = applyDefaults({ data: { structures: 'a.xsf' } });
  a.network.hidden.push(1);
  b.network.hidden.push(2);
  assert.deepEqual(raw.network.hidden, [8]);
  assert.deepEqual(applyDefaults({ data: { structures: 'x' } }).network.hidden, [15, 15]);
});
