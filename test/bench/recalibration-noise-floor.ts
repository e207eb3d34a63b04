/**
 * How far a test MACE after recalibration scatters from sampling alone, for the goal "energy MACE ≤ 0.05 after
 * recalibration" (issue 11). Every recalibration method and the interval MACE depend on a point only through
 * z = (y − ŷ)/σ, so for each run of a study this pools its validation and test z and, R times, deals them
 * afresh into a validation set and a test set of the run's own sizes (without replacement), fits the default
 * recalibration (fitRecalibration: raw σ, σ scale or isotonic map, chosen on held-out folds) on the first and
 * evaluates it on the second. That is a model whose validation and test errors are exchangeable: whatever
 * test MACE it shows comes from the finite sets, not from the model. A second line does the same for exactly
 * Gaussian z (σ exactly right) at the same sizes.
 * Printed per run: its observed test MACE (the default recalibration), and the dealt test MACE's median, 90th
 * percentile and share above 0.05; then, over every deal of the runs with the same set sizes, the same for the
 * default and for each method used always (which policy sampling favours at these sizes). Energies only. A measurement for reading the goal, not a product path.
 *
 *   node --import tsx test/bench/recalibration-noise-floor.ts [OUT] [--deals=R]     (default test-artifacts/paper-7815, R 200)
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { evaluateRecalibrated, fitRecalibration } from '../../src/core/uq/recalibrate';
import type { Predictions } from '../../src/core/uq/inputs';
import { Rng } from '../../src/core/rng';
import { RECALIBRATION_METHODS, type RecalibrationMethod, type UqReport } from '../../src/protocol/report';
import { studyOutDir } from './study-out-dir';

const GOAL = 0.05;

function residuals(report: UqReport, set: 'validation' | 'test'): number[] {
  return (report.predictions[set]?.structures ?? []).map((s) => (s.energyTrue - s.energyPred) / Math.max(s.energyStd, 1e-8));
}

/** z as predictions: ŷ = 0, σ = 1, y = z. */
function asPredictions(z: readonly number[]): Predictions {
  return { yTrue: [...z], yPred: z.map(() => 0), yStd: z.map(() => 1) };
}

/** The policies compared: the default (chosen on held-out folds), and each method always. */
const POLICIES = ['default', ...RECALIBRATION_METHODS] as const;
type Policy = (typeof POLICIES)[number];

/** Test MACE of each policy fitted on `validation`. */
function testMaces(validation: readonly number[], test: readonly number[]): Record<Policy, number> {
  const fit = fitRecalibration(asPredictions(validation), { folds: 5 });
  const t = asPredictions(test);
  const of = (m: RecalibrationMethod) => evaluateRecalibrated(t, fit, m).metrics.mace;
  const out = { none: of('none'), scale: of('scale'), isotonic: of('isotonic') } as Record<Policy, number>;
  out.default = out[fit.method];
  return out;
}

function testMace(validation: readonly number[], test: readonly number[]): number {
  return testMaces(validation, test).default;
}

function shuffled(a: readonly number[], rng: Rng): number[] {
  const out = [...a];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rng.uniform() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

/** Median, 90th percentile and share above the goal of R dealt test MACEs. */
function summary(maces: number[]): string {
  const s = [...maces].sort((a, b) => a - b);
  const over = s.filter((m) => m > GOAL).length / s.length;
  return `${quantile(s, 0.5).toFixed(4)} | ${quantile(s, 0.9).toFixed(4)} | ${(100 * over).toFixed(0)} %`;
}

function main(): void {
  const out = studyOutDir('recalibration-noise-floor');
  if (!out) return;
  const deals = Number(process.argv.find((a) => a.startsWith('--deals='))?.slice(8) ?? 200);
  console.log(`Test MACE after the default recalibration: observed, and over ${deals} deals of the run's own validation and test z into sets of the same sizes (exchangeable: the floor sampling alone sets)\n`);
  console.log('| run | validation / test | observed | dealt: median | 90th pct | share > 0.05 |');
  console.log('|---|---|---:|---:|---:|---:|');
  const gaussianSizes = new Set<string>();
  let runs = 0, observedOver = 0;
  const bySize = new Map<string, Record<Policy, number>[]>();
  for (const name of readdirSync(out).sort()) {
    const file = join(out, name, 'report.uqreport.json');
    if (!existsSync(file)) continue;
    const report = JSON.parse(readFileSync(file, 'utf8')) as UqReport;
    const [v, t] = [residuals(report, 'validation'), residuals(report, 'test')];
    if (v.length < 50 || !t.length) continue;
    runs++;
    const observed = testMace(v, t);
    if (observed > GOAL) observedOver++;
    const rng = new Rng(runs);
    const pool = [...v, ...t];
    const dealt = Array.from({ length: deals }, () => {
      const d = shuffled(pool, rng);
      return testMaces(d.slice(0, v.length), d.slice(v.length));
    });
    const sizes = `${v.length}/${t.length}`;
    gaussianSizes.add(sizes);
    const group = bySize.get(sizes) ?? bySize.set(sizes, []).get(sizes)!;
    group.push(...dealt);
    console.log(`| ${name} | ${v.length} / ${t.length} | ${observed.toFixed(4)} | ${summary(dealt.map((m) => m.default))} |`);
  }
  console.log(`\nobserved test MACE above ${GOAL} in ${observedOver} of ${runs} run(s)`);
  console.log('\nEvery deal of every run with these set sizes, per policy (the default, and each method always): median | 90th pct | share > 0.05');
  for (const [sizes, dealt] of bySize) {
    console.log(`validation / test ${sizes.replace('/', ' / ')}: ${POLICIES.map((p) => `${p} ${summary(dealt.map((m) => m[p]))}`).join('; ')}`);
  }
  for (const sizes of gaussianSizes) {
    const [nv, nt] = sizes.split('/').map(Number);
    const rng = new Rng(7);
    const maces = Array.from({ length: deals }, () => testMace(Array.from({ length: nv }, () => rng.normal()), Array.from({ length: nt }, () => rng.normal())));
    console.log(`exactly Gaussian z (σ exactly right), validation ${nv} / test ${nt}: dealt test MACE median | 90th pct | share > 0.05 = ${summary(maces)}`);
  }
}

main();
