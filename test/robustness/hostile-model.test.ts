/**
 * An edited or hostile model.json (a billion members or hidden units, missing or mistyped fields,
 * parameters that do not fit the spec) is refused by `predict --run` in one located line, never a stack.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isLocatedError } from '../../src/core/errors';
import { decodeModel } from '../../src/core/models/saved-model';
import { runTraining } from '../../src/runner/train-run';
import { hasStack, runCli, tinyConfig } from './helpers';

const work = mkdtempSync(join(tmpdir(), 'mlip-model-'));
after(() => rmSync(work, { recursive: true, force: true }));

// Mutations reach into any field of the parsed JSON.
type Model = Record<string, any>;
const MUTATIONS: [string, (m: Model) => void, RegExp][] = [
  ['a billion members', (m) => { m.spec.members = 1e9; }, /spec\.members/],
  ['a billion hidden units', (m) => { m.spec.hidden = [1e9]; }, /spec\.hidden/],
  ['negative descriptor length', (m) => { m.spec.dims = [-1, 5]; }, /spec\.dims/],
  ['no spec', (m) => { delete m.spec; }, /\(spec\)/],
  ['unknown element', (m) => { m.spec.elements = ['Ti', 'Qq']; }, /spec\.elements/],
  ['setups null', (m) => { m.setups = null; }, /setups/],
  ['torn parameter', (m) => { m.params[Object.keys(m.params)[0]!] = 'AAAA'; }, /params/],
  ['standardisation of the wrong type', (m) => { m.standardisation = 'x'; }, /standardisation/],
  ['reference energy NaN', (m) => { m.reference = { Ti: 'NaN' }; }, /reference/],
  ['a million parameters per layer ×10⁴ members', (m) => { m.spec.hidden = [100_000, 100_000]; m.spec.members = 10; }, /at most 100000000 parameters/],
];

test('hostile model files are located errors in decodeModel and one line from predict --run', async () => {
  const run = join(work, 'run');
  assert.equal((await runTraining({ configFile: tinyConfig(join(work, 'm.mlip.yaml'), { epochs: 1, limit: 10 }), runDir: run })).status, 'completed');
  const text = readFileSync(join(run, 'model.json'), 'utf8');
  for (const [name, mutate, field] of MUTATIONS) {
    const m = JSON.parse(text) as Model;
    mutate(m);
    assert.throws(() => decodeModel(JSON.stringify(m), 'model.json'), (e: unknown) => isLocatedError(e) && field.test(e.message), name);
  }
  const bad = join(work, 'bad');
  cpSync(run, bad, { recursive: true });
  const m = JSON.parse(text) as Model;
  m.spec.dims = [m.spec.dims[0] - 1, m.spec.dims[1]];
  writeFileSync(join(bad, 'model.json'), JSON.stringify(m));
  const xyz = join(work, 'one.extxyz');
  writeFileSync(xyz, '1\nProperties=species:S:1:pos:R:3\nTi 0 0 0\n');
  const r = await runCli(['predict', '--run', bad, xyz]);
  assert.equal(r.code, 1);
  assert.ok(!hasStack(r.stderr) && r.stderr.trim().split('\n').length === 1, r.stderr);
  assert.match(r.stderr, /parameters do not fit its spec/);
});
