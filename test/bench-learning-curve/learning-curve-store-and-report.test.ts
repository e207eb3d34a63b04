// The learning-curve bench's resumable store (test/bench/learning-curve-points.ts) and its report from the
// stored seeds (test/bench/learning-curve-report.ts): no training, hand-made curves with hand-computed values.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { matchingCurves, readPoints, upsertCurve, writePoints, type CurveSettings, type SeedCurve } from '../bench/learning-curve-points';
import { labelsToReach, methodReport, notesOf } from '../bench/learning-curve-report';

const SETTINGS: CurveSettings = { data: 'd.tar.gz', start: 300, step: 150, test: 780, validation: 300, rounds: 2, epochs: 300, model: 'seed: SEED' };

/** A seed's curves at 300, 450, 600 labels from RMSEs in eV/atom; MACE per seed constant. */
function seedCurve(seed: number, rmse: Record<'sigma' | 'sigma-diverse' | 'random', number[]>, mace: number, settings = SETTINGS): SeedCurve {
  const strategies = Object.fromEntries(Object.entries(rmse).map(([s, r]) => [s, r.map((x, i) => ({ labels: 300 + 150 * i, rmse: x, mace, seconds: 10 }))]));
  return { method: 'ensemble', seed, settings, commit: 'abc', finished: `2026-12-07T0${seed}:00:00.000Z`, minutes: 8, cores: 2, load: { start: 1, mean: 2, max: 3 }, strategies };
}

test('labelsToReach interpolates linearly between the rounds around the target, and is null when never reached', () => {
  const curve = [{ labels: 300, rmse: 0.9, mace: 0, seconds: 0 }, { labels: 450, rmse: 0.6, mace: 0, seconds: 0 }, { labels: 600, rmse: 0.3, mace: 0, seconds: 0 }];
  assert.ok(Math.abs(labelsToReach(curve, 0.45)! - 525) < 1e-9); // 450 + (0.6 − 0.45)/(0.6 − 0.3)·150
  assert.equal(labelsToReach(curve, 1.0), 300);
  assert.equal(labelsToReach(curve, 0.2), null);
});

test('stored seeds are matched by method and every setting, and a recomputed seed replaces its old entry', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lc-points-'));
  try {
    const file = join(dir, 'points.json');
    assert.deepEqual(readPoints(file).curves, []);
    const flat = { sigma: [0.9, 0.5, 0.3], 'sigma-diverse': [0.9, 0.5, 0.3], random: [0.9, 0.7, 0.5] };
    let points = upsertCurve(readPoints(file), seedCurve(2, flat, 0.02));
    points = upsertCurve(points, seedCurve(1, flat, 0.02));
    points = upsertCurve(points, seedCurve(1, flat, 0.02, { ...SETTINGS, epochs: 400 }));
    writePoints(file, points);
    const back = readPoints(file);
    assert.deepEqual(back.curves.map((c) => [c.seed, c.settings.epochs]), [[1, 300], [1, 400], [2, 300]]);
    assert.deepEqual(matchingCurves(back, 'ensemble', SETTINGS).map((c) => c.seed), [1, 2]);
    assert.deepEqual(matchingCurves(back, 'lrt', SETTINGS), []);
    assert.deepEqual(matchingCurves(back, 'ensemble', { ...SETTINGS, model: 'other' }), []);
    const again = upsertCurve(back, seedCurve(1, flat, 0.05));
    assert.equal(again.curves.length, 3);
    assert.equal(matchingCurves(again, 'ensemble', SETTINGS)[0].strategies.sigma[0].mace, 0.05);
  } finally { rmSync(dir, { recursive: true, force: true }); }
});

test('the report gives mean (min–max) per round, the stopping rule per seed and on the mean curves, and keeps the notes', () => {
  const curves = [
    seedCurve(1, { sigma: [0.9, 0.6, 0.3], 'sigma-diverse': [0.9, 0.8, 0.7], random: [0.9, 0.7, 0.5] }, 0.01),
    seedCurve(2, { sigma: [0.8, 0.4, 0.2], 'sigma-diverse': [0.8, 0.5, 0.4], random: [0.8, 0.6, 0.4] }, 0.03),
  ];
  const notes = notesOf('# old\n\ntable\n\n## Notes\n- hand-written\n');
  assert.equal(notes, '## Notes\n- hand-written\n');
  const { markdown, svg } = methodReport('ensemble', curves, 'npm run bench -- learning-curve --seeds=2', notes);
  assert.match(markdown, /\| sigma RMSE \(meV\/atom\) \| 850\.00 \(800\.00–900\.00\) \| 500\.00 \(400\.00–600\.00\) \| 250\.00 \(200\.00–300\.00\) \|/);
  assert.match(markdown, /\| random MACE \| 0\.020 \(0\.010–0\.030\) \|/);
  // Mean random final 450 meV/atom at 600 labels; mean σ curve 850, 500, 250 → 450 + (500 − 450)/(500 − 250)·150 = 480.
  // Seed 1: target 500 → 450 + (600 − 500)/(600 − 300)·150 = 500 (83 %); seed 2: target 400, reached at 450 (75 %).
  assert.match(markdown, /- sigma: 480 labels on the mean curves \(80 % of random's; goal ≤ 70 %\); per seed 1: 500 \(83 %\), 2: 450 \(75 %\); mean of the seeds 475 \(79 %, min–max 75 %–83 %\)/);
  assert.match(markdown, /- sigma-diverse: not reached within 600 labels on the mean curves; per seed 1: not reached, 2: 600 \(100 %\); 1 of 2 seeds never reach it/);
  assert.match(markdown, /- random: 600 labels on the mean curves \(100 % of random's; goal ≤ 70 %\)/);
  assert.match(markdown, /mean over 2 seed\(s\) \(1, 2\)/);
  assert.ok(markdown.trimEnd().endsWith('## Notes\n- hand-written'));
  assert.match(svg, /^<svg/);
  assert.match(svg, /2 seeds, ± 1 std/);
});
