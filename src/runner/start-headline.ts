/**
 * The few numbers `npm start` prints after its first training: how accurate the example is on its test
 * set and how honest its σ is, each with its bootstrap 95 % interval where the report has one, with n
 * beside them and the small-n sentence for a set under 30 structures (a metric of ten structures says
 * little), and where the report is. Bundled as dist/start-headline.js for scripts/start.mjs.
 */
import { SET_NAMES, type UqReport } from '../protocol/report';
import { metricText, setSmallSampleWarning } from '../core/report/metric-trust';
import { keptRawSigma } from '../core/uq/recalibration-factor';

const milli = (x: number) => (x * 1000).toFixed(1);
const fixed = (d: number) => (x: number) => x.toFixed(d);

/** Lines for the terminal: test-set accuracy and calibration (raw σ and recalibrated), warnings, the report's path. */
export function headline(report: UqReport, reportPath: string): string[] {
  const e = report?.metrics?.test?.energy;
  const raw = e?.raw;
  const lines: string[] = [];
  if (!raw?.metrics) {
    lines.push('  the report holds no test-set energy metrics');
  } else {
    const m = report.method ?? {};
    const what = m.method === 'ensemble' ? `deep ensemble of ${m.members ?? '?'}` : m.method === 'bnn' ? `BNN (${m.estimator ?? '?'})` : String(m.method ?? 'model');
    const n = raw.metrics.count;
    lines.push(`  ${what}, test set of ${n} structures${n < 30 ? ' (few: read these numbers loosely)' : ''}:`);
    lines.push(`    energy RMSE ${metricText(raw, 'rmse', milli)} meV/atom, MAE ${metricText(raw, 'mae', milli)} meV/atom`);
    const rec = e?.recalibrated;
    const scale = report.recalibration?.energy?.scale;
    lines.push(`    calibration: MACE ${metricText(raw, 'mace', fixed(3))}, PICP95 ${metricText(raw, 'picp95', fixed(2))} (ideal 0.95)` +
      (keptRawSigma(report.recalibration?.energy) ? '; raw σ kept: better calibrated on held-out validation folds than either fit'
        : rec ? `; recalibrated on validation (σ × ${typeof scale === 'number' ? scale.toFixed(2) : '–'}): MACE ${metricText(rec, 'mace', fixed(3))}, PICP95 ${metricText(rec, 'picp95', fixed(2))}` : ''));
    if ([raw, rec].some((ev) => ev?.intervals)) lines.push('    [low, high]: bootstrap 95 % interval over the set\'s structures');
    for (const set of SET_NAMES) {
      const few = setSmallSampleWarning(report, set);
      if (few) lines.push(`    ⚠ ${few}`);
    }
    const best = report.history?.bestEpoch;
    const epochs = report.history?.epochs?.length;
    const wall = report.producer?.wallTimeSeconds?.total;
    if (epochs) lines.push(`    ${epochs} epochs (best ${best ?? '–'})${typeof wall === 'number' ? ` in ${wall.toFixed(0)} s` : ''}`);
  }
  lines.push(`  report: ${reportPath}`);
  return lines;
}
