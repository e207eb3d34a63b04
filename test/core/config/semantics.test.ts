import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { diagnoseConfigText, scanElements, type ConfigDiagnostic } from '../../../src/core/config';

// A tiny periodic TiO in aenet's XSF layout, and an isolated Zr–O pair in the ATOMS form.
const XSF_TIO = '# total energy = -2037.1 eV\nCRYSTAL\nPRIMVEC\n 3 0 0\n 0 3 0\n 0 0 3\nPRIMCOORD\n2 1\nTi 0 0 0\nO 1.5 1.5 1.5\n';
const XSF_ZRO = '# total energy = -1.0 eV\nATOMS\n40 0 0 0\n8 0 0 1.9\n';

function workspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'mlip-cfg-'));
  mkdirSync(join(dir, 'data'));
  writeFileSync(join(dir, 'data', 'tio.xsf'), XSF_TIO);
  writeFileSync(join(dir, 'data', 'zro.xsf'), XSF_ZRO);
  return dir;
}

const rows = (ds: ConfigDiagnostic[]) => ds.map((d) => [d.severity, d.code, d.path, d.range.line, d.range.column, d.range.endLine, d.range.endColumn]);

function check(dir: string, text: string, opts = {}) {
  return diagnoseConfigText(text, join(dir, 'run.mlip.yaml'), opts);
}

test('the element scan reads XSF species given as symbols and as atomic numbers', (t) => {
  const dir = workspace();
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  assert.deepEqual([...scanElements([join(dir, 'data', 'tio.xsf'), join(dir, 'data', 'zro.xsf')])].sort(), ['O', 'Ti', 'Zr']);
  assert.deepEqual([...scanElements([join(__dirname, '../../../examples/data/tio2-1000-xsf.tar.gz')])].sort(), ['O', 'Ti']);
});

test('paths and globs that match nothing are errors on their own list entry, relative to the config file', (t) => {
  const dir = workspace();
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const text = [
    'data:',
    '  structures:',
    '    - data/tio.xsf',
    '    - data/none.xsf',
    '    - "data/*.extxyz"',
    '  reference_energies: { O: -1, Ti: -2 }',
    '',
  ].join('\n');
  const r = check(dir, text);
  assert.deepEqual(rows(r.diagnostics), [
    ['error', 'data-not-found', 'data.structures[1]', 4, 7, 4, 20],
    ['error', 'data-not-found', 'data.structures[2]', 5, 7, 5, 22],
  ]);
  assert.equal(r.config, null);
  // A single string is one entry: the range is the string itself.
  const one = check(dir, 'data:\n  structures: nowhere/\n');
  assert.deepEqual(rows(one.diagnostics), [['error', 'data-not-found', 'data.structures', 2, 15, 2, 23]]);
});

test('elements in the data without a reference energy are one error on the reference_energies key', (t) => {
  const dir = workspace();
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const text = 'data:\n  structures: data\n  reference_energies:\n    Ti: -1604.6\n    Hf: -1.0\n';
  const r = check(dir, text);
  assert.deepEqual(rows(r.diagnostics), [
    ['error', 'missing-reference-energy', 'data.reference_energies', 3, 3, 3, 21],
    ['warning', 'element-not-in-data', 'data.reference_energies.Hf', 5, 5, 5, 7],
  ]);
  assert.deepEqual(r.diagnostics[0]!.data?.missing, ['O', 'Zr']);
  assert.equal(r.diagnostics[0]!.message, 'no reference energy for O, Zr (present in the data)');
  // No reference_energies at all: the error sits on the `data` key.
  const none = check(dir, 'data:\n  structures: data/tio.xsf\n');
  assert.deepEqual(rows(none.diagnostics), [['error', 'missing-reference-energy', 'data', 1, 1, 1, 5]]);
});

test('known elements can be passed in, and readData: false skips the element checks', (t) => {
  const dir = workspace();
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const text = 'data:\n  structures: data/tio.xsf\n  reference_energies: { Ti: -1 }\n';
  assert.deepEqual(check(dir, text, { elements: new Set(['Ti']) }).diagnostics, []);
  assert.deepEqual(check(dir, text, { readData: false }).diagnostics, []);
  assert.equal(check(dir, text).diagnostics[0]!.code, 'missing-reference-energy');
});

test('an environment order that lacks an element of the data is a missing descriptor set-up', (t) => {
  const dir = workspace();
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const text = 'data:\n  structures: data/tio.xsf\n  reference_energies: { O: -1, Ti: -2 }\ndescriptor:\n  env: [Ti]\n  stp_files: { O: O.stp }\n';
  assert.deepEqual(rows(check(dir, text).diagnostics), [
    ['error', 'missing-descriptor-setup', 'descriptor.env', 5, 8, 5, 12],
    ['error', 'file-not-found', 'descriptor.stp_files.O', 6, 19, 6, 24],
  ]);
});

