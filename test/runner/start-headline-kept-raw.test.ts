/** The start headline says raw σ was kept where the run's held-out folds kept it, instead of a σ factor never applied. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { UqReport } from '../../src/protocol/report';
import { headline } from '../../src/runner/start-headline';

const example = JSON.parse(readFileSync(join(__dirname, '..', '..', 'schemas', 'examples', 'report', 'valid.uqreport.json'), 'utf8')) as UqReport;

test('headline: method "none" reads "raw σ kept", a fitted scale reads "recalibrated on validation (σ × s)"', () => {
  const kept = { ...example, recalibration: { energy: { ...example.recalibration.energy!, method: 'none' as const } } };
  const line = (r: UqReport) => headline(r, 'r.json').find((l) => l.includes('calibration:'))!;
  assert.match(line(kept), /; raw σ kept: better calibrated on held-out validation folds than either fit$/);
  assert.doesNotMatch(line(kept), /σ ×/);
  assert.match(line({ ...kept, recalibration: { energy: { ...kept.recalibration.energy!, method: 'scale' } } }), /; recalibrated on validation \(σ × 1\.83\): MACE/);
});
