import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diagnoseConfigText, parseConfigText, type SourceRange } from '../../../src/core/config';

const at = (r: SourceRange | undefined) => (r ? [r.line, r.column, r.endLine, r.endColumn] : undefined);

const JSONC = [
  '// training config',
  '{',
  '  "data": {',
  '    "structures": ["a.xsf", "b/*.xsf"], /* two inputs */',
  '    "reference_energies": { "O": -432.503149303, "Ti": -1604.604515075, },',
  '  },',
  '  "method": { "type": "bnn", "bnn": { "estimator": "radial" } }',
  '}',
  '',
].join('\n');

const SAME_AS_YAML = [
  'data:',
  '  structures: [a.xsf, "b/*.xsf"]',
  '  reference_energies: { O: -432.503149303, Ti: -1604.604515075 }',
  'method: { type: bnn, bnn: { estimator: radial } }',
  '',
].join('\n');

test('JSON with comments and trailing commas gives the same resolved config as the YAML spelling', () => {
  const json = diagnoseConfigText(JSONC, '/v/run.mlip.json', { semantics: false });
  const yaml = diagnoseConfigText(SAME_AS_YAML, '/v/run.mlip.yaml', { semantics: false });
  assert.deepEqual(json.diagnostics, []);
  assert.equal(json.parsed.format, 'json');
  assert.ok(json.config);
  assert.deepEqual(json.config, yaml.config);
});

test('JSON keeps key and value ranges for every pointer', () => {
  const m = parseConfigText(JSONC, 'run.mlip.json').locations;
  assert.deepEqual(at(m.get('/data/structures/1')?.range), [4, 29, 4, 38]);
  assert.deepEqual(at(m.get('/data/reference_energies/Ti')?.keyRange), [5, 50, 5, 54]);
  assert.deepEqual(at(m.get('/data/reference_energies/Ti')?.range), [5, 56, 5, 71]);
  assert.deepEqual(at(m.get('/method')?.range), [7, 13, 7, 64]);
  assert.deepEqual(at(m.get('')?.range), [2, 1, 8, 2]);
});

test('schema errors in JSON land on the exact key or value', () => {
  const text = '{\n  "data": { "structures": "a.xsf", "limit": 0 },\n  "netwrok": {}\n}\n';
  const r = diagnoseConfigText(text, '/v/run.mlip.json', { semantics: false });
  assert.deepEqual(r.diagnostics.map((d) => [d.code, d.path, at(d.range)]), [
    ['out-of-range', 'data.limit', [2, 45, 2, 46]],
    ['unknown-property', 'netwrok', [3, 3, 3, 12]],
  ]);
  assert.deepEqual(r.diagnostics[1]!.data?.suggestions, ['network']);
});

test('a JSON syntax error is located; what was read before it is still checked', () => {
  const text = '{\n  "data": { "structures": "a.xsf", "limit": -1 },\n  "network": { "hidden": [15 15] }\n}\n';
  const r = diagnoseConfigText(text, '/v/run.mlip.json', { semantics: false });
  assert.deepEqual(r.diagnostics.map((d) => [d.code, at(d.range)]), [
    ['json-syntax', [3, 30, 3, 31]],
    ['out-of-range', [2, 45, 2, 47]],
  ]);
  assert.equal(r.config, null);
});

test('duplicate JSON keys and unterminated input are errors, never exceptions', () => {
  const dup = parseConfigText('{ "a": 1, "a": 2 }', 'x.json');
  assert.deepEqual(dup.diagnostics.map((d) => [d.code, at(d.range)]), [['duplicate-key', [1, 11, 1, 14]]]);
  for (const broken of ['['.repeat(50_000), '{"a":'.repeat(50_000), '{', '{"data": ', '{"data": {"x": "abc', '[1, 2', '/* open', '{"a": tru}', '{} {}']) {
    const p = parseConfigText(broken, 'x.json');
    assert.equal(p.diagnostics.length, 1, broken);
    assert.equal(p.diagnostics[0]!.code, 'json-syntax');
  }
});
