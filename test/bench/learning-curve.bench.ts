/**
 * Does σ earn its keep? Active learning on the 7,815 TiO2 structures (issue 16): start from 300 random
 * labelled structures (seeded), then rounds adding 150 each, chosen by `sigma`, `sigma-diverse` or `random`
 * (src/core/selection/strategies.ts) from the unlabelled pool, retraining a 5-member ensemble each round (and
 * an LRT BNN with --lrt); test RMSE and MACE after each round against the number of labels, averaged over
 * seeds. Fixed for all: a seeded test set of 780 and a validation set of 300 (early stopping, recalibration;
 * not counted as labels). The stopping rule: how many labels each strategy needs to reach random's final test
 * RMSE (linear interpolation between rounds). Writes test/bench/results/learning-curve.{md,svg}.
 *
 *   npm run bench -- learning-curve [--seeds=3] [--rounds=6] [--lrt | --methods=ensemble,lrt] [--epochs=400]
 */
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { selectBackend } from '../../src/core/backend/select-backend';
import { Featurizer } from '../../src/core/descriptors/featurize';
import type { StructureDescriptors } from '../../src/core/descriptors/types';
import { svgChart, type Series } from '../../src/core/report/html/svg-chart';
import { readReport } from '../../src/core/report/read-report';
import { mean } from '../../src/core/uq/inputs';
import { structureFingerprint } from '../../src/core/selection/fingerprint';
import { SELECTION_STRATEGIES, selectStructures, type SelectionStrategy } from '../../src/core/selection/strategies';
import { Rng } from '../../src/core/rng';
import { readStructures } from '../../src/core/structures/read';
import { screenStructures } from '../../src/core/structures/screen';
import type { Structure } from '../../src/core/structures/types';
import { predictWithRun, readRunModel } from '../../src/runner/run-predictor';
import { runTraining } from '../../src/runner/train-run';

const ROOT = join(__dirname, '..', '..');
const DATA = join(ROOT, '..', 'shared', 'datasets', 'tio2-full-7815', 'tio2-7815-xsf.tar.gz');
const START = 300, STEP = 150, TEST = 780, VALIDATION = 300;

const flag = (name: string, fallback: string) => process.argv.slice(2).find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;

interface Point { labels: number; rmse: number; mace: number; seconds: number }

function config(dir: string, method: 'ensemble' | 'lrt', seed: number, epochs: number): string {
  const m = method === 'ensemble'
    ? 'method: { type: ensemble, ensemble: { members: 5 } }\ntraining: { learning_rate: 0.002, batch_size: 32, epochs: EPOCHS, early_stopping: { patience: 50 }, seed: SEED, backend: wasm }'
    : 'method: { type: bnn, bnn: { estimator: lrt, train_samples: 2 } }\ntraining: { optimizer: { type: adam, beta1: 0.95, beta2: 0.999 }, clip: 15, learning_rate: 0.001, batch_size: 32, epochs: EPOCHS, early_stopping: { patience: 100 }, seed: SEED, backend: wasm }';
  const file = join(dir, 'run.mlip.yaml');
  writeFileSync(file, `data:
  structures: ${JSON.stringify(DATA)}
  reference_energies: { O: -432.503149303, Ti: -1604.604515075 }
  split_file: { train: train.txt, validation: validation.txt, test: test.txt }
descriptor: { radial_cutoff: 6.5, radial_order: 20, angular_cutoff: 5.0, angular_order: 6, env: [Ti, O] }
network: { hidden: [15, 15], activation: tanh }
${m.replace('EPOCHS', String(epochs)).replace('SEED', String(seed))}
evaluation: { calibration_every: 0 }
`);
  return file;
}

/** Labels needed to reach `target` RMSE on a curve (linear between rounds); null when never reached. */
function labelsToReach(curve: readonly Point[], target: number): number | null {
  for (let i = 0; i < curve.length; i++) {
    if (curve[i].rmse <= target) {
      if (i === 0) return curve[0].labels;
      const a = curve[i - 1], b = curve[i];
      return a.labels + ((a.rmse - target) / (a.rmse - b.rmse)) * (b.labels - a.labels);
    }
  }
  return null;
}

