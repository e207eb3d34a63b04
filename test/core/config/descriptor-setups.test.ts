import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { descriptorSetups, loadConfigFile } from '../../../src/core/config';
import { descriptorLength } from '../../../src/core/descriptors/setup';
import { LocatedError } from '../../../src/core/errors';

const root = join(__dirname, '..', '..', '..');
// aenet generate.x's own set-up for the 1,000-structure TiO2 set (test/fixtures/PROVENANCE.md).
const reference = JSON.parse(readFileSync(join(root, 'test/fixtures/reference/tio2-descriptors.json'), 'utf8')).fingerprint_setup as {
  radial_Rc: number; radial_N: number; angular_Rc: number; angular_N: number; rmin: number; env_order: string[]; nsf: number;
};

test('the example configs give aenet\'s TiO2 set-up: same cutoffs, orders, ENV order and 56 values per atom', () => {
  const c = loadConfigFile(join(root, 'examples', 'tio2-ensemble.mlip.yaml')).config!;
  const setups = descriptorSetups(c, ['O', 'Ti'], join(root, 'examples'));
  assert.deepEqual(setups.map((s) => s.element), reference.env_order);
  for (const s of setups) {
    assert.deepEqual(s.env, reference.env_order);
    assert.deepEqual([s.radialCutoff, s.radialOrder, s.angularCutoff, s.angularOrder], [reference.radial_Rc, reference.radial_N, reference.angular_Rc, reference.angular_N]);
    assert.equal(s.rmin, reference.rmin);
    assert.equal(descriptorLength(s), reference.nsf);
  }
});

test('per-element overrides and .stp files take precedence over the shared values', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'mlip-stp-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'O.stp'), 'ATOM O\nENV 2\nTi\nO\nRMIN 0.55\nBASIS type=Chebyshev\nradial_Rc = 6.0 radial_N = 22 angular_Rc = 3.0 angular_N = 6\n');
  writeFileSync(join(dir, 'run.mlip.yaml'), [
    'data: { structures: x.xsf }',
    'descriptor:',
    '  elements: { Ti: { radial_cutoff: 7.0, angular_order: 4 } }',
    '  stp_files: { O: O.stp }',
    '',
  ].join('\n'));
  const c = loadConfigFile(join(dir, 'run.mlip.yaml'), { semantics: false }).config!;
  const [o, ti] = descriptorSetups(c, ['Ti', 'O'], dir);
  assert.deepEqual(o, { element: 'O', env: ['Ti', 'O'], rmin: 0.55, radialCutoff: 6.0, radialOrder: 22, angularCutoff: 3.0, angularOrder: 6 });
  assert.deepEqual(ti, { element: 'Ti', env: ['O', 'Ti'], rmin: 0.35, radialCutoff: 7.0, radialOrder: 20, angularCutoff: 5.0, angularOrder: 4 });
  writeFileSync(join(dir, 'O.stp'), 'ATOM Ti\nENV 1\nTi\nBASIS type=Chebyshev radial_Rc = 6.0 radial_N = 2 angular_Rc = 3.0 angular_N = 2\n');
  assert.throws(() => descriptorSetups(c, ['Ti', 'O'], dir), (e: unknown) => e instanceof LocatedError && e.location.field === 'descriptor.stp_files.O');
});
