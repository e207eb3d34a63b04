/**
 * The config fields of given sets, split files, fitted reference energies, extended-XYZ keys and the
 * time budget: their defaults, the accepted forms and the located complaints.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { diagnoseConfigText, loadConfigFile, type ConfigDiagnostic } from '../../../src/core/config';
import { readSplitFile } from '../../../src/core/training/split-file';

const XSF_TIO = '# total energy = -2037.1 eV\nCRYSTAL\nPRIMVEC\n 3 0 0\n 0 3 0\n 0 0 3\nPRIMCOORD\n2 1\nTi 0 0 0\nO 1.5 1.5 1.5\n';

function workspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'mlip-given-'));
  mkdirSync(join(dir, 'train'));
  mkdirSync(join(dir, 'test'));
  writeFileSync(join(dir, 'train', 'a.xsf'), XSF_TIO);
  writeFileSync(join(dir, 'test', 'b.xsf'), XSF_TIO);
  writeFileSync(join(dir, 'train.txt'), '0\n');
  return dir;
}

const check = (dir: string, text: string) => diagnoseConfigText(text, join(dir, 'run.mlip.yaml'));
const codes = (ds: ConfigDiagnostic[]) => ds.map((d) => `${d.severity} ${d.code} ${d.path}`);

test('defaults: no given sets, the seeded split (split_file {} names nothing), the usual extended-XYZ keys, no time budget', (t) => {
  const dir = workspace();
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const r = check(dir, 'data:\n  structures: train\n  reference_energies: { Ti: -1604.6, O: -432.5 }\n');
  assert.deepEqual(codes(r.diagnostics), []);
  const d = r.config!.data;
  assert.equal(d.test_structures, null);
  assert.equal(d.validation_structures, null);
  assert.deepEqual(d.split_file, { train: null, validation: null, test: null });
  assert.equal(d.energy_key, null);
  assert.equal(d.forces_key, null);
  assert.equal(r.config!.training.time_budget_minutes, null);
});

test('a given test set (string → list), reference_energies: fit, a time budget and REF_ keys resolve as written', (t) => {
  const dir = workspace();
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const r = check(dir, 'data:\n  structures: train\n  test_structures: test\n  reference_energies: fit\n  energy_key: REF_energy\n  forces_key: REF_forces\ntraining:\n  time_budget_minutes: 2.5\n');
  assert.deepEqual(codes(r.diagnostics), []);
  assert.deepEqual(r.config!.data.test_structures, ['test']);
  assert.equal(r.config!.data.reference_energies, 'fit');
  assert.equal(r.config!.data.energy_key, 'REF_energy');
  assert.equal(r.config!.training.time_budget_minutes, 2.5);
});

test('a mixed reference map: a number stays, `fit` fits that element; no element counts as missing', (t) => {
  const dir = workspace();
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const r = check(dir, 'data:\n  structures: train\n  reference_energies: { O: -432.5, Ti: fit }\n');
  assert.deepEqual(codes(r.diagnostics), []);
  assert.deepEqual(r.config!.data.reference_energies, { O: -432.5, Ti: 'fit' });
});

test('a misspelt fit is an enum error with the suggestion, for the whole map and for one element', (t) => {
  const dir = workspace();
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const whole = check(dir, 'data:\n  structures: train\n  reference_energies: fitt\n').diagnostics;
  assert.deepEqual(codes(whole), ['error invalid-enum data.reference_energies']);
  assert.match(whole[0].message, /did you mean "fit"\?/);
  const one = check(dir, 'data:\n  structures: train\n  reference_energies: { O: -432.5, Ti: fitted }\n').diagnostics;
  assert.deepEqual(codes(one), ['error invalid-enum data.reference_energies.Ti']);
});

test('format: xyz is accepted and read as extended XYZ, with a note on where energies come from', (t) => {
  const dir = workspace();
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const r = check(dir, 'data:\n  structures: train\n  format: xyz\n  reference_energies: { Ti: -1604.6, O: -432.5 }\n');
  assert.deepEqual(codes(r.diagnostics), ['information format-note data.format']);
  assert.match(r.diagnostics[0].message, /read as extended XYZ/);
});

test('split files: a missing file is located; an index file and a given set for the same set conflict', (t) => {
  const dir = workspace();
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const refs = '  reference_energies: { Ti: -1604.6, O: -432.5 }\n';
  assert.deepEqual(codes(check(dir, `data:\n  structures: train\n  split_file: runs/old/split.json\n${refs}`).diagnostics), ['error file-not-found data.split_file']);
  assert.deepEqual(codes(check(dir, `data:\n  structures: train\n  split_file: { train: train.txt, test: none.txt }\n${refs}`).diagnostics), ['error file-not-found data.split_file.test']);
  assert.deepEqual(codes(check(dir, `data:\n  structures: train\n  test_structures: test\n  split_file: { test: train.txt }\n${refs}`).diagnostics), ['error option-conflict data.split_file.test']);
  assert.deepEqual(codes(check(dir, `data:\n  structures: train\n  test_structures: nowhere\n${refs}`).diagnostics), ['error data-not-found data.test_structures']);
});

test('elements of a given test set need a reference energy too', (t) => {
  const dir = workspace();
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'test', 'zr.xsf'), '# total energy = -1.0 eV\nATOMS\n40 0 0 0\n8 0 0 1.9\n');
  const ds = check(dir, 'data:\n  structures: train\n  test_structures: test\n  reference_energies: { Ti: -1604.6, O: -432.5 }\n').diagnostics;
  assert.deepEqual(codes(ds), ['error missing-reference-energy data.reference_energies']);
  assert.match(ds[0].message, /Zr/);
});

test('the benchmark example loads clean: a fixed test set of 100 archive indices and fitted reference energies', () => {
  const root = join(__dirname, '..', '..', '..');
  const r = loadConfigFile(join(root, 'examples', 'benchmark-given-test.mlip.yaml'));
  assert.deepEqual(codes(r.diagnostics), []);
  const d = r.config!.data;
  assert.equal(d.reference_energies, 'fit');
  assert.deepEqual(d.split_file, { train: null, validation: null, test: 'splits/tio2-test-every-10th.txt' });
  const names = Array.from({ length: 1000 }, (_, i) => `s${i}`);
  const sets = readSplitFile(d.split_file, names, join(root, 'examples'));
  assert.deepEqual(sets.names.test, Array.from({ length: 100 }, (_, k) => `s${10 * k}`));
});

test('with a given test set the fractions are ratios of what is drawn: no sum error, and split.test is said to have no effect', (t) => {
  const dir = workspace();
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const ds = check(dir, 'data:\n  structures: train\n  test_structures: test\n  split: { train: 0.9, validation: 0.1, test: 0.2 }\n  reference_energies: { Ti: -1604.6, O: -432.5 }\n').diagnostics;
  assert.deepEqual(codes(ds), ['information no-effect data.split.test']);
  assert.deepEqual(codes(check(dir, 'data:\n  structures: train\n  split: { train: 0.9, validation: 0.1, test: 0.2 }\n  reference_energies: { Ti: -1604.6, O: -432.5 }\n').diagnostics), ['error split-sum data.split']);
});