async function main(): Promise<void> {
  if (!existsSync(DATA)) { console.log(`learning-curve: skipped: ${DATA} is absent (../shared/datasets beside the repository)`); return; }
  const seeds = Number(flag('seeds', '3')), rounds = Number(flag('rounds', '6')), epochs = Number(flag('epochs', '400'));
  // --methods=lrt runs the LRT curve alone (its own results file, so the ensemble's stays); --lrt: both.
  const methods = (process.argv.includes('--lrt') ? 'ensemble,lrt' : flag('methods', 'ensemble')).split(',') as ('ensemble' | 'lrt')[];
  if (!methods.length || methods.some((m) => m !== 'ensemble' && m !== 'lrt')) throw new Error(`--methods: ensemble, lrt or both (ensemble,lrt), not "${methods.join(',')}"`);
  await selectBackend({ backend: 'wasm' });
  const all: Structure[] = readStructures([DATA]);
  // Index files count the structures as read; the ones a run would exclude (screen) are never drawn.
  const usable = new Set(screenStructures(all).kept.map((s) => s.name));
  const out = join(ROOT, 'test-artifacts', 'learning-curve');
  rmSync(out, { recursive: true, force: true });
  const curves = new Map<string, Point[][]>(); // `${method}/${strategy}` → per seed
  let cache: Featurizer | null = null;
  const descriptorsOf: (StructureDescriptors | undefined)[] = new Array(all.length);
  const t0 = Date.now();
  for (const method of methods) {
    for (let seed = 1; seed <= seeds; seed++) {
      // One draw per seed: the test and validation sets, and the first 300 labels, shared by the strategies.
      const order = new Rng(1000 + seed).shuffled(all.map((_, i) => i)).filter((i) => usable.has(all[i].name));
      const test = order.slice(0, TEST), validation = order.slice(TEST, TEST + VALIDATION), rest = order.slice(TEST + VALIDATION);
      for (const strategy of SELECTION_STRATEGIES) {
        let labelled = rest.slice(0, START);
        const curve: Point[] = [];
        for (let r = 0; r <= rounds; r++) {
          const dir = join(out, method, strategy, `seed-${seed}`, `round-${r}`);
          mkdirSync(dir, { recursive: true });
          writeFileSync(join(dir, 'train.txt'), labelled.join('\n'));
          writeFileSync(join(dir, 'validation.txt'), validation.join('\n'));
          writeFileSync(join(dir, 'test.txt'), test.join('\n'));
          const started = Date.now();
          const res = await runTraining({ configFile: config(dir, method, seed, epochs), runDir: join(dir, 'run') });
          if (res.status === 'failed') throw new Error(`${dir}: ${res.message}`);
          const rep = readReport({ path: join(dir, 'run', 'report.uqreport.json') });
          const e = rep.metrics.test!.energy!;
          curve.push({ labels: labelled.length, rmse: e.raw.metrics.rmse, mace: (e.recalibrated ?? e.raw).metrics.mace, seconds: (Date.now() - started) / 1000 });
          console.log(`${method} ${strategy} seed ${seed} round ${r}: ${labelled.length} labels, test RMSE ${(1000 * e.raw.metrics.rmse).toFixed(2)} meV/atom, MACE ${curve[r].mace.toFixed(3)}, ${curve[r].seconds.toFixed(0)} s`);
          if (r === rounds) break;
          // The next 150: from the structures neither labelled nor in the test or validation sets.
          const taken = new Set(labelled);
          const pool = rest.filter((i) => !taken.has(i));
          const saved = readRunModel(join(dir, 'run'));
          // Descriptors of every structure once per bench (the runs' set-up never changes), not once per round.
          cache ??= new Featurizer(saved.setups);
          for (const i of pool) descriptorsOf[i] ??= cache.featurize(all[i]);
          const { predictions, descriptors } = predictWithRun(saved, pool.map((i) => all[i]), { forces: false, descriptors: pool.map((i) => descriptorsOf[i]!) });
          const picks = selectStructures(strategy, {
            scores: predictions.map((p) => p.energy.sigma / p.nAtoms), count: STEP, seed: seed * 100 + r,
            ...(strategy === 'sigma-diverse' ? { fingerprints: pool.map((i, k) => structureFingerprint(descriptors[k], all[i].species, saved.standardisation)) } : {}),
          });
          labelled = [...labelled, ...picks.map((k) => pool[k])];
        }
        const key = `${method}/${strategy}`;
        (curves.get(key) ?? curves.set(key, []).get(key)!).push(curve);
      }
    }
  }
  report(curves, { seeds, rounds, epochs, methods, minutes: (Date.now() - t0) / 60_000 });
}

