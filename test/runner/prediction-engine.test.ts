/**
 * Which engine predicted is said everywhere a prediction leaves the tool: a run's predictions.json and
 * report (producer.engines, with the training engine from the started event; the HTML export's facts) and
 * `predict` (the JSON's "engine", a stderr line in text mode).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MlpKernel } from '../../src/core/kernels/mlp-kernel';
import { renderHtmlReport } from '../../src/core/report/html/html-report';
import { validateReport } from '../../src/core/report/validate-report';
import { RUN_FILES } from '../../src/protocol/run-dir';
import { runPredict } from '../../src/runner/commands/predict';
import { runTraining } from '../../src/runner/train-run';
import { TIO2_ARCHIVE as archive, writeTinyEnsembleConfig } from '../helpers/tiny-tio2-config';

test('a run records the training and prediction engines in its report, and predict says which engine predicted', async () => {
  const work = mkdtempSync(join(tmpdir(), 'mlip-engines-'));
  const dir = join(work, 'run');
  assert.equal((await runTraining({ configFile: writeTinyEnsembleConfig(join(work, 'e.mlip.yaml'), { members: 2, epochs: 1 }), runDir: dir })).status, 'completed');
  // The variant (plain SIMD or relaxed-SIMD FMA) is said in the reason, as in the training engine's.
  const variant = MlpKernel.variantNote();
  const kernels = { name: 'wasm-simd-kernels', reason: `prediction on the wasm SIMD MLP kernels${variant}` };
  const recorded = JSON.parse(readFileSync(join(dir, RUN_FILES.predictions), 'utf8')) as { producer: { engines: { prediction: unknown } } };
  assert.deepEqual(recorded.producer.engines.prediction, kernels);
  const report = validateReport(JSON.parse(readFileSync(join(dir, RUN_FILES.report), 'utf8')));
  assert.deepEqual(report.producer.engines?.prediction, kernels);
  assert.equal(report.producer.engines?.training?.name, 'wasm-simd-kernels');
  assert.match(report.producer.engines?.training?.reason ?? '', /^training steps on the wasm SIMD MLP kernels/);
  assert.ok(renderHtmlReport(report).includes(`prediction engine</th><td>wasm-simd-kernels — ${kernels.reason}</td>`));

  const json = { out: '', err: '' };
  assert.equal(await runPredict(['--run', dir, '--json', archive], { out: (t) => { json.out += t; }, err: (t) => { json.err += t; } }), 0, json.err);
  assert.deepEqual((JSON.parse(json.out) as { engine: unknown }).engine, kernels);
  const text = { out: '', err: '' };
  assert.equal(await runPredict(['--run', dir, archive], { out: (t) => { text.out += t; }, err: (t) => { text.err += t; } }), 0, text.err);
  assert.ok(text.err.split('\n').includes(`predicted on wasm-simd-kernels (${kernels.reason})`), text.err);
});
