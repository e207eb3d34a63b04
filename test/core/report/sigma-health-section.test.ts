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

test('without a fitted scale (too few validation values) a collapsed σ is still flagged, anything else is unknown with the reason', () => {
  const r = fixture();
  r.recalibration.energy = { scale: 1, fittedOn: 'validation', count: 10, note: 'only 10 validation values (fewer than 20): too few to fit a recalibration; σ left raw' };
  const m = r.metrics.validation!.energy!.raw.metrics;
  m.rmse = 0.189; m.sharpness = 0.36e-3;
  assert.equal(reportSigmaHealth(r)[0].state, 'collapsed');
  m.sharpness = 0.15;
  const h = reportSigmaHealth(r)[0];
  assert.equal(h.state, 'unknown');
  assert.match(h.note!, /only 10 validation values/);
});
