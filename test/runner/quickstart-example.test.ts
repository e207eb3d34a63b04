/**
 * The example `npm start` trains first (examples/tio2-quickstart.mlip.yaml): a test set large enough to
 * mean something (≥ 30 structures; the fast examples test on 10) and a sensible accuracy in well under a
 * minute of training on two cores.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfigOrThrow } from '../../src/core/config';
import { runTraining } from '../../src/runner/train-run';
import { checkConfigData } from '../../src/runner/validate-data';

const config = join(__dirname, '..', '..', 'examples', 'tio2-quickstart.mlip.yaml');

test('the quickstart example tests on at least 30 structures and trains to a test RMSE under 30 meV/atom with calibrated σ', async (t) => {
  const data = checkConfigData(loadConfigOrThrow(config).config, config);
  assert.ok(data.sets.test >= 30, `test set of ${data.sets.test}`);
  assert.equal(data.sets.test, 150);
  const dir = mkdtempSync(join(tmpdir(), 'quickstart-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const t0 = Date.now();
  const r = await runTraining({ configFile: config, runDir: join(dir, 'run'), threads: 2 });
  const seconds = (Date.now() - t0) / 1000;
  assert.notEqual(r.status, 'failed', r.message);
  const report = JSON.parse(readFileSync(join(dir, 'run', 'report.uqreport.json'), 'utf8'));
  const m = report.metrics.test.energy.raw.metrics;
  assert.equal(m.count, 150);
  assert.ok(m.rmse < 0.03, `test RMSE ${(m.rmse * 1000).toFixed(1)} meV/atom`);
  assert.ok(m.mace < 0.15, `MACE ${m.mace}`);
  assert.ok(m.picp95 > 0.8, `PICP95 ${m.picp95}`);
  // Generous for a loaded shared machine; about 30 s on two idle cores.
  assert.ok(seconds < 180, `${seconds.toFixed(0)} s`);
});
