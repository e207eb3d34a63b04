import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildReport, type ReportInputs } from '../../../src/core/report/build-report';
import { decodeNumbers } from '../../../src/core/report/number-array';
import { readReport } from '../../../src/core/report/read-report';
import { validateReport } from '../../../src/core/report/validate-report';
import { writeReportFile } from '../../../src/core/report/write-report';
import type { StructurePrediction } from '../../../src/protocol/report';
import { assertClose, loadUqCases, type UqCase } from '../uq/uq-reference';

const cases = loadUqCases();
const overconfident = cases.find((c) => c.name.startsWith('overconfident'))!;
const outliers = cases.find((c) => c.name.startsWith('outliers'))!;

function structures(c: UqCase, prefix: string): StructurePrediction[] {
  return c.y_true.map((y, i) => ({ name: `${prefix}-${i}`, atoms: 6, energyTrue: y, energyPred: c.y_pred[i], energyStd: c.y_std[i] }));
}

function inputs(): ReportInputs {
  return {
    producer: {
      tool: { name: 'mlip-uq', version: '0.1.0' }, backend: { name: 'cpu' }, config: { seed: 1 }, configHash: 'h',
      dataFingerprint: 'f', split: { train: [], validation: [], test: [] }, seeds: { split: 1 }, wallTimeSeconds: { train: 1 },
    },
    method: { method: 'bnn', estimator: 'lrt', samples: 20, trainForces: true },
    history: { epochs: [{ epoch: 1, trainLoss: 2, dataTerm: 1.5, klTerm: 0.5, valEnergyRmse: 0.1 }] },
    predictions: {
      // The overconfident case is both validation and test here, so the test metrics are the reference's.
      validation: { structures: structures(overconfident, 'v') },
      test: {
        structures: structures(overconfident, 't'),
        forces: { true: outliers.y_true, pred: outliers.y_pred, std: outliers.y_std },
      },
    },
    encodeForcesAbove: 100,
  };
}

test('buildReport computes every set × quantity from src/core/uq and the result validates', () => {
  const report = validateReport(buildReport(inputs()));
  const ref = overconfident.metrics as Record<string, Record<string, number>>;
  const e = report.metrics.test!.energy!;
  assertClose(e.raw.metrics.mace, ref.calibration_interval_100.ma_cal, 1e-9, 'test energy MACE');
  assertClose(e.raw.metrics.nll, ref.scoring_rules.nll, 1e-9, 'test energy NLL');
  const f = report.metrics.test!.forces!;
  assertClose(f.raw.metrics.rmse, (outliers.metrics.accuracy as Record<string, number>).rmse, 1e-9, 'test force RMSE');
  assert.equal(f.unit, 'eV/Å');
  assert.equal(report.metrics.validation!.forces, undefined);
});

test('the σ scale is fitted on validation and lowers the test NLL of the overconfident case', () => {
  const report = buildReport(inputs());
  assert.ok(report.recalibration.energy!.scale > 1.3, `scale ${report.recalibration.energy!.scale}`);
  assert.equal(report.recalibration.forces, undefined, 'no validation forces, no force recalibration');
  const e = report.metrics.test!.energy!;
  assert.ok(e.recalibrated!.metrics.nll < e.raw.metrics.nll);
  assert.equal(e.recalibrated!.metrics.rmse, e.raw.metrics.rmse);
});

test('large force arrays are stored as base64 float32 and survive a write/read round trip', () => {
  const dir = mkdtempSync(join(tmpdir(), 'report-'));
  try {
    const path = join(dir, 'r.uqreport.json');
    writeReportFile(path, buildReport(inputs()));
    const back = readReport({ path });
    const forces = back.predictions.test!.forces!;
    assert.equal(forces.count, 200);
    assert.ok(!Array.isArray(forces.pred));
    const pred = decodeNumbers(forces.pred);
    outliers.y_pred.forEach((v, i) => assert.equal(pred[i], Math.fround(v)));
    assert.equal(back.history.epochs[0].klTerm, 0.5);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('buildReport refuses inconsistent force arrays with a located error', () => {
  const bad = inputs();
  bad.predictions.test!.forces = { true: [1, 2], pred: [1], std: [1, 1] };
  assert.throws(() => buildReport(bad), /predictions\.test\.forces/);
});

test('a set whose σ is all zero (a deterministic model) gets a note saying its uncertainty metrics mean nothing', () => {
  const i = inputs();
  i.predictions.test!.structures = i.predictions.test!.structures.map((x) => ({ ...x, energyStd: 0 }));
  const report = validateReport(buildReport(i));
  assert.ok(report.notes?.some((n) => /σ is zero for every test energy value/.test(n)), JSON.stringify(report.notes));
  assert.ok(Number.isFinite(report.metrics.test!.energy!.raw.metrics.nll));
});
