/**
 * Would keeping raw σ as a third candidate help the default recalibration? For every run of a paper study,
 * from its report's validation and test predictions: the held-out MACE over 5 validation folds of the σ scale
 * and the isotonic map (as fitRecalibration compares them) and of raw σ (nothing fitted), then the test MACE
 * of today's choice, of raw σ, and of the choice with raw σ as a candidate (kept when its held-out MACE is the
 * lowest). Energies only. A measurement for a design decision, not a product path.
 *
 *   node --import tsx test/bench/recalibration-candidates.ts [OUT]     (default test-artifacts/paper-7815)
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { evaluatePredictions } from '../../src/core/uq/evaluate';
import type { Predictions } from '../../src/core/uq/inputs';
import { evaluateRecalibrated, fitRecalibration } from '../../src/core/uq/recalibrate';
import type { UqReport } from '../../src/protocol/report';
import { studyOutDir } from './study-out-dir';

const K = 5;

function energies(report: UqReport, set: 'validation' | 'test'): Predictions {
  const s = report.predictions[set]?.structures ?? [];
  return { yTrue: s.map((x) => x.energyTrue), yPred: s.map((x) => x.energyPred), yStd: s.map((x) => x.energyStd) };
}

/** Mean over folds (point i in fold i mod K, as fitRecalibration without units) of each fold's raw MACE. */
function heldOutRawMace(v: Predictions): number {
  let sum = 0;
  for (let k = 0; k < K; k++) {
    const idx = Array.from({ length: v.yTrue.length }, (_, i) => i).filter((i) => i % K === k);
    sum += evaluatePredictions({ yTrue: idx.map((i) => v.yTrue[i]), yPred: idx.map((i) => v.yPred[i]), yStd: idx.map((i) => v.yStd[i]) }).metrics.mace;
  }
  return sum / K;
}

function main(): void {
  const out = studyOutDir('recalibration-candidates');
  if (!out) return;
  console.log('| run | validation n | held-out MACE scale / isotonic / raw | test MACE: default | raw | with raw as candidate |');
  console.log('|---|---:|---|---:|---:|---:|');
  let changed = 0;
  let better = 0;
  for (const name of readdirSync(out).sort()) {
    const file = join(out, name, 'report.uqreport.json');
    if (!existsSync(file)) continue;
    const report = JSON.parse(readFileSync(file, 'utf8')) as UqReport;
    const [v, t] = [energies(report, 'validation'), energies(report, 'test')];
    const fit = fitRecalibration(v, { folds: K });
    if (!fit.heldOutMace || !t.yTrue.length) continue;
    const raw = heldOutRawMace(v);
    const testDefault = evaluateRecalibrated(t, fit, fit.method).metrics.mace;
    const testRaw = evaluatePredictions(t).metrics.mace;
    const keepRaw = raw < Math.min(fit.heldOutMace.scale, fit.heldOutMace.isotonic);
    const testNew = keepRaw ? testRaw : testDefault;
    if (keepRaw) { changed++; if (testNew < testDefault) better++; }
    const h = fit.heldOutMace;
    console.log(`| ${name} | ${v.yTrue.length} | ${h.scale.toFixed(3)} / ${h.isotonic.toFixed(3)} / ${raw.toFixed(3)} | ${testDefault.toFixed(4)} (${fit.method}) | ${testRaw.toFixed(4)} | ${testNew.toFixed(4)}${keepRaw ? ' (raw kept)' : ''} |`);
  }
  console.log(`\nraw σ kept in ${changed} run(s); test MACE lower in ${better} of them`);
}

main();
