/**
 * The `started` event's thread count is the count the training then runs on. An LRT BNN without
 * training.threads splits every batch by structure over every core (training.threads' default, issue 14), in
 * parts of at least MIN_PART_ROWS atom rows on average, so a serial sweep trial on 2 cores with batches of 32
 * TiO2 structures (~670 rows) says 2 and trains on 2, and with batches of 8 (~170 rows: one part) says 1; with
 * training.threads 1 (or --threads 1, as pooled trials get it) it says 1 and trains on one. The engine's own
 * account is its reason, which names the split.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { readEventLines } from '../../src/core/run-dir/read-run-dir';
import { runTraining } from '../../src/runner/train-run';
import type { RunPredictionsFile } from '../../src/protocol/report';
import { writeTinyTio2Config } from '../helpers/tiny-tio2-config';

/** The started event's threads and the threads the training engine says it split each batch over (1: no split). */
async function threadsOf(dir: string, threadsLine: string, override?: number, batch = 32): Promise<{ announced: number; ran: number }> {
  const cfg = writeTinyTio2Config(join(dir, 'lrt.mlip.yaml'), { limit: 60, env: ['O', 'Ti'], body: `method: { type: bnn, bnn: { estimator: lrt, train_samples: 2, predict_samples: 4 } }
training: { epochs: 2, batch_size: ${batch}, backend: wasm${threadsLine} }
evaluation: { calibration_every: 0 }` });
  const runDir = join(dir, 'run');
  const r = await runTraining({ configFile: cfg, runDir, ...(override !== undefined ? { threads: override } : {}) });
  assert.equal(r.status, 'completed');
  const started = readEventLines(join(runDir, 'events.ndjson')).find((e) => e.type === 'started');
  assert.ok(started && started.type === 'started');
  const reason = (JSON.parse(readFileSync(join(runDir, 'predictions.json'), 'utf8')) as RunPredictionsFile).producer?.engines?.training?.reason;
  assert.ok(reason, 'predictions.json names the training engine');
  const split = /split by structure over (\d+) threads/.exec(reason);
  return { announced: started.threads, ran: split ? Number(split[1]) : 1 };
}

test('an LRT BNN without training.threads announces the threads it trains on: every core, in parts of at least MIN_PART_ROWS rows', async () => {
  const t = await threadsOf(mkdtempSync(join(tmpdir(), 'started-threads-')), '');
  assert.equal(t.announced, t.ran);
  assert.equal(t.ran, Math.min(availableParallelism(), 2), 'batches of 32 structures (~670 atom rows) make two parts of ≥ 256 rows');
  assert.deepEqual(await threadsOf(mkdtempSync(join(tmpdir(), 'started-threads-')), '', undefined, 8), { announced: 1, ran: 1 }, 'batches of 8 (~170 rows) make one part');
});

test('an LRT BNN on training.threads 1, or --threads 1 as a pooled trial gets it, announces 1 and trains on one', async () => {
  assert.deepEqual(await threadsOf(mkdtempSync(join(tmpdir(), 'started-threads-')), ', threads: 1'), { announced: 1, ran: 1 });
  assert.deepEqual(await threadsOf(mkdtempSync(join(tmpdir(), 'started-threads-')), '', 1), { announced: 1, ran: 1 });
});
