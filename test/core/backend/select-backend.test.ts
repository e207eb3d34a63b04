import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from '../../../src/core/backend/select-backend';
import { LocatedError } from '../../../src/core/errors';

function tfjsNodeInstalled(): boolean {
  try { require.resolve('@tensorflow/tfjs-node'); return true; } catch { return false; }
}

test('auto falls back past a missing tfjs-node and says why', async () => {
  const info = await selectBackend({ backend: 'auto', threads: 1 });
  if (tfjsNodeInstalled()) {
    assert.equal(info.name, 'tensorflow');
  } else {
    assert.equal(info.name, 'wasm');
    assert.match(info.reason, /tfjs-node not loadable/);
    assert.equal(info.versions['tfjs-backend-wasm'], '4.22.0');
  }
  assert.equal(tf.getBackend(), info.name);
  assert.ok(info.threads >= 1 || info.name === 'tensorflow');
});

test('an explicitly requested backend that cannot load is a located error', async () => {
  if (tfjsNodeInstalled()) {
    assert.equal((await selectBackend({ backend: 'tensorflow' })).name, 'tensorflow');
    return;
  }
  await assert.rejects(selectBackend({ backend: 'tensorflow', source: { file: 'run.mlip.yaml' } }), (e: unknown) => {
    assert.ok(e instanceof LocatedError);
    assert.equal(e.location.field, 'training.backend');
    assert.equal(e.location.file, 'run.mlip.yaml');
    assert.match(e.message, /"tensorflow" is not available/);
    return true;
  });
});

test('the cpu backend can be requested explicitly and computes', async () => {
  const info = await selectBackend({ backend: 'cpu' });
  assert.equal(info.name, 'cpu');
  assert.equal(tf.getBackend(), 'cpu');
  assert.deepEqual(Array.from(tf.matMul(tf.tensor2d([[1, 2]]), tf.tensor2d([[3], [4]])).dataSync()), [11]);
});
