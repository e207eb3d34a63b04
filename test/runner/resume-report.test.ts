/**
 * A run stopped (Stop: a `finished` with stopped "cancelled") and resumed: its report describes the whole
 * run as it ended, not the stopped part (issue 17: "1004 epochs (best 807)", stopped: cancelled and a
 * total wall time below the training's after Stop and Resume).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runTraining } from '../../src/runner/train-run';
import { writeTinyTio2Config } from '../helpers/tiny-tio2-config';
import { readEventsFile } from '../helpers/run-events';

const work = mkdtempSync(join(tmpdir(), 'mlip-resume-report-'));

test('after Stop and Resume the report has the final stop reason, best epoch, every epoch once and the wall time of both parts', async () => {
  const cfg = writeTinyTio2Config(join(work, 'long.mlip.yaml'), { limit: 30, env: ['O', 'Ti'], body: `method: { type: deterministic }
training: { epochs: 8, batch_size: 8, learning_rate: 0.003, backend: wasm, seed: 5, early_stopping: { patience: null } }
evaluation: { calibration_every: 0 }` });
  const dir = join(work, 'run');
  const cancel = { requested: false };
  const first = await runTraining({ configFile: cfg, runDir: dir, cancel, onEvent: (e) => { if (e.type === 'epoch' && e.epoch === 3) cancel.requested = true; } });
  assert.equal(first.status, 'cancelled');
  const resumed = await runTraining({ configFile: cfg, runDir: dir, resume: true });
  assert.equal(resumed.status, 'completed');

  const events = readEventsFile(dir);
  const finished = events.filter((e) => e.type === 'finished');
  assert.equal(finished.length, 2);
  const [stoppedPart, last] = finished;
  assert.ok(stoppedPart.type === 'finished' && stoppedPart.stopped === 'cancelled');
  assert.ok(last.type === 'finished' && last.stopped === 'completed');

  const report = JSON.parse(readFileSync(join(dir, 'report.uqreport.json'), 'utf8')) as {
    history: { epochs: { epoch: number }[]; bestEpoch?: number; stopped?: string };
    producer: { wallTimeSeconds: { train?: number; total?: number } };
  };
  assert.equal(report.history.stopped, 'completed');
  assert.equal(report.history.bestEpoch, last.bestEpoch);
  assert.deepEqual(report.history.epochs.map((e) => e.epoch), [1, 2, 3, 4, 5, 6, 7, 8]);
  const wall = report.producer.wallTimeSeconds;
  assert.ok(wall.total !== undefined && wall.train !== undefined);
  // Both parts' own clocks (the last up to its report), never less than the training inside them.
  const secondPartEpochs = events.slice(events.indexOf(stoppedPart)).reduce((a, e) => a + (e.type === 'epoch' ? e.seconds : 0), 0);
  assert.ok(wall.total >= stoppedPart.seconds + secondPartEpochs, `total ${wall.total} vs ${stoppedPart.seconds} + epochs ${secondPartEpochs}`);
  assert.ok(wall.total <= stoppedPart.seconds + last.seconds + 1e-9);
  assert.ok(wall.total >= wall.train, `total ${wall.total} ≥ train ${wall.train}`);
});
