/**
 * The learning-curve bench's report for one method, from its stored seeds (learning-curve-points.ts): the
 * mean test RMSE and MACE per strategy and round with the spread over seeds (min–max), the stopping rule
 * (labels each strategy needs to reach random selection's final test RMSE, per seed and on the mean curves)
 * and the RMSE curves as SVG (error bars: ± one standard deviation over seeds).
 */
import { svgChart, type Series } from '../../src/core/report/html/svg-chart';
import { mean } from '../../src/core/uq/inputs';
import { SELECTION_STRATEGIES, type SelectionStrategy } from '../../src/core/selection/strategies';
import type { CurveMethod, CurvePoint, SeedCurve } from './learning-curve-points';

export const METHOD_TITLES: Record<CurveMethod, string> = { ensemble: '5-member deep ensemble', lrt: 'LRT BNN' };
const COLORS: Record<SelectionStrategy, string> = { sigma: '#d62728', 'sigma-diverse': '#1f77b4', random: '#7f7f7f' };

/**
 * Labels needed to reach `target` RMSE on a curve: the first round at or below it, linearly interpolated from
 * the round before, n = n_a + (rmse_a − target)/(rmse_a − rmse_b)·(n_b − n_a); null when never reached.
 */
export function labelsToReach(curve: readonly CurvePoint[], target: number): number | null {
  for (let i = 0; i < curve.length; i++) {
    if (curve[i].rmse <= target) {
      if (i === 0) return curve[0].labels;
      const a = curve[i - 1], b = curve[i];
      return a.labels + ((a.rmse - target) / (a.rmse - b.rmse)) * (b.labels - a.labels);
    }
  }
  return null;
}

/** Per round the mean over seeds (the seeds share the label counts: start + r·step). */
export function meanCurve(runs: readonly (readonly CurvePoint[])[]): CurvePoint[] {
  return runs[0].map((p, r) => {
    if (runs.some((c) => c[r]?.labels !== p.labels)) throw new Error(`round ${r}: the seeds' label counts differ`);
    return { labels: p.labels, rmse: mean(runs.map((c) => c[r].rmse)), mace: mean(runs.map((c) => c[r].mace)), seconds: mean(runs.map((c) => c[r].seconds)) };
  });
}

/** Sample standard deviation (n − 1); 0 for one value. */
function std(v: readonly number[]): number {
  if (v.length < 2) return 0;
  const m = mean(v);
  return Math.sqrt(v.reduce((s, x) => s + (x - m) ** 2, 0) / (v.length - 1));
}

/** "mean" for one seed, "mean (min–max)" for several. */
function cell(values: readonly number[], fmt: (x: number) => string): string {
  const m = fmt(mean(values));
  return values.length < 2 ? m : `${m} (${fmt(Math.min(...values))}–${fmt(Math.max(...values))})`;
}

const pct = (n: number, of: number) => `${(100 * n / of).toFixed(0)} %`;

export interface MethodReport { markdown: string; svg: string }

/**
 * `curves`: one method's stored seeds, all with the same settings. `command`: how to reproduce them.
 * `notes`: a hand-written "## Notes" section kept from the previous report ('' for none).
 */
