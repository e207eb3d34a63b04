/**
 * Does σ earn its keep? Active learning on the 7,815 TiO2 structures (issue 16): start from 300 random
 * labelled structures (seeded), then rounds adding 150 each, chosen by `sigma`, `sigma-diverse` or `random`
 * (src/core/selection/strategies.ts) from the unlabelled pool, retraining a 5-member ensemble each round (and
 * an LRT BNN with --lrt); test RMSE and MACE after each round against the number of labels, averaged over
 * seeds. Fixed for all: a seeded test set of 780 and a validation set of 300 (early stopping, recalibration;
 * not counted as labels). The stopping rule: how many labels each strategy needs to reach random's final test
 * RMSE (linear interpolation between rounds).
 *
 * Resumable: each finished (method, seed) is stored at once in test/bench/results/learning-curve-points.json
 * (learning-curve-points.ts) and the reports are rebuilt from every stored seed with the same settings, so a
 * killed run keeps its finished seeds and seeds already stored are skipped (--fresh recomputes them). Writes
 * learning-curve.{md,svg} (ensemble) and learning-curve-lrt.{md,svg}; their "## Notes" sections are kept.
 *
 *   npm run bench -- learning-curve [--seeds=3 | --seed=K[,K…]] [--fresh] [--rounds=6]
 *     [--lrt | --methods=ensemble,lrt | --methods=lrt] [--epochs=N (default 300 ensemble, 400 LRT)] [--results=DIR]
 *     [--max-energy=E]
 *
 * --max-energy=E leaves out the structures whose cohesive energy per atom, (E − Σ_i E_ref(Z_i)) / N, is above E eV/atom:
 * aenet's MAXENERGY, which its published TiO2 fit sets to 1.0 (keeping 7,707 of the 7,815). The dropped cells are
 * strongly compressed and carry most of random selection's test error on the full set, so this asks whether σ still
 * beats random without them. Its curves are stored under their own settings and reported in
 * learning-curve[-lrt]-max-energy-E.{md,svg}.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { selectBackend } from '../../src/core/backend/select-backend';
import { Featurizer } from '../../src/core/descriptors/featurize';
import type { StructureDescriptors } from '../../src/core/descriptors/types';
import { readReport } from '../../src/core/report/read-report';
import { mean } from '../../src/core/uq/inputs';
import { structureFingerprint } from '../../src/core/selection/fingerprint';
import { SELECTION_STRATEGIES, selectStructures } from '../../src/core/selection/strategies';
import { Rng } from '../../src/core/rng';
import { readStructures } from '../../src/core/structures/read';
import { screenStructures } from '../../src/core/structures/screen';
import type { Structure } from '../../src/core/structures/types';
import { predictWithRun, readRunModel } from '../../src/runner/run-predictor';
import { runTraining } from '../../src/runner/train-run';
import { CURVE_METHODS, matchingCurves, readPoints, upsertCurve, writePoints, type CurveMethod, type CurvePoint, type CurveSettings, type SeedCurve } from './learning-curve-points';
import { methodReport, notesOf } from './learning-curve-report';

const ROOT = join(__dirname, '..', '..');
const DATA = join(ROOT, '..', 'shared', 'datasets', 'tio2-full-7815', 'tio2-7815-xsf.tar.gz');
const START = 300, STEP = 150, TEST = 780, VALIDATION = 300, ROUNDS = 6;
/** Per method the epochs of the committed curves (ensemble 300, LRT 400); --epochs overrides both. */
const DEFAULT_EPOCHS: Record<CurveMethod, number> = { ensemble: 300, lrt: 400 };
/** Per method the report's file name in the results folder. */
const REPORT_NAME: Record<CurveMethod, string> = { ensemble: 'learning-curve', lrt: 'learning-curve-lrt' };
const POINTS_FILE = 'learning-curve-points.json';
/** A curve's report file name (without extension): the method's, marked with the energy window when there is one. */
const reportName = (method: CurveMethod, settings: CurveSettings): string =>
  REPORT_NAME[method] + (settings.maxEnergy !== undefined ? `-max-energy-${settings.maxEnergy}` : '');
/** eV per free atom, subtracted before energies are compared (the runs' reference_energies). */
const REFERENCE_ENERGIES: Record<string, number> = { O: -432.503149303, Ti: -1604.604515075 };