function report(curves: Map<string, Point[][]>, o: { seeds: number; rounds: number; epochs: number; methods: string[]; minutes: number }): void {
  const meanCurve = (runs: Point[][]): Point[] => runs[0].map((p, r) => ({
    labels: p.labels, rmse: mean(runs.map((c) => c[r].rmse)), mace: mean(runs.map((c) => c[r].mace)), seconds: mean(runs.map((c) => c[r].seconds)),
  }));
  const lines = [
    '# Active learning on TiO2: does selecting by σ beat random selection?',
    '',
    `7,815 TiO2 structures; per seed a fixed test set of ${TEST} and validation set of ${VALIDATION} (not counted as labels); ${START} random labels, then ${o.rounds} rounds of ${STEP}; test RMSE (eV/atom → meV/atom) and test MACE (recalibrated σ) after each round, mean over ${o.seeds} seed(s); at most ${o.epochs} epochs with early stopping per training. ${o.minutes.toFixed(0)} min wall.`,
    '',
  ];
  const colors: Record<SelectionStrategy, string> = { sigma: '#d62728', 'sigma-diverse': '#1f77b4', random: '#7f7f7f' };
  const svgs: string[] = [];
  for (const method of [...new Set([...curves.keys()].map((k) => k.split('/')[0]))]) {
    const rows = SELECTION_STRATEGIES.map((s) => [s, meanCurve(curves.get(`${method}/${s}`)!)] as const);
    const labels = rows[0][1].map((p) => p.labels);
    lines.push(`## ${method === 'ensemble' ? '5-member deep ensemble' : 'LRT BNN'}`, '', `| strategy | ${labels.map((l) => `${l} labels`).join(' | ')} |`, `|---|${labels.map(() => '---:').join('|')}|`);
    for (const [s, c] of rows) lines.push(`| ${s} RMSE (meV/atom) | ${c.map((p) => (1000 * p.rmse).toFixed(2)).join(' | ')} |`);
    for (const [s, c] of rows) lines.push(`| ${s} MACE | ${c.map((p) => p.mace.toFixed(3)).join(' | ')} |`);
    const random = rows.find(([s]) => s === 'random')![1];
    const target = random[random.length - 1];
    lines.push('', `Stopping rule: labels needed to reach random selection's final test RMSE (${(1000 * target.rmse).toFixed(2)} meV/atom with ${target.labels} labels):`, '');
    for (const [s, c] of rows) {
      const n = labelsToReach(c, target.rmse);
      lines.push(`- ${s}: ${n === null ? `not reached within ${target.labels} labels` : `${Math.round(n)} labels (${(100 * n / target.labels).toFixed(0)} % of random's; goal ≤ 70 %)`}`);
    }
    lines.push('');
    const series: Series[] = rows.map(([s, c]) => ({ label: s, color: colors[s], x: c.map((p) => p.labels), y: c.map((p) => 1000 * p.rmse), kind: 'line' }));
    svgs.push(svgChart({ title: `${method}: test RMSE against labels`, xLabel: 'labelled structures', yLabel: 'test RMSE (meV/atom)', series }));
  }
  const only = o.methods.join(',') === 'ensemble' ? '' : ` --methods=${o.methods.join(',')}`;
  lines.push('Command: `npm run bench -- learning-curve' + (o.seeds !== 3 ? ` --seeds=${o.seeds}` : '') + only + '`', '');
  const dest = join(ROOT, 'test', 'bench', 'results');
  const name = only ? `learning-curve-${o.methods.join('-')}` : 'learning-curve';
  mkdirSync(dest, { recursive: true });
  writeFileSync(join(dest, `${name}.md`), lines.join('\n'));
  writeFileSync(join(dest, `${name}.svg`), svgs.length === 1 ? svgs[0] : `<svg xmlns="http://www.w3.org/2000/svg" width="${420 * svgs.length}" height="320">${svgs.map((s, i) => `<g transform="translate(${420 * i},0)">${s}</g>`).join('')}</svg>`);
  console.log(lines.join('\n'));
}

main().catch((e: unknown) => { console.error(e); process.exitCode = 1; });
