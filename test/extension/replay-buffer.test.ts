import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ReplayBuffer } from '../../src/extension/webviews/replay-buffer';

test('events that arrive while the panel is hidden are replayed once, in order', () => {
  const b = new ReplayBuffer<number>();
  b.reset([1, 2]);
  b.push([3]);
  b.push([4, 5]);
  assert.deepEqual(b.takePending(), [3, 4, 5]);
  assert.deepEqual(b.takePending(), []);
  b.push([6]);
  assert.equal(b.pendingCount, 1);
});

test('a panel rebuilt from scratch gets the whole history and nothing twice', () => {
  const b = new ReplayBuffer<number>();
  b.reset([1, 2]);
  b.push([3]);
  assert.deepEqual(b.takeAll(), [1, 2, 3]);
  assert.deepEqual(b.takePending(), []);
  b.push([4]);
  assert.deepEqual(b.takePending(), [4]);
  b.reset([1, 2, 3, 4, 5]);
  assert.deepEqual(b.takeAll(), [1, 2, 3, 4, 5]);
});
