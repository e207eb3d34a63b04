/** Each method name list is written once in src/core/method/names.ts and must equal the config schema's enum. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ACTIVATIONS, BNN_ESTIMATORS, KL_WEIGHTINGS, METHOD_TYPES } from '../../../src/core/method/names';

const schema = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'schemas', 'mlip-config.schema.json'), 'utf8')) as Record<string, unknown>;

function enumAt(path: string[]): unknown {
  let node: unknown = schema;
  for (const key of path) node = (node as Record<string, unknown>)[key];
  return (node as { enum: unknown }).enum;
}

test('the method, estimator, KL weighting and activation lists equal the config schema enums, in order', () => {
  assert.deepEqual(enumAt(['properties', 'method', 'properties', 'type']), [...METHOD_TYPES]);
  assert.deepEqual(enumAt(['properties', 'method', 'properties', 'bnn', 'properties', 'estimator']), [...BNN_ESTIMATORS]);
  assert.deepEqual(enumAt(['properties', 'method', 'properties', 'bnn', 'properties', 'kl_weighting']), [...KL_WEIGHTINGS]);
  assert.deepEqual(enumAt(['properties', 'network', 'properties', 'activation']), [...ACTIVATIONS]);
});

test('the run-event and report schemas list the same methods and estimators', () => {
  const found: Record<string, unknown[][]> = { method: [], estimator: [] };
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) { node.forEach(walk); return; }
    if (typeof node !== 'object' || node === null) return;
    for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
      const e = (value as { enum?: unknown } | null)?.enum;
      if ((key === 'method' || key === 'estimator') && Array.isArray(e)) found[key].push(e);
      walk(value);
    }
  };
  for (const file of ['run-event.schema.json', 'uq-report.schema.json']) {
    found.method = []; found.estimator = [];
    walk(JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'schemas', file), 'utf8')));
    assert.ok(found.estimator.length > 0, `${file} has an estimator enum`);
    // Other `method` fields exist (recalibration methods); the model method's enum is the one naming 'bnn'.
    const models = found.method.filter((e) => e.includes('bnn'));
    assert.ok(models.length > 0, `${file} has a method enum`);
    for (const e of models) assert.deepEqual(e, [...METHOD_TYPES], `${file}: method`);
    for (const e of found.estimator) assert.deepEqual(e, [...BNN_ESTIMATORS], `${file}: estimator`);
  }
});
