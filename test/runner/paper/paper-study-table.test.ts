/** Seeds become mean ± sample std per (method, regime), beside the paper's mean ± std. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { seededSplit } from '../../../src/core/training/split';
import { paperConfig, type PaperSettings } from '../../../src/runner/paper/paper-configs';
import type { PaperRunResult } from '../../../src/runner/paper/paper-results';
import { aggregate, meanStd, studyMarkdown } from '../../../src/runner/paper/paper-study-table';
import { planRuns } from '../../../src/runner/paper/run-paper';

test('meanStd: sample standard deviation (n − 1); one value has no spread', () => {
  const x = meanStd([1, 2, 3, 4])!;
  assert.equal(x.mean, 2.5);
  assert.ok(Math.abs(x.std - Math.sqrt(5 / 3)) < 1e-15);
  assert.ok(Number.isNaN(meanStd([7])!.std));
  assert.equal(meanStd([]), undefined);
});

function result(method: 'de' | 'lrt', seed: number, rmse: number | null): PaperRunResult {
  const m = rmse === null ? null : {
    rmse, mae: rmse / 2, nllNo2pi: -4, mace: 0.05, spearman: 0.5, miscalibrationArea: 0.05, forceRmse: null, maxError: 0.1, rmsce: 0.06,
    sharpness: 0.02, r2AbsErrorOnSigma: 0.3, topQuartileOverlapPercent: 40, nll: -3, ece10: 0.05, forceMae: null, forceEce10: null,
  };
  return { method, regime: 'full', seed, forces: false, runDir: `${method}-${seed}`, status: 'completed', metrics: m, epochs: 10, bestEpoch: 9, trainSeconds: 60, stoppedBy: 'epochs', testCount: 780, trainCount: 6331, validationCount: 704 };
}

test('aggregate: the runs with a report count; a failed run is left out of n', () => {
  const agg = aggregate([result('de', 1, 0.01), result('de', 2, 0.014), result('lrt', 1, 0.03), result('lrt', 2, null)], ['rmse', 'mae']);
  assert.deepEqual(agg.map((a) => [a.method, a.n]), [['de', 2], ['lrt', 1]]);
  assert.ok(Math.abs(agg[0].values.rmse!.mean - 0.012) < 1e-15);
  assert.ok(Math.abs(agg[0].values.rmse!.std - Math.sqrt(2 * 0.002 ** 2)) < 1e-15);
  const md = studyMarkdown([result('de', 1, 0.01), result('de', 2, 0.014)], { study: 'tio2', seeds: [1, 2], parallel: 2, seconds: 120 });
  assert.match(md, /\| DE \| full \| ours \(n = 2\) \| 0\.006 ± 0\.001414 \| 0\.012 ± 0\.002828 \|/);
  // The paper's row beneath: §4.1 DE full MAE 0.00511 ± 0.00019, RMSE 0.0121 ± 0.0010.
  assert.match(md, /\| DE \| full \| paper \| 0\.00511 ± 1\.900e-4 \| 0\.0121 ± 0\.001 \|/);
});

test('studyMarkdown: the runs\' recalibrated test numbers follow, mean ± std with the validation-fitted σ scale; none without recalibration', () => {
  const recal = (scale: number, mace: number) => ({ scale, method: 'scale' as const, nll: -3, nllNo2pi: -3.9189385, mace, rmsce: mace * 1.2, ece10: mace, picp95: 0.94 });
  const runs = [{ ...result('de', 1, 0.01), recalibrated: recal(0.4, 0.02) }, { ...result('de', 2, 0.014), recalibrated: recal(0.5, 0.04) }, result('lrt', 1, 0.03)];
  const md = studyMarkdown(runs, { study: 'tio2', seeds: [1, 2], parallel: 2, seconds: 120 });
  assert.match(md, /### After each run's recalibration/);
  // DE: scale 0.45 ± 0.07071, NLL (no 2π, the study's variant) −3.919, MACE 0.03 ± 0.01414; LRT had no recalibration.
  assert.match(md, /\| DE \| full \| 2 \| 0\.45 ± 0\.07071 \| -3\.919 ± 0 \| 0\.03 ± 0\.01414 \| 0\.036 ± 0\.01697 \| 0\.03 ± 0\.01414 \| 0\.94 ± 0 \| scale \(2\) \|/);
  assert.doesNotMatch(md, /\| LRT \| full \| 1 \|/);
  assert.doesNotMatch(studyMarkdown([result('de', 1, 0.01)], { study: 'tio2', seeds: [1], parallel: 1, seconds: 1 }), /recalibration/);
});

test('studyMarkdown: runs whose held-out folds kept raw σ are counted as "raw σ kept" beside the fitted ones', () => {
  const recal = (method: 'none' | 'scale', mace: number) => ({ scale: 1.1, method, nll: -3, nllNo2pi: -3.9189385, mace, rmsce: mace, ece10: mace, picp95: 0.95 });
  const runs = [{ ...result('de', 1, 0.01), recalibrated: recal('none', 0.04) }, { ...result('de', 2, 0.014), recalibrated: recal('scale', 0.02) }, { ...result('de', 3, 0.012), recalibrated: recal('none', 0.03) }];
  const md = studyMarkdown(runs, { study: 'tio2', seeds: [1, 2, 3], parallel: 2, seconds: 120 });
  assert.match(md, /\| DE \| full \| 3 \| .* \| raw σ kept \(2\), scale \(1\) \|/);
  assert.match(md, /raw σ kept where held-out folds found it better calibrated than either fit/);
});

test('the paper\'s split sizes: 6,331 / 704 / 780 of 7,815 exactly, and the subset 1,266 / 141 with the same test set', () => {
  const s: PaperSettings = { data: ['x'], referenceEnergies: { Ti: 0 }, env: null, limit: null, subsetFraction: 0.2, seed: 3, splitSizes: [6331, 704, 780], forces: false, members: 10, epochs: { de: 1, lrt: 1, flipout: 1, radial: 1 } };
  const items = Array.from({ length: 7815 }, (_, i) => i);
  const full = paperConfig('lrt', 'full', s, 883144) as { data: { split: { train: number; validation: number; test: number; seed: number } }; training: { seed: number } };
  const sp = full.data.split;
  const a = seededSplit(items, sp, sp.seed);
  assert.deepEqual([a.train.length, a.validation.length, a.test.length], [6331, 704, 780]);
  const b = seededSplit(items, sp, sp.seed, 0.2, 3);
  assert.deepEqual([b.train.length, b.validation.length], [1266, 141]);
  assert.deepEqual(b.test, a.test);
  assert.equal(full.training.seed, 883144);
  // Another training seed changes nothing but the training seed.
  const other = paperConfig('lrt', 'full', s, 321439) as typeof full;
  assert.deepEqual({ ...other, training: { ...other.training, seed: 0 } }, { ...full, training: { ...full.training, seed: 0 } });
});

test('planRuns: seeds outermost, full before subset; one seed keeps the plain folder names', () => {
  const two = planRuns({ seeds: [5, 6], regimes: ['full', 'subset'], methods: ['de', 'lrt'] });
  assert.deepEqual(two.map((p) => p.name), ['de-full-s5', 'lrt-full-s5', 'de-subset-s5', 'lrt-subset-s5', 'de-full-s6', 'lrt-full-s6', 'de-subset-s6', 'lrt-subset-s6']);
  assert.deepEqual(planRuns({ seeds: [1], regimes: ['full'], methods: ['de', 'lrt'] }).map((p) => p.name), ['de-full', 'lrt-full']);
});
