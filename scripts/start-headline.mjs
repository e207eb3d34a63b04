// The few numbers `npm start` prints after its first training: how accurate the example is on its test
// set and how honest its σ is, with n beside them (a metric of ten structures says little), and where
// the report is. Reads the report JSON as written (schemas/uq-report.schema.json).

const mev = (x) => (typeof x === 'number' ? `${(x * 1000).toFixed(1)} meV/atom` : '–');
const num = (x, d = 3) => (typeof x === 'number' ? x.toFixed(d) : '–');

/** Lines for the terminal: test-set accuracy and calibration (raw σ and recalibrated), the report's path. */
export function headline(report, reportPath) {
  const e = report?.metrics?.test?.energy;
  const raw = e?.raw?.metrics;
  const lines = [];
  if (!raw) {
    lines.push('  the report holds no test-set energy metrics');
  } else {
    const m = report.method ?? {};
    const what = m.method === 'ensemble' ? `deep ensemble of ${m.members ?? '?'}` : m.method === 'bnn' ? `BNN (${m.estimator ?? '?'})` : String(m.method ?? 'model');
    lines.push(`  ${what}, test set of ${raw.count} structures${raw.count < 30 ? ' (few: read these numbers loosely)' : ''}:`);
    lines.push(`    energy RMSE ${mev(raw.rmse)}, MAE ${mev(raw.mae)}`);
    const rec = e.recalibrated?.metrics;
    const scale = report.recalibration?.energy?.scale;
    lines.push(`    calibration: MACE ${num(raw.mace)}, PICP95 ${num(raw.picp95, 2)} (ideal 0.95)` +
      (rec ? `; recalibrated on validation (σ × ${num(scale, 2)}): MACE ${num(rec.mace)}, PICP95 ${num(rec.picp95, 2)}` : ''));
    const best = report.history?.bestEpoch;
    const epochs = report.history?.epochs?.length;
    const wall = report.producer?.wallTimeSeconds?.total;
    if (epochs) lines.push(`    ${epochs} epochs (best ${best ?? '–'})${typeof wall === 'number' ? ` in ${wall.toFixed(0)} s` : ''}`);
  }
  lines.push(`  report: ${reportPath}`);
  return lines;
}