const args = process.argv.slice(2);
const flag = (name: string): string | undefined => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);

/** The run configuration apart from the data paths; SEED stays a placeholder (it is part of the stored settings). */
function modelYaml(method: CurveMethod, epochs: number): string {
  const m = method === 'ensemble'
    ? `method: { type: ensemble, ensemble: { members: 5 } }\ntraining: { learning_rate: 0.002, batch_size: 32, epochs: ${epochs}, early_stopping: { patience: 50 }, seed: SEED, backend: wasm }`
    : `method: { type: bnn, bnn: { estimator: lrt, train_samples: 2 } }\ntraining: { optimizer: { type: adam, beta1: 0.95, beta2: 0.999 }, clip: 15, learning_rate: 0.001, batch_size: 32, epochs: ${epochs}, early_stopping: { patience: 100 }, seed: SEED, backend: wasm }`;
  return `descriptor: { radial_cutoff: 6.5, radial_order: 20, angular_cutoff: 5.0, angular_order: 6, env: [Ti, O] }
network: { hidden: [15, 15], activation: tanh }
${m}
evaluation: { calibration_every: 0 }
`;
}

function writeConfig(dir: string, model: string, seed: number): string {
  const file = join(dir, 'run.mlip.yaml');
  writeFileSync(file, `data:
  structures: ${JSON.stringify(DATA)}
  reference_energies: { ${Object.entries(REFERENCE_ENERGIES).map(([z, e]) => `${z}: ${e}`).join(', ')} }
  split_file: { train: train.txt, validation: validation.txt, test: test.txt }
${model.replace('SEED', String(seed))}`);
  return file;
}

/** HEAD's short hash, "-dirty" when the bench or src/ differ from it (the tree is shared while benches run). */
function codeCommit(): string {
  try {
    const head = execFileSync('git', ['rev-parse', '--short=12', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'src', 'test/bench/learning-curve.bench.ts', 'test/bench/learning-curve-points.ts'], { cwd: ROOT, encoding: 'utf8' }).trim();
    return dirty ? `${head}-dirty` : head;
  } catch { return 'unknown'; }
}

function parseSeeds(): number[] {
  const one = flag('seed'), upTo = flag('seeds');
  if (one !== undefined && upTo !== undefined) throw new Error('--seed=K and --seeds=N: give one of them');
  const seeds = one !== undefined ? one.split(',').map(Number) : Array.from({ length: Number(upTo ?? '3') }, (_, i) => i + 1);
  if (!seeds.length || seeds.some((s) => !Number.isInteger(s) || s < 1)) throw new Error(`seeds must be whole numbers ≥ 1, not "${one ?? upTo}"`);
  return [...new Set(seeds)].sort((a, b) => a - b);
}

/** The structures, their usable subset and a descriptor cache: loaded only when a seed has to be computed. */
interface Workload { all: Structure[]; usable: Set<string>; descriptorsOf: (StructureDescriptors | undefined)[]; featurizer: Featurizer | null }

async function loadWorkload(maxEnergy: number | undefined): Promise<Workload> {
  await selectBackend({ backend: 'wasm' });
  const all = readStructures([DATA]);
  // Index files count the structures as read; the ones a run would exclude (screen) are never drawn.
  let kept = screenStructures(all).kept;
  if (maxEnergy !== undefined) {
    // aenet's MAXENERGY: the cohesive energy per atom, (E − Σ_i E_ref(Z_i)) / N, at most maxEnergy.
    const cohesive = (s: Structure): number => (s.energy! - s.species.reduce((a, z) => a + REFERENCE_ENERGIES[z], 0)) / s.species.length;
    const before = kept.length;
    kept = kept.filter((s) => cohesive(s) <= maxEnergy);
    console.log(`--max-energy=${maxEnergy}: ${kept.length} of ${before} structures have a cohesive energy of at most ${maxEnergy} eV/atom`);
  }
  return { all, usable: new Set(kept.map((s) => s.name)), descriptorsOf: new Array(all.length), featurizer: null };
}

