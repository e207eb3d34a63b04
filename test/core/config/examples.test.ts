import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { formatDiagnostic, loadConfigFile } from '../../../src/core/config';
import { EXAMPLES, loadCleanExample } from './shipped-example';

const root = join(__dirname, '..', '..', '..');
const valid = join(root, 'schemas', 'examples', 'valid');
// The TiO2 examples; the QM7 and MD17 ones (other data, other references) are checked in their own tests.
const yamlExamples = readdirSync(EXAMPLES).filter((f) => f.startsWith('tio2-') && f.endsWith('.mlip.yaml')).sort();

// The aenet TiO2 reference energies (examples/data/ATTRIBUTION.md, test/fixtures/reference/tio2-descriptors.json).
const REFERENCE_ENERGIES = { O: -432.503149303, Ti: -1604.604515075 };
// methods.md §5: the paper's tuned values (TiO2 full, energy only).
const PAPER = {
  lrt: { batch: 64, lr: 4.93e-5, prior: 0.209, q: 2.27e-4, sobs: 0.132 },
  flipout: { batch: 256, lr: 1.24e-4, prior: 0.206, q: 6.05e-4, sobs: 0.893 },
  radial: { batch: 64, lr: 5.36e-4, prior: 0.108, q: 8.0e-4, sobs: 0.294 },
} as const;

test('the examples folder holds every required variant', () => {
  const want = ['ensemble', 'lrt', 'flipout', 'radial'].flatMap((m) => [`tio2-${m}.mlip.yaml`, `tio2-${m}-fast.mlip.yaml`]);
  for (const f of [...want, 'tio2-deterministic-fast.mlip.yaml']) assert.ok(yamlExamples.includes(f), `${f} missing`);
});

for (const name of yamlExamples) {
  test(`example ${name} loads, validates and passes the semantic checks`, () => {
    const c = loadCleanExample(name);
    assert.deepEqual(c.data.reference_energies, REFERENCE_ENERGIES);
    assert.deepEqual(c.data.structures, ['data/tio2-1000-xsf.tar.gz']);
    if (name.includes('-fast')) {
      assert.equal(c.data.limit, 100);
      assert.ok(c.training.epochs <= 50, 'a fast variant trains for few epochs');
    } else assert.equal(c.data.limit, null);
    if (name.startsWith('tio2-ensemble')) assert.equal(c.method.type === 'ensemble' && c.method.ensemble.members, 10);
    const est = (['lrt', 'flipout', 'radial'] as const).find((e) => name.startsWith(`tio2-${e}`));
    if (est) {
      assert.ok(c.method.type === 'bnn');
      const p = PAPER[est];
      assert.equal(c.method.bnn.estimator, est);
      assert.equal(c.method.bnn.prior_scale, p.prior);
      assert.equal(c.method.bnn.q_scale, p.q);
      assert.equal(c.method.bnn.sigma_obs_energy, p.sobs);
      assert.equal(c.training.optimizer.beta1, 0.95);
      assert.equal(c.training.clip, 15);
      if (!name.includes('-fast')) {
        assert.equal(c.training.batch_size, p.batch);
        assert.equal(c.training.learning_rate, p.lr);
      }
    }
    if (name === 'tio2-ensemble.mlip.yaml') {
      assert.equal(c.training.batch_size, 32);
      assert.equal(c.training.learning_rate, 5.49e-4);
    }
  });
}

for (const name of readdirSync(valid).filter((f) => f.startsWith('cfg-')).sort()) {
  test(`valid example ${name} has no diagnostics`, () => {
    const r = loadConfigFile(join(valid, name));
    assert.deepEqual(r.diagnostics.map((d) => formatDiagnostic(d, name)), []);
    assert.ok(r.config);
  });
}
