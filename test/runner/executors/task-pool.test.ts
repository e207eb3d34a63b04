/** The local pool keeps at most `parallel` tasks in flight and reports each result against its task. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runPool } from '../../../src/runner/executors/task-pool';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('never more than `parallel` tasks at once, every task run once, slots reused', async () => {
  const queue = [30, 5, 20, 5, 10, 1];
  let i = 0, inFlight = 0, most = 0;
  const done: number[] = [];
  await runPool(2, () => (i < queue.length ? i++ : null), async (t) => {
    inFlight++; most = Math.max(most, inFlight);
    await sleep(queue[t]);
    inFlight--;
    return t * 10;
  }, (t, r) => { assert.equal(r, t * 10); done.push(t); });
  assert.equal(most, 2);
  assert.deepEqual([...done].sort(), [0, 1, 2, 3, 4, 5]);
});

test('a task that throws stops the queue and the error reaches the caller after the others finish', async () => {
  let started = 0;
  let i = 0;
  await assert.rejects(runPool(2, () => (i < 10 ? i++ : null), async (t) => {
    started++;
    await sleep(5);
    if (t === 1) throw new Error('boom');
  }), /boom/);
  assert.ok(started < 10, `stopped early (${started} started)`);
});
