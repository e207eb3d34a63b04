import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { formatDiagnostic, loadConfigFile, loadConfigOrThrow } from '../../../src/core/config';
import { LocatedError } from '../../../src/core/errors';

const dir = join(__dirname, '..', '..', '..', 'schemas', 'examples', 'invalid');

/** file → the one error it must give: code, 1-based line and column of the range start and end. */
const EXPECTED: Record<string, { code: string; at: [number, number, number, number]; field: string }> = {
  'cfg-angular-above-radial.mlip.yaml': { code: 'angular-above-radial', at: [8, 19, 8, 22], field: 'descriptor.angular_cutoff' },
  'cfg-bad-element-key.mlip.yaml': { code: 'invalid-key', at: [8, 5, 8, 8], field: 'descriptor.elements.Tii' },
  'cfg-bnn-options-on-ensemble.mlip.yaml': { code: 'option-not-applicable', at: [8, 3, 8, 6], field: 'method.bnn' },
  'cfg-duplicate-key.mlip.yaml': { code: 'duplicate-key', at: [8, 3, 8, 9], field: '' },
  'cfg-empty.mlip.yaml': { code: 'empty-config', at: [1, 1, 1, 1], field: '' },
  'cfg-json-syntax.mlip.json': { code: 'json-syntax', at: [7, 3, 7, 4], field: '' },
  'cfg-missing-data-file.mlip.yaml': { code: 'data-not-found', at: [6, 7, 6, 25], field: 'data.structures[1]' },
  'cfg-missing-reference-energy.mlip.yaml': { code: 'missing-reference-energy', at: [5, 3, 5, 21], field: 'data.reference_energies' },
  'cfg-missing-structures.mlip.yaml': { code: 'missing-property', at: [3, 1, 3, 5], field: 'data.structures' },
  'cfg-negative-prior.mlip.yaml': { code: 'out-of-range', at: [8, 23, 8, 27], field: 'method.bnn.prior_scale' },
  'cfg-quoted-number.mlip.yaml': { code: 'invalid-type', at: [7, 15, 7, 19], field: 'training.batch_size' },
  'cfg-split-sum.mlip.yaml': { code: 'split-sum', at: [6, 3, 6, 8], field: 'data.split' },
  'cfg-unknown-estimator.mlip.yaml': { code: 'invalid-enum', at: [9, 16, 9, 20], field: 'method.bnn.estimator' },
  'cfg-unknown-key.mlip.yaml': { code: 'unknown-property', at: [7, 3, 7, 15], field: 'training.learning_rte' },
  'cfg-yaml-syntax.mlip.yaml': { code: 'yaml-syntax', at: [8, 1, 8, 1], field: '' },
};

test('every cfg-* invalid example has an expectation, and every expectation a file', () => {
  const files = readdirSync(dir).filter((f) => f.startsWith('cfg-')).sort();
  assert.deepEqual(files, Object.keys(EXPECTED).sort());
});

for (const [file, want] of Object.entries(EXPECTED)) {
  test(`${file} yields exactly one error: ${want.code} at ${want.at[0]}:${want.at[1]}`, () => {
    const r = loadConfigFile(join(dir, file));
    const errors = r.diagnostics.filter((d) => d.severity === 'error');
    assert.equal(errors.length, 1, errors.map((d) => formatDiagnostic(d)).join('\n'));
    const d = errors[0]!;
    assert.equal(d.code, want.code);
    assert.deepEqual([d.range.line, d.range.column, d.range.endLine, d.range.endColumn], want.at);
    assert.equal(d.path, want.field);
    assert.equal(r.config, null, 'an invalid config resolves to nothing');
  });
}

test('messages say what is wrong and what was meant', () => {
  const msg = (f: string) => loadConfigFile(join(dir, f)).diagnostics[0]!;
  assert.equal(msg('cfg-unknown-key.mlip.yaml').message, 'unknown property "learning_rte" in training; did you mean "learning_rate"?');
  assert.deepEqual(msg('cfg-unknown-key.mlip.yaml').data?.suggestions, ['learning_rate']);
  assert.equal(msg('cfg-unknown-estimator.mlip.yaml').message, '"lrtt" is not allowed for method.bnn.estimator; did you mean "lrt"?');
  assert.equal(msg('cfg-quoted-number.mlip.yaml').data?.quotedNumber, 32);
  assert.deepEqual(msg('cfg-missing-reference-energy.mlip.yaml').data?.missing, ['O']);
  assert.equal(msg('cfg-duplicate-key.mlip.yaml').message, 'duplicate key "hidden"');
});

test('loadConfigOrThrow gives the runner the first error as a LocatedError with file, line, column and field', () => {
  const file = join(dir, 'cfg-negative-prior.mlip.yaml');
  assert.throws(() => loadConfigOrThrow(file), (e: unknown) => {
    assert.ok(e instanceof LocatedError);
    assert.deepEqual(e.location, { file, line: 8, column: 23, field: 'method.bnn.prior_scale' });
    assert.equal(e.expected, 'a value > 0');
    return true;
  });
  const missing = join(dir, 'no-such-config.mlip.yaml');
  assert.throws(() => loadConfigOrThrow(missing), /config file not found/);
});