test('an angular cutoff above the radial one is an error on the value the user wrote, shared or per element', (t) => {
  const dir = workspace();
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const base = 'data:\n  structures: data/tio.xsf\n  reference_energies: { O: -1, Ti: -2 }\n';
  assert.deepEqual(rows(check(dir, base + 'descriptor:\n  angular_cutoff: 7.0\n').diagnostics), [
    ['error', 'angular-above-radial', 'descriptor.angular_cutoff', 5, 19, 5, 22],
  ]);
  // Only the radial cutoff written (default angular 5.0 Å): the radial value is the one to fix.
  assert.deepEqual(rows(check(dir, base + 'descriptor:\n  radial_cutoff: 4.5\n').diagnostics), [
    ['error', 'angular-above-radial', 'descriptor.radial_cutoff', 5, 18, 5, 21],
  ]);
  assert.deepEqual(rows(check(dir, base + 'descriptor:\n  elements:\n    Ti: { radial_cutoff: 4.0 }\n').diagnostics), [
    ['error', 'angular-above-radial', 'descriptor.elements.Ti.radial_cutoff', 6, 26, 6, 29],
  ]);
});

test('unrealistic values are warnings; the config still resolves', (t) => {
  const dir = workspace();
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const text = [
    'data:',
    '  structures: data/tio.xsf',
    '  reference_energies: { O: -1, Ti: -2 }',
    'descriptor: { radial_cutoff: 15.0, angular_cutoff: 0.5 }',
    'method: { ensemble: { members: 1 } }',
    'training: { learning_rate: 0.5, force_fraction: 0.25 }',
    '',
  ].join('\n');
  const r = check(dir, text);
  assert.deepEqual(rows(r.diagnostics), [
    ['warning', 'unrealistic-value', 'descriptor.radial_cutoff', 4, 30, 4, 34],
    ['warning', 'unrealistic-value', 'descriptor.angular_cutoff', 4, 52, 4, 55],
    ['warning', 'unrealistic-value', 'method.ensemble.members', 5, 32, 5, 33],
    ['warning', 'unrealistic-value', 'training.learning_rate', 6, 28, 6, 31],
    ['information', 'no-effect', 'training.force_fraction', 6, 33, 6, 47],
  ]);
  assert.ok(r.config, 'warnings do not block the run');
});

test('BNN options on an ensemble are reported once (schema and semantics agree)', (t) => {
  const dir = workspace();
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const text = 'data:\n  structures: data/tio.xsf\n  reference_energies: { O: -1, Ti: -2 }\nmethod:\n  type: deterministic\n  bnn: { estimator: radial }\n';
  assert.deepEqual(rows(check(dir, text).diagnostics), [['error', 'option-not-applicable', 'method.bnn', 6, 3, 6, 6]]);
});

test('.stp files are parsed: a broken one, one for another element, or one with R_a > R_r is an error on its entry', (t) => {
  const dir = workspace();
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const stp = (atom: string, ra: number) => `ATOM ${atom}\nENV 2\nTi\nO\nRMIN 0.55\nBASIS type=Chebyshev\nradial_Rc = 6.0 radial_N = 22 angular_Rc = ${ra} angular_N = 6\n`;
  writeFileSync(join(dir, 'Ti.stp'), stp('Ti', 3.0));
  writeFileSync(join(dir, 'O.stp'), stp('O', 3.0));
  writeFileSync(join(dir, 'other.stp'), stp('Ti', 3.0));
  writeFileSync(join(dir, 'bad.stp'), 'ATOM O\nENV 2\nTi\nO\n');
  writeFileSync(join(dir, 'wide.stp'), stp('O', 7.0));
  const text = (o: string) => `data:\n  structures: data/tio.xsf\n  reference_energies: { O: -1, Ti: -2 }\ndescriptor:\n  stp_files: { Ti: Ti.stp, O: ${o} }\n`;
  assert.deepEqual(check(dir, text('O.stp')).diagnostics, [], 'a good set-up');
  assert.deepEqual(rows(check(dir, text('other.stp')).diagnostics), [['error', 'stp-element-mismatch', 'descriptor.stp_files.O', 5, 31, 5, 40]]);
  assert.deepEqual(rows(check(dir, text('bad.stp')).diagnostics), [['error', 'invalid-stp', 'descriptor.stp_files.O', 5, 31, 5, 38]]);
  assert.match(check(dir, text('bad.stp')).diagnostics[0]!.message, /BASIS/);
  assert.deepEqual(rows(check(dir, text('wide.stp')).diagnostics), [['error', 'angular-above-radial', 'descriptor.stp_files.O', 5, 31, 5, 39]]);
});

test('a limit too small for the split fractions warns that a set will be empty', (t) => {
  const dir = workspace();
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const text = 'data:\n  structures: data/tio.xsf\n  reference_energies: { O: -1, Ti: -2 }\n  limit: 5\n';
  assert.deepEqual(rows(check(dir, text).diagnostics), [
    ['warning', 'empty-split', 'data.limit', 4, 10, 4, 11],
    ['warning', 'empty-split', 'data.limit', 4, 10, 4, 11],
  ]);
});

test('kcal/mol on XSF data is flagged: the unit only applies to extended XYZ', (t) => {
  const dir = workspace();
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const text = 'data:\n  structures: data/tio.xsf\n  units: kcal/mol\n  reference_energies: { O: -1, Ti: -2 }\n';
  assert.deepEqual(rows(check(dir, text).diagnostics), [['warning', 'no-effect', 'data.units', 3, 10, 3, 18]]);
  writeFileSync(join(dir, 'data', 'h2o.extxyz'), '3\nProperties=species:S:1:pos:R:3 energy=-1.0\nO 0 0 0\nH 0 0 1\nH 0 1 0\n');
  const mixed = 'data:\n  structures: data/h2o.extxyz\n  units: kcal/mol\n  reference_energies: { O: -1, H: -2 }\n';
  assert.deepEqual(check(dir, mixed).diagnostics, []);
});
