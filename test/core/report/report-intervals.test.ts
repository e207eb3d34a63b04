/**
 * The report's bootstrap intervals (src/core/report/interval-section.ts): on every set, quantity and
 * σ variant, around the report's own values, force components resampled by structure, the same on every
 * build, and optional in the schema (a report written before them still validates).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildReport, type ReportInputs } from '../../../src/core/report/build-report';
import { forceComponentStructures, resamplesFor } from '../../../src/core/report/interval-section';
import { validateReport } from '../../../src/core/report/validate-report';
import { Rng } from '../../../src/core/rng';
import { INTERVAL_METRIC_KEYS, type IntervalMetricKey, type StructurePrediction, type UqEvaluation, type UqReport } from '../../../src/protocol/report';

/** n structures of 2 atoms, energy errors N(0, 0.02²) with σ = 0.01 (2× over-confident), forces likewise. */
function set(n: number, seed: number, prefix: string) {
  const rng = new Rng(seed);
  const structures: StructurePrediction[] = Array.from({ length: n }, (_, i) => ({ name: `${prefix}${i}`, atoms: 2, energyTrue: -5, energyPred: -5 + 0.02 * rng.normal(), energyStd: 0.01 }));
  const comps = 6 * n;
  const fTrue = Array.from({ length: comps }, () => rng.normal());
  const fPred = fTrue.map((y) => y + 0.1 * rng.normal());
  return { structures, forces: { true: fTrue, pred: fPred, std: fTrue.map(() => 0.05), elements: Array.from({ length: 2 * n }, (_, a) => (a % 2 ? 'O' : 'Ti')) } };
}

function inputs(): ReportInputs {
  return {
    producer: {
      tool: { name: 'mlip-uq', version: '0.1.0' }, backend: { name: 'cpu' }, config: {}, configHash: 'h',
      dataFingerprint: 'f', split: { train: [], validation: [], test: [] }, seeds: {}, wallTimeSeconds: {},
    },
    method: { method: 'ensemble', members: 5, trainForces: true },
    history: { epochs: [] },
    predictions: { validation: set(60, 1, 'v'), test: set(40, 2, 't') },
  };
}

function assertAround(ev: UqEvaluation | undefined, what: string, keys: readonly IntervalMetricKey[] = INTERVAL_METRIC_KEYS): void {
  assert.ok(ev?.intervals, `${what} has intervals`);
  for (const k of keys) {
    const [lo, hi] = ev.intervals[k]!;
    assert.ok(lo <= ev.metrics[k] && ev.metrics[k] <= hi && lo < hi, `${what} ${k} ${ev.metrics[k]} in [${lo}, ${hi}]`);
  }
}

test('every set, quantity and σ variant carries 95 % intervals around its own RMSE, MAE, MACE and PICP', () => {
  const r = validateReport(buildReport(inputs()));
  for (const s of ['validation', 'test'] as const) {
    for (const q of ['energy', 'forces'] as const) {
      const qm = r.metrics[s]![q]!;
      assertAround(qm.raw, `${s} ${q} raw`);
      assertAround(qm.recalibratedBy!.scale, `${s} ${q} scale`);
      assert.equal(qm.raw.intervals!.level, 0.95);
      assert.equal(qm.raw.intervals!.resamples, 1000);
      // Recalibration leaves ŷ alone: the same resamples give the same accuracy intervals.
      assert.deepEqual(qm.recalibratedBy!.scale!.intervals!.rmse, qm.raw.intervals!.rmse);
      const iso = qm.recalibratedBy!.isotonic;
      if (iso) {
        assertAround(iso, `${s} ${q} isotonic`, ['rmse', 'mae']);
        assert.equal(iso.intervals!.mace, undefined, 'isotonic MACE is not a function of σ per point: no interval');
      }
    }
  }
  // Force components move with their structure: 40 test structures are the resampling units, not 240 components.
  assert.equal(r.metrics.test!.forces!.raw.intervals!.structures, 40);
  assert.equal(r.metrics.test!.energy!.raw.intervals!.structures, 40);
});

test('the intervals are the same on every build (seeded), and a report without them still validates', () => {
  const a = buildReport(inputs()), b = buildReport(inputs());
  assert.deepEqual(b.metrics.test!.energy!.raw.intervals, a.metrics.test!.energy!.raw.intervals);
  assert.deepEqual(b.metrics.test!.forces!.recalibrated!.intervals, a.metrics.test!.forces!.recalibrated!.intervals);
  const old = JSON.parse(JSON.stringify(a), (k, v) => (k === 'intervals' ? undefined : v)) as UqReport;
  assert.equal(old.metrics.test!.energy!.raw.intervals, undefined);
  validateReport(old);
  const broken = JSON.parse(JSON.stringify(a)) as UqReport;
  (broken.metrics.test!.energy!.raw.intervals as unknown as { rmse: number[] }).rmse = [1];
  assert.throws(() => validateReport(broken), /intervals\/rmse/);
});

test('resamples: 1000 up to 40 000 values, then fewer (4·10⁷ value-resamples), never below 200', () => {
  assert.equal(resamplesFor(150), 1000);
  assert.equal(resamplesFor(40_000), 1000);
  assert.equal(resamplesFor(100_000), 400);
  assert.equal(resamplesFor(1_000_000), 200);
});

test('force components map to their structure by its atom count; a count that disagrees gives none', () => {
  assert.deepEqual(Array.from(forceComponentStructures([{ atoms: 1 }, { atoms: 2 }], 9)!), [0, 0, 0, 1, 1, 1, 1, 1, 1]);
  assert.equal(forceComponentStructures([{ atoms: 1 }], 6), undefined);
});