export function methodReport(method: CurveMethod, curves: readonly SeedCurve[], command: string, notes: string): MethodReport {
  if (!curves.length) throw new Error(`${method}: no stored seeds to report`);
  const s0 = curves[0].settings;
  const seeds = curves.map((c) => c.seed);
  const runsOf = (s: SelectionStrategy) => curves.map((c) => {
    const curve = c.strategies[s];
    if (!curve) throw new Error(`${method} seed ${c.seed}: no ${s} curve`);
    return curve;
  });
  const rows = SELECTION_STRATEGIES.map((s) => ({ s, runs: runsOf(s), mean: meanCurve(runsOf(s)) }));
  const labels = rows[0].mean.map((p) => p.labels);
  const commits = [...new Set(curves.map((c) => c.commit))];
  const minutes = curves.reduce((t, c) => t + c.minutes, 0);
  const lines = [
    '# Active learning on TiO2: does selecting by σ beat random selection?',
    '',
    `7,815 TiO2 structures${s0.maxEnergy !== undefined ? `, of which only those with a cohesive energy of at most ${s0.maxEnergy} eV/atom are used (aenet's MAXENERGY; the strongly compressed cells are left out)` : ''}; per seed a fixed test set of ${s0.test} and validation set of ${s0.validation} (not counted as labels); ${s0.start} random labels, then ${s0.rounds} round${s0.rounds === 1 ? '' : 's'} of ${s0.step}; test RMSE (eV/atom → meV/atom) and test MACE (recalibrated σ) after each round, mean over ${seeds.length} seed(s) (${seeds.join(', ')})${seeds.length > 1 ? ', min–max over the seeds in brackets' : ''}; at most ${s0.epochs} epochs with early stopping per training. ${minutes.toFixed(0)} min wall in all.`,
    '',
    `Per seed (points in ${'`'}learning-curve-points.json${'`'}): ${curves.map((c) => `seed ${c.seed} ${c.minutes.toFixed(1)} min at load ${c.load.mean.toFixed(1)} (max ${c.load.max.toFixed(1)}) on ${c.cores} cores, ${c.finished.slice(0, 16).replace('T', ' ')} UTC`).join('; ')}; code ${commits.join(', ')}.`,
    '',
    `## ${METHOD_TITLES[method]}`,
    '',
    `| strategy | ${labels.map((l) => `${l} labels`).join(' | ')} |`,
    `|---|${labels.map(() => '---:').join('|')}|`,
  ];
  for (const { s, runs } of rows) lines.push(`| ${s} RMSE (meV/atom) | ${labels.map((_, r) => cell(runs.map((c) => 1000 * c[r].rmse), (x) => x.toFixed(2))).join(' | ')} |`);
  for (const { s, runs } of rows) lines.push(`| ${s} MACE | ${labels.map((_, r) => cell(runs.map((c) => c[r].mace), (x) => x.toFixed(3))).join(' | ')} |`);

  const random = rows.find((x) => x.s === 'random')!;
  const target = random.mean[random.mean.length - 1];
  lines.push('', `Stopping rule: labels needed to reach random selection's final test RMSE (${(1000 * target.rmse).toFixed(2)} meV/atom with ${target.labels} labels${seeds.length > 1 ? ", mean of the seeds); per seed against that seed's own random final RMSE" : ')'}:`, '');
  for (const { s, runs, mean: m } of rows) {
    const n = labelsToReach(m, target.rmse);
    const onMean = n === null ? `not reached within ${target.labels} labels on the mean curves` : `${Math.round(n)} labels on the mean curves (${pct(n, target.labels)} of random's; goal ≤ 70 %)`;
    const perSeed = runs.map((c, k) => {
      const own = random.runs[k][random.runs[k].length - 1];
      return { seed: seeds[k], n: labelsToReach(c, own.rmse), of: own.labels };
    });
    const reached = perSeed.filter((p) => p.n !== null).map((p) => p.n!);
    const seedText = perSeed.map((p) => `${p.seed}: ${p.n === null ? 'not reached' : `${Math.round(p.n)} (${pct(p.n, p.of)})`}`).join(', ');
    const meanText = reached.length === perSeed.length
      ? `mean of the seeds ${Math.round(mean(reached))} (${pct(mean(reached), target.labels)}, min–max ${pct(Math.min(...reached), target.labels)}–${pct(Math.max(...reached), target.labels)})`
      : `${perSeed.length - reached.length} of ${perSeed.length} seeds never reach it`;
    lines.push(`- ${s}: ${onMean}${seeds.length > 1 ? `; per seed ${seedText}; ${meanText}` : ''}`);
  }
  lines.push('', `Command: ${'`'}${command}${'`'}`, '');
  if (notes) lines.push(notes.trimEnd(), '');

  const series: Series[] = rows.map(({ s, runs, mean: m }) => ({
    label: s, color: COLORS[s], kind: 'line', x: m.map((p) => p.labels), y: m.map((p) => 1000 * p.rmse),
    ...(runs.length > 1 ? { yErr: m.map((_, r) => std(runs.map((c) => 1000 * c[r].rmse))) } : {}),
  }));
  const title = `${method}: test RMSE against labels (${seeds.length} seed${seeds.length > 1 ? 's, ± 1 std' : ''})`;
  return { markdown: lines.join('\n'), svg: svgChart({ title, xLabel: 'labelled structures', yLabel: 'test RMSE (meV/atom)', series }) };
}

/** The hand-written "## Notes" section of a previous report (to its end), '' when there is none. */
export function notesOf(markdown: string): string {
  const at = markdown.search(/^## Notes\b/m);
  return at < 0 ? '' : markdown.slice(at);
}
