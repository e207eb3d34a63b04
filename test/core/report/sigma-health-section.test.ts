/** The σ health of a report's quantities (src/core/report/sigma-health-section.ts), from its recalibration and raw validation metrics. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { reportSigmaHealth } from '../../../src/core/report/sigma-health-section';
import type { UqReport } from '../../../src/protocol/report';

// A report of a real run of the fast ensemble example (test/webview/fixtures/README.md).
const fixture = (): UqReport => JSON.parse(readFileSync(join(__dirname, '..', '..', 'webview', 'fixtures', 'tio2-ensemble-fast.uqreport.json'), 'utf8')) as UqReport;

test('a fitted scale classifies each quantity; the energy of the fixture report as its scale says', () => {
  const r = fixture();
  r.recalibration.energy = { ...r.recalibration.energy!, scale: 3.2, method: 'scale', note: undefined };
  const [e] = reportSigmaHealth(r);
  assert.equal(e.quantity, 'energy');
  assert.equal(e.set, 'validation');
  assert.equal(e.state, 'over-confident');
  assert.equal(e.scale, 3.2);
});

const UNFITTED = { scale: 1, fittedOn: 'validation' as const, count: 10, note: 'only 10 validation values (fewer than 20): too few to fit a recalibration; σ left raw' };

test('where the report left σ raw (10 validation values) the badge fits the scale on them itself and says so', () => {
  const r = fixture();
  r.recalibration.energy = UNFITTED;
  const h = reportSigmaHealth(r)[0];
  // The fast LRT run of the issue: σ 60× too small on its 10 validation structures.
  const v = r.predictions.validation!.structures;
  v.forEach((s) => { s.energyStd = Math.abs(s.energyPred - s.energyTrue) / 60 + 1e-9; });
  const lrt = reportSigmaHealth(r)[0];
  assert.equal(lrt.state, 'collapsed');
  assert.ok(lrt.scale! > 40 && lrt.scale! < 90, `scale ${lrt.scale}`);
  assert.match(lrt.note!, /^scale fitted for this badge on the 10 validation values \(the report: only 10 validation values/);
  assert.notEqual(h.state, 'unknown');
});

test('without validation predictions or a fitted scale: collapsed when RMS σ < 1 % of the RMSE, else unknown with the reason', () => {
  const r = fixture();
  r.recalibration.energy = UNFITTED;
  r.predictions.validation = undefined;
  const m = r.metrics.validation!.energy!.raw.metrics;
  m.rmse = 0.189; m.sharpness = 0.36e-3;
  assert.equal(reportSigmaHealth(r)[0].state, 'collapsed');
  m.sharpness = 0.15;
  const h = reportSigmaHealth(r)[0];
  assert.equal(h.state, 'unknown');
  assert.match(h.note!, /^only 10 validation values/);
});
