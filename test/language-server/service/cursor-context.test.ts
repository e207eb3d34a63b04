import { test } from 'node:test';
import assert from 'node:assert/strict';
import { yamlCursorContext, jsonCursorContext } from '../../../language-server/service/cursor';
import { LineIndex } from '../../../src/core/config/line-index';
import { caret } from '../helpers/caret';

function yamlAt(marked: string) {
  const { text, offset } = caret(marked);
  return yamlCursorContext(new LineIndex(text), offset);
}

test('YAML: the enclosing block comes from indentation, even when the line being typed has no colon', () => {
  const c = yamlAt('method:\n  type: bnn\n  bnn:\n    prior_sc|\n  ensemble: {}\n');
  assert.deepEqual(c.path, ['method', 'bnn']);
  assert.equal(c.position, 'key');
  assert.equal(c.prefix, 'prior_sc');
  assert.deepEqual([...c.siblings], []);
});

test('YAML: siblings above and below the cursor are collected, the current key is not', () => {
  const c = yamlAt('descriptor:\n  radial_cutoff: 6.5\n  radial_order: |\n  angular_order: 3\ntraining: {}\n');
  assert.equal(c.position, 'value');
  assert.equal(c.key, 'radial_order');
  assert.deepEqual(c.path, ['descriptor']);
  assert.deepEqual([...c.siblings].sort(), ['angular_order', 'radial_cutoff']);
});

test('YAML: sequence items and maps inside them', () => {
  const item = yamlAt('data:\n  structures:\n    - a.xsf\n    - |');
  assert.equal(item.position, 'item');
  assert.deepEqual(item.path, ['data', 'structures', 0]);
  const inMap = yamlAt('root:\n  - name: x\n    ot|');
  assert.deepEqual(inMap.path, ['root', 0]);
  assert.equal(inMap.position, 'key');
  assert.deepEqual([...inMap.siblings], ['name']);
});

test('YAML: a quoted value prefix excludes its opening quote', () => {
  const c = yamlAt('method:\n  type: "en|');
  assert.equal(c.prefix, 'en');
  assert.equal(c.key, 'type');
});

test('JSON: path, key or value position, and quotes from the brackets before the cursor', () => {
  const { text, offset } = caret('{"data": {"structures": "a", "units": "e|"}}');
  const c = jsonCursorContext(text, offset);
  assert.deepEqual(c.path, ['data']);
  assert.equal(c.position, 'value');
  assert.equal(c.key, 'units');
  assert.equal(c.prefix, 'e');
  assert.equal(c.inQuotes, true);
  assert.deepEqual([...c.siblings], ['structures']);
  const k = caret('{"method": {"type": "bnn", |}}');
  const ck = jsonCursorContext(k.text, k.offset);
  assert.equal(ck.position, 'key');
  assert.deepEqual(ck.path, ['method']);
  assert.deepEqual([...ck.siblings], ['type']);
});

test('YAML flow collections: the brackets give the path, plain keys count as siblings', () => {
  const c = yamlAt('data:\n  split: { train: 0.8, seed: 3, |}\n');
  assert.deepEqual(c.path, ['data', 'split']);
  assert.equal(c.position, 'key');
  assert.deepEqual([...c.siblings].sort(), ['seed', 'train']);
  assert.equal(c.flow, true);
  const v = yamlAt('method: {type: bnn, bnn: {estimator: fl|}}');
  assert.deepEqual(v.path, ['method', 'bnn']);
  assert.equal(v.key, 'estimator');
  assert.equal(v.prefix, 'fl');
  const multi = yamlAt('data:\n  split: {\n    train: 0.8,\n    |\n  }\n');
  assert.deepEqual(multi.path, ['data', 'split']);
  const closed = yamlAt('data:\n  split: { train: 0.8 }\n  |');
  assert.deepEqual(closed.path, ['data']);
  assert.equal(closed.flow, undefined);
});
