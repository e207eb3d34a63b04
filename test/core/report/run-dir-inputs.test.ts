import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocatedError } from '../../../src/core/errors';
import { buildReport } from '../../../src/core/report/build-report';
import { encodeNumbers } from '../../../src/core/report/number-array';
import { readRunDirInputs } from '../../../src/core/report/run-dir-inputs';
import { writePredictionsFile } from '../../../src/core/report/write-predictions';
import { validateReport } from '../../../src/core/report/validate-report';

function withRunDir(files: Record<string, string>, fn: (dir: string) => void): void {
  const dir = mkdtempSync(join(tmpdir(), 'run-'));
  try {
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const s = (name: string, t: number, p: number, sd: number) => ({ name, atoms: 3, energyTrue: t, energyPred: p, energyStd: sd });
const predictions = {
  format: 'mlip-uq-predictions', version: 1,
  sets: {
    validation: { structures: [s('a', 1, 1.1, 0.1), s('b', 2, 1.8, 0.1)] },
    test: {
      structures: [s('c', 1, 1.05, 0.1), s('d', 3, 3.2, 0.2)],
      forces: { true: [0, 1, 2], pred: [0.1, 1.1, 1.7], std: encodeNumbers([0.1, 0.1, 0.2]) },
    },
  },
};
const ev = (o: object) => JSON.stringify({ v: 1, t: '2026-11-24T00:00:00Z', run: 'r1', ...o });
const events = [
  ev({ type: 'started', backend: 'wasm', backendReason: 'tfjs-node missing', threads: 2, versions: {}, configHash: 'abc', configFile: 'c.yaml', method: 'ensemble', members: 3, epochs: 2, trainForces: true, data: {} }),
  ev({ type: 'epoch', epoch: 1, epochs: 2, trainLoss: 1, dataTerm: 1, klTerm: 0, valLoss: 1, valEnergyRmse: 0.2, learningRate: 1e-3, seconds: 1, etaSeconds: 1, best: true, members: [{ trainLoss: 1, valEnergyRmse: 0.2 }] }),
  ev({ type: 'epoch', epoch: 2, epochs: 2, trainLoss: 0.5, dataTerm: 0.5, klTerm: 0, valLoss: 0.6, valEnergyRmse: 0.1, learningRate: 1e-3, seconds: 1, etaSeconds: 0, best: true }),
  ev({ type: 'finished', epochs: 2, bestEpoch: 2, seconds: 3.5, report: 'report.uqreport.json', summary: {}, stopped: 'completed' }),
  '{"type": "log", "torn',
].join('\n');

test('a run directory with predictions, events, config and split gives a report that validates', () => {
  withRunDir({
    'predictions.json': JSON.stringify(predictions), 'events.ndjson': events,
    'config.resolved.json': JSON.stringify({ method: { type: 'ensemble' }, training: { seed: 11 }, data: { split: { seed: 3 } } }),
    'split.json': JSON.stringify({ train: ['x'], validation: ['a', 'b'], test: ['c', 'd'], seed: 3 }),
  }, (dir) => {
    const inputs = readRunDirInputs(dir, { toolVersion: '9.9.9' });
    const r = validateReport(buildReport(inputs));
    assert.equal(r.producer.backend.name, 'wasm');
    assert.equal(r.producer.configHash, 'abc');
    assert.equal(r.producer.tool.version, '9.9.9');
    assert.deepEqual(r.producer.split.validation, ['a', 'b']);
    assert.equal(r.method.method, 'ensemble');
    assert.equal(r.method.members, 3);
    assert.deepEqual(r.history.epochs.map((e) => e.epoch), [1, 2], 'the torn last line is skipped');
    assert.equal(r.history.epochs[0].members?.length, 1);
    assert.equal(r.history.bestEpoch, 2);
    assert.deepEqual(r.producer.seeds, { training: 11, split: 3 });
    assert.deepEqual(r.producer.wallTimeSeconds, { train: 2, total: 3.5 });
    assert.equal(r.metrics.test?.forces?.raw.metrics.count, 3);
    assert.ok(Math.abs(r.metrics.test!.energy!.raw.metrics.mae - 0.125) < 1e-12);
  });
});

test('predictions alone are enough: missing pieces are derived and noted', () => {
  withRunDir({ 'predictions.json': JSON.stringify(predictions) }, (dir) => {
    const r = validateReport(buildReport(readRunDirInputs(dir)));
    assert.deepEqual(r.producer.split.test, ['c', 'd']);
    assert.match(r.producer.dataFingerprint, /^sha256:[0-9a-f]{64}$/);
    assert.match(r.producer.tool.version, /^\d+\.\d+\.\d+/);
    assert.ok(r.notes?.some((n) => /split\.json/.test(n)));
  });
});

test('a missing predictions file or a bad value is a located error', () => {
  withRunDir({}, (dir) => assert.throws(() => readRunDirInputs(dir), (e: unknown) => e instanceof LocatedError && /predictions\.json/.test(e.message)));
  const bad = JSON.parse(JSON.stringify(predictions));
  bad.sets.test.structures[1].energyStd = 'big';
  withRunDir({ 'predictions.json': JSON.stringify(bad) }, (dir) => {
    assert.throws(() => readRunDirInputs(dir), (e: unknown) => e instanceof LocatedError && e.location.field === 'sets.test.structures[1].energyStd');
  });
  withRunDir({ 'predictions.json': '{"format": "mlip-uq-predictions",\n "version": 1, "sets": {' }, (dir) => {
    assert.throws(() => readRunDirInputs(dir), (e: unknown) => e instanceof LocatedError && e.location.line === 2);
  });
});

test('writePredictionsFile writes what readRunDirInputs reads back (large force arrays encoded)', () => {
  withRunDir({}, (dir) => {
    const forces = { true: Array.from({ length: 50 }, (_, i) => i / 10), pred: Array.from({ length: 50 }, (_, i) => i / 10 + 0.01), std: new Array(50).fill(0.05) };
    writePredictionsFile(dir, {
      sets: { test: { structures: [s('c', 1, 1.05, 0.1)], forces } },
      method: { method: 'bnn', estimator: 'flipout', samples: 20, trainForces: true },
      producer: { dataFingerprint: 'sha256:given', seeds: { split: 4 } },
      encodeAbove: 10,
    });
    const inputs = readRunDirInputs(dir);
    assert.equal(inputs.method.estimator, 'flipout');
    assert.equal(inputs.producer.dataFingerprint, 'sha256:given');
    assert.deepEqual(inputs.producer.seeds, { split: 4 });
    const back = inputs.predictions.test!.forces!;
    assert.equal(back.pred.length, 50);
    assert.equal(back.pred[7], Math.fround(0.71));
  });
});

test('without a finished event (the runner writes the report first) the best epoch comes from the epoch events', () => {
  const noFinished = events.split('\n').filter((l) => !l.includes('"finished"')).join('\n');
  withRunDir({ 'predictions.json': JSON.stringify(predictions), 'events.ndjson': noFinished }, (dir) => {
    assert.equal(readRunDirInputs(dir).history.bestEpoch, 2);
  });
});
