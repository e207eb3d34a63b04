/**
 * Does raw σ as a third candidate of the default recalibration help? For every run of a paper study, from its
 * report's validation and test predictions: the held-out MACE over 5 validation folds of the σ scale, the
 * isotonic map and raw σ (nothing fitted), as fitRecalibration compares them, then the test MACE of the choice
 * between the two fits only (the default before raw σ was a candidate), of raw σ, and of today's default
 * (raw σ kept when its held-out MACE is strictly the lowest). Energies only. A measurement for a design
 * decision, not a product path.
 *
 *   node --import tsx test/bench/recalibration-candidates.ts [OUT]     (default test-artifacts/paper-7815)
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { evaluatePredictions } from '../../src/core/uq/evaluate';
import type { Predictions } from '../../src/core/uq/inputs';
import { chooseMethod, evaluateRecalibrated, fitRecalibration } from '../../src/core/uq/recalibrate';
import type { UqReport } from '../../src/protocol/report';
import { studyOutDir } from './study-out-dir';

const K = 5;

function energies(report: UqReport, set: 'validation' | 'test'): Predictions {
  const s = report.predictions[set]?.structures ?? [];
  return { yTrue: s.map((x) => x.energyTrue), yPred: s.map((x) => x.energyPred), yStd: s.map((x) => x.energyStd) };
}

function main(): void {
  const out = studyOutDir('recalibration-candidates');
  if (!out) return;
  console.log('| run | validation n | held-out MACE scale / isotonic / raw | test MACE: fits only | raw | default (raw as candidate) |');
  console.log('|---|---:|---|---:|---:|---:|');
  let runs = 0;
  let kept = 0;
  let better = 0;
  for (const name of readdirSync(out).sort()) {
    const file = join(out, name, 'report.uqreport.json');
    if (!existsSync(file)) continue;
    const report = JSON.parse(readFileSync(file, 'utf8')) as UqReport;
    const [v, t] = [energies(report, 'validation'), energies(report, 'test')];
    const fit = fitRecalibration(v, { folds: K });
    const h = fit.heldOutMace;
    if (!h || !t.yTrue.length) continue;
    runs++;
    // the fits-only choice: raw σ's held-out MACE taken out of the comparison
    const fitsOnly = chooseMethod({ ...h, none: Infinity });
    const testFits = evaluateRecalibrated(t, fit, fitsOnly).metrics.mace;
    const testRaw = evaluatePredictions(t).metrics.mace;
    // The default is raw σ or the fits-only choice: its test MACE is one of the two already computed.
    const testDefault = fit.method === 'none' ? testRaw : testFits;
    const keepRaw = fit.method === 'none';
    if (keepRaw) { kept++; if (testDefault < testFits) better++; }
    console.log(`| ${name} | ${v.yTrue.length} | ${h.scale.toFixed(3)} / ${h.isotonic.toFixed(3)} / ${h.none.toFixed(3)} | ${testFits.toFixed(4)} (${fitsOnly}) | ${testRaw.toFixed(4)} | ${testDefault.toFixed(4)} (${fit.method}) |`);
  }
  console.log(`\nraw σ kept (method none) in ${kept} of ${runs} run(s); test MACE lower than the fits-only choice in ${better} of them`);
}

main();