/** One seed of one method: the three strategies' curves from the same test/validation sets and first labels. */
async function runSeed(w: Workload, method: CurveMethod, seed: number, settings: CurveSettings, workDir: string): Promise<SeedCurve> {
  const { all } = w;
  const t0 = Date.now(), load0 = loadavg()[0], loads: number[] = [];
  rmSync(workDir, { recursive: true, force: true });
  // One draw per seed: the test and validation sets, and the first labels, shared by the strategies.
  const order = new Rng(1000 + seed).shuffled(all.map((_, i) => i)).filter((i) => w.usable.has(all[i].name));
  const test = order.slice(0, settings.test), validation = order.slice(settings.test, settings.test + settings.validation), rest = order.slice(settings.test + settings.validation);
  const strategies: Record<string, CurvePoint[]> = {};
  for (const strategy of SELECTION_STRATEGIES) {
    let labelled = rest.slice(0, settings.start);
    const curve: CurvePoint[] = [];
    for (let r = 0; r <= settings.rounds; r++) {
      const dir = join(workDir, strategy, `round-${r}`);
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'train.txt'), labelled.join('\n'));
      writeFileSync(join(dir, 'validation.txt'), validation.join('\n'));
      writeFileSync(join(dir, 'test.txt'), test.join('\n'));
      const started = Date.now();
      const res = await runTraining({ configFile: writeConfig(dir, settings.model, seed), runDir: join(dir, 'run') });
      if (res.status === 'failed') throw new Error(`${dir}: ${res.message}`);
      const e = readReport({ path: join(dir, 'run', 'report.uqreport.json') }).metrics.test!.energy!;
      curve.push({ labels: labelled.length, rmse: e.raw.metrics.rmse, mace: (e.recalibrated ?? e.raw).metrics.mace, seconds: (Date.now() - started) / 1000 });
      loads.push(loadavg()[0]);
      console.log(`${method} ${strategy} seed ${seed} round ${r}: ${labelled.length} labels, test RMSE ${(1000 * e.raw.metrics.rmse).toFixed(2)} meV/atom, MACE ${curve[r].mace.toFixed(3)}, ${curve[r].seconds.toFixed(0)} s`);
      if (r === settings.rounds) break;
      // The next batch: from the structures neither labelled nor in the test or validation sets.
      const taken = new Set(labelled);
      const pool = rest.filter((i) => !taken.has(i));
      const saved = readRunModel(join(dir, 'run'));
      // Descriptors of every structure once per invocation (the runs' set-up never changes), not once per round.
      w.featurizer ??= new Featurizer(saved.setups);
      for (const i of pool) w.descriptorsOf[i] ??= w.featurizer.featurize(all[i]);
      const { predictions, descriptors } = predictWithRun(saved, pool.map((i) => all[i]), { forces: false, descriptors: pool.map((i) => w.descriptorsOf[i]!) });
      const picks = selectStructures(strategy, {
        scores: predictions.map((p) => p.energy.sigma / p.nAtoms), count: settings.step, seed: seed * 100 + r,
        ...(strategy === 'sigma-diverse' ? { fingerprints: pool.map((i, k) => structureFingerprint(descriptors[k], all[i].species, saved.standardisation)) } : {}),
      });
      labelled = [...labelled, ...picks.map((k) => pool[k])];
    }
    strategies[strategy] = curve;
  }
  return {
    method, seed, settings, commit: codeCommit(), finished: new Date().toISOString(), minutes: (Date.now() - t0) / 60_000,
    cores: availableParallelism(), load: { start: load0, mean: Number(mean(loads).toFixed(2)), max: Math.max(...loads) }, strategies,
  };
}

/** The command that reproduces a method's stored seeds (only the options that differ from the defaults). */
function commandFor(method: CurveMethod, curves: readonly SeedCurve[]): string {
  const seeds = curves.map((c) => c.seed), s = curves[0].settings;
  const contiguous = seeds.every((x, i) => x === i + 1);
  return ['npm run bench -- learning-curve', contiguous ? (seeds.length === 3 ? '' : `--seeds=${seeds.length}`) : `--seed=${seeds.join(',')}`,
    method === 'lrt' ? '--methods=lrt' : '', s.rounds !== ROUNDS ? `--rounds=${s.rounds}` : '', s.epochs !== DEFAULT_EPOCHS[method] ? `--epochs=${s.epochs}` : '',
    s.maxEnergy !== undefined ? `--max-energy=${s.maxEnergy}` : '']
    .filter(Boolean).join(' ');
}

