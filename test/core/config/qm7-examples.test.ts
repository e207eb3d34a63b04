/**
 * The QM7 examples load with no diagnostic on a fresh clone (the data ship in examples/data) and
 * carry the paper's QM7 set-up: energies from hof_qm7.txt in kcal/mol, zero reference energies
 * (atomization energies), 80/10/10, 15-15 tanh, energy only; the fast one on 200 molecules; the radial BNN
 * with the paper's v2 objective and the values of the paper's search run on QM7 (qm7-radial-search.sweep.yaml).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { EXAMPLES, loadCleanExample } from './shipped-example';

const qm7 = readdirSync(EXAMPLES).filter((f) => f.startsWith('qm7-') && f.endsWith('.mlip.yaml')).sort();

test('the examples folder holds the QM7 paper set-up, its fast variant and the radial BNN', () => {
  assert.deepEqual(qm7, ['qm7-ensemble-fast.mlip.yaml', 'qm7-ensemble.mlip.yaml', 'qm7-radial.mlip.yaml']);
});

for (const name of qm7) {
  test(`example ${name} loads, validates, passes the semantic checks and follows the paper's QM7 set-up`, () => {
    const c = loadCleanExample(name);
    assert.deepEqual(c.data.structures, ['data/qm7-qml-7101.tar.gz']);
    assert.deepEqual(c.data.energies, { file: 'data/qm7-qml-7101.tar.gz', member: 'hof_qm7.txt', column: 2, units: 'kcal/mol' });
    assert.deepEqual(c.data.reference_energies, { H: 0, C: 0, N: 0, O: 0, S: 0 });
    assert.deepEqual(c.data.split, { train: 0.8, validation: 0.1, test: 0.1, seed: 1 });
    assert.deepEqual(c.network, { hidden: [15, 15], activation: 'tanh' });
    assert.equal(c.training.force_weight, 0);
    if (c.method.type === 'bnn') {
      const b = c.method.bnn;
      assert.deepEqual([b.estimator, b.kl_weighting, b.likelihood, b.train_samples, b.predict_samples], ['radial', 'paper_v2', 'total', 2, 20]);
      assert.deepEqual([b.prior_scale, b.q_scale, b.sigma_obs_energy, c.training.learning_rate, c.training.batch_size], [0.493, 0.00105, 0.275, 0.000438, 128]);
      assert.deepEqual([c.training.clip, c.training.shuffle, c.training.optimizer.beta1], [10, false, 0.95]);
      return;
    }
    assert.equal(c.method.type === 'ensemble' && c.method.ensemble.members, 10);
    if (name.includes('-fast')) {
      assert.equal(c.data.limit, 200);
      assert.ok(c.training.epochs <= 50, 'a fast variant trains for few epochs');
    } else {
      assert.equal(c.data.limit, null);
      assert.equal(c.training.batch_size, 32);
      assert.equal(c.training.learning_rate, 5.49e-4);
    }
  });
}
