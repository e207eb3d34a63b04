import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { diagnose, pruneInvalid } from '../../../language-server/service/diagnose';
import { blankJsonComments } from '../../../language-server/service/jsonc';
import { REPO } from '../helpers/build';

test('pruning drops what the schema rejected (a whole list when one item is bad) and keeps the rest', () => {
  const value = { data: { structures: 'a.xsf', units: 'Hartree' }, network: { hidden: [15, 'x'] }, training: { learning_rate: 0.5 } };
  const pruned = pruneInvalid(value, [
    { pointer: '/data/units', code: 'invalid-enum' },
    { pointer: '/network/hidden/1', code: 'invalid-type' },
  ] as never);
  assert.ok(pruned);
  assert.deepEqual(pruned.value, { data: { structures: 'a.xsf' }, network: {}, training: { learning_rate: 0.5 } });
  assert.deepEqual(pruned.removed, ['/data/units', '/network/hidden']);
  assert.equal(pruneInvalid(value, [{ pointer: '', code: 'invalid-type' }] as never), null, 'a wrong root cannot be pruned');
});

test('a schema error elsewhere does not hide the semantic checks of the rest of the file', () => {
  const file = join(REPO, 'schemas', 'examples', 'invalid', 'virtual.mlip.yaml');
  const text = [
    'data:',
    '  structures: no-such-dir/*.xsf',
    'network:',
    '  activation: tahn',
    'descriptor:',
    '  radial_cutoff: 4.0',
    '  angular_cutoff: 5.0',
  ].join('\n');
  const r = diagnose(text, file, { configDir: join(REPO, 'schemas', 'examples', 'invalid') });
  assert.deepEqual(r.diagnostics.map((d) => d.code).sort(), ['angular-above-radial', 'data-not-found', 'invalid-enum']);
});

test('without a folder (untitled document) nothing on disk is checked', () => {
  const r = diagnose('data:\n  structures: no-such-dir/*.xsf\n', 'untitled:1', {});
  assert.deepEqual(r.diagnostics, []);
  assert.deepEqual(r.dataFiles, []);
});

test('JSON comments are blanked to spaces so offsets stay the same, strings untouched', () => {
  const src = '{"a": "//not a comment", // yes\n /* block\n */ "b": 1}';
  const out = blankJsonComments(src);
  assert.equal(out.length, src.length);
  assert.equal(out, '{"a": "//not a comment",       \n         \n    "b": 1}');
  assert.deepEqual(JSON.parse(out), { a: '//not a comment', b: 1 });
});