/** Rebuilds a method's markdown and SVG from every stored seed with these settings, keeping the notes. */
function writeReport(results: string, method: CurveMethod, curves: readonly SeedCurve[]): void {
  const name = reportName(method, curves[0].settings);
  const md = join(results, `${name}.md`);
  const notes = existsSync(md) ? notesOf(readFileSync(md, 'utf8')) : '';
  const { markdown, svg } = methodReport(method, curves, commandFor(method, curves), notes);
  writeFileSync(md, markdown);
  writeFileSync(join(results, `${name}.svg`), svg);
  console.log(`${method}: ${md} rebuilt from seeds ${curves.map((c) => c.seed).join(', ')}`);
}

async function main(): Promise<void> {
  const seeds = parseSeeds(), rounds = Number(flag('rounds') ?? String(ROUNDS)), fresh = args.includes('--fresh');
  // --methods=lrt runs the LRT curve alone; --lrt: both.
  const methods = (args.includes('--lrt') ? 'ensemble,lrt' : flag('methods') ?? 'ensemble').split(',') as CurveMethod[];
  if (!methods.length || methods.some((m) => !CURVE_METHODS.includes(m))) throw new Error(`--methods: ensemble, lrt or both (ensemble,lrt), not "${methods.join(',')}"`);
  if (!Number.isInteger(rounds) || rounds < 0) throw new Error(`--rounds must be a whole number ≥ 0, not "${flag('rounds')}"`);
  const results = resolve(ROOT, flag('results') ?? join('test', 'bench', 'results'));
  const pointsFile = join(results, POINTS_FILE);
  const maxEnergyFlag = flag('max-energy');
  const maxEnergy = maxEnergyFlag === undefined ? undefined : Number(maxEnergyFlag);
  if (maxEnergy !== undefined && !Number.isFinite(maxEnergy)) throw new Error(`--max-energy must be an energy in eV/atom, not "${maxEnergyFlag}"`);
  mkdirSync(results, { recursive: true });
  let workload: Workload | null = null;
  for (const method of methods) {
    const epochs = Number(flag('epochs') ?? String(DEFAULT_EPOCHS[method]));
    const settings: CurveSettings = { data: basename(DATA), start: START, step: STEP, test: TEST, validation: VALIDATION, rounds, epochs, model: modelYaml(method, epochs), ...(maxEnergy !== undefined ? { maxEnergy } : {}) };
    let ran = false;
    for (const seed of seeds) {
      const stored = matchingCurves(readPoints(pointsFile), method, settings).find((c) => c.seed === seed);
      if (stored && !fresh) {
        console.log(`${method} seed ${seed}: already stored with these settings (code ${stored.commit}, ${stored.finished}, ${stored.minutes.toFixed(1)} min); skipped (--fresh recomputes it)`);
        continue;
      }
      if (!existsSync(DATA)) { console.log(`learning-curve: ${method} seed ${seed} skipped: ${DATA} is absent (../shared/datasets beside the repository)`); continue; }
      workload ??= await loadWorkload(maxEnergy);
      const curve = await runSeed(workload, method, seed, settings, join(ROOT, 'test-artifacts', 'learning-curve', method, `seed-${seed}`));
      // Re-read before writing: another invocation may have stored other seeds meanwhile.
      writePoints(pointsFile, upsertCurve(readPoints(pointsFile), curve));
      console.log(`${method} seed ${seed}: stored in ${pointsFile} (${curve.minutes.toFixed(1)} min)`);
      writeReport(results, method, matchingCurves(readPoints(pointsFile), method, settings));
      ran = true;
    }
    const all = matchingCurves(readPoints(pointsFile), method, settings);
    if (all.length) {
      if (!ran) writeReport(results, method, all); // every seed was stored already: the report still follows the points
      console.log(readFileSync(join(results, `${reportName(method, settings)}.md`), 'utf8'));
    } else console.log(`${method}: no stored seeds with these settings; no report written`);
  }
}

main().catch((e: unknown) => { console.error(e); process.exitCode = 1; });
