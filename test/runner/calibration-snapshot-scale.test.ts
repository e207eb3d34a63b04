/** The validation snapshot carries the σ scale the report would fit, so the dashboard can say when σ is far off. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { StructurePrediction } from '../../src/core/training/evaluate';
import { fitCalibrationScale } from '../../src/core/uq/calibration-scale';
import { normalPpf } from '../../src/core/uq/special-functions';
import { energySnapshot, forceSnapshot } from '../../src/runner/calibration-snapshot';

test('snapshots carry the validation σ scale of every point (not only the drawn ones); none when every error is zero', () => {
  // 1000 two-atom structures, per-atom σ = 0.001, errors 10× that at normal quantiles: scale ≈ 10.
  const preds: StructurePrediction[] = Array.from({ length: 1000 }, (_, i) => ({
    name: `s${i}`, nAtoms: 2, rows: [], energy: { mu: 2 * 0.01 * normalPpf((i + 0.5) / 1000), sigma: 0.002, truth: 0 },
    forces: { mu: [0.3 * normalPpf(((i * 7) % 1000 + 0.5) / 1000)], sigma: [0.1], truth: [0] },
  }));
  const e = energySnapshot(preds, 50)!;
  assert.equal(e.parity.y.length, 50);
  const all = fitCalibrationScale({ yTrue: preds.map(() => 0), yPred: preds.map((p) => p.energy.mu / 2), yStd: preds.map(() => 0.001) });
  assert.equal(e.sigmaScale, all.scale);
  assert.ok(Math.abs(e.sigmaScale! / 10 - 1) < 0.02, `energy scale ${e.sigmaScale}`);
  assert.ok(Math.abs(forceSnapshot(preds)!.sigmaScale! / 3 - 1) < 0.02);
  const exact = preds.map((p) => ({ ...p, energy: { ...p.energy, mu: 0 } }));
  assert.equal(energySnapshot(exact)!.sigmaScale, undefined);
});
