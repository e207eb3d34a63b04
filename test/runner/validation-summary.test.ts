/**
 * The dashboard and the report compute validation calibration the same way at the end of a run: the
 * `finished` event's summary carries the best epoch's raw-σ validation MACE (100 levels), RMSE, RMS σ and
 * fitted σ scale through the report's functions, so they equal the report's own numbers. (The periodic
 * snapshots stay the model of their epoch on 21 levels, and say so.)
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunEvent } from '../../src/protocol/events';
import type { UqReport } from '../../src/protocol/report';
import { runTraining } from '../../src/runner/train-run';
import { validationSummary } from '../../src/runner/calibration-snapshot';
import { writeTinyTio2Config } from '../helpers/tiny-tio2-config';
import { readEventsFile } from '../helpers/run-events';

test('the finished event\'s validation MACE, RMSE and RMS σ are the report\'s raw validation metrics; its scale the report\'s fit', async () => {
  const work = mkdtempSync(join(tmpdir(), 'mlip-valsum-'));
  const cfg = writeTinyTio2Config(join(work, 'v.mlip.yaml'), { limit: 150, env: ['O', 'Ti'], body: `method: { type: ensemble, ensemble: { members: 2 } }
training: { epochs: 3, batch_size: 16, backend: wasm, force_weight: 0.1 }
evaluation: { calibration_every: 1 }` });
  const dir = join(work, 'run');
  assert.equal((await runTraining({ configFile: cfg, runDir: dir })).status, 'completed');
  const finished = readEventsFile(dir).find((e): e is Extract<RunEvent, { type: 'finished' }> => e.type === 'finished')!;
  const report = JSON.parse(readFileSync(join(dir, finished.report), 'utf8')) as UqReport;
  const s = finished.summary;
  for (const [q, name] of [['energy', 'Energy'], ['forces', 'Force']] as const) {
    const m = report.metrics.validation![q]!.raw.metrics;
    assert.ok(Math.abs(s[`validation${name}Mace`] - m.mace) < 1e-12, `${q} MACE ${s[`validation${name}Mace`]} vs the report's ${m.mace}`);
    assert.ok(Math.abs(s[`validation${name}Rmse`] - m.rmse) <= 1e-12 * m.rmse, `${q} RMSE`);
    assert.ok(Math.abs(s[`validation${name}RmsSigma`] - m.sharpness) <= 1e-12 * m.sharpness, `${q} RMS σ`);
  }
  // 15 validation structures: too few energies for the report to fit a scale (< 20), but hundreds of force
  // components, whose pooled fit is the summary's.
  const rec = report.recalibration.forces!;
  assert.ok(rec.method !== undefined, `the report fitted a force scale (${rec.count} validation values)`);
  assert.ok(Math.abs(s.validationForceSigmaScale - rec.scale) <= 1e-12 * rec.scale, `scale ${s.validationForceSigmaScale} vs ${rec.scale}`);
});

test('validationSummary: MACE on 100 levels (not the snapshot\'s 21), per atom, no scale where every error is zero', () => {
  const p = (truth: number, mu: number, sigma: number) => ({ name: 'x', nAtoms: 2, energy: { mu, sigma, truth }, rows: [mu] });
  // |e|/σ = 1 for both: o(p) = 1 where Φ⁻¹((1 + p)/2) ≥ 1, i.e. p ≥ 0.6827, else 0.
  const s = validationSummary([p(10, 10.2, 0.2), p(10, 9.8, 0.2)]);
  const levels = Array.from({ length: 100 }, (_, i) => i / 99);
  const expected = levels.reduce((a, l) => a + Math.abs(l - (l >= 0.6826894921370859 ? 1 : 0)), 0) / 100;
  assert.ok(Math.abs(s.validationEnergyMace - expected) < 1e-12, `${s.validationEnergyMace} vs ${expected}`);
  assert.ok(Math.abs(s.validationEnergyRmse - 0.1) < 1e-12 && Math.abs(s.validationEnergyRmsSigma - 0.1) < 1e-12);
  assert.equal(s.validationForceMace, undefined, 'no forces, no force keys');
  assert.equal(validationSummary([p(10, 10, 0.2)]).validationEnergySigmaScale, undefined);
});
