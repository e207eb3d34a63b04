/**
 * The paper's LRT hyperparameter search at its own size (issue 15's goal): examples/paper-search-lrt.sweep.yaml
 * (TPE, 10 start-up trials, median pruning with patience 2, 60 trials × 500 epochs) on the shipped 1,000-structure
 * TiO2 archive, every core, against its 30-minute goal; then the best trial's validation error against the paper's
 * tuned values (examples/tio2-lrt.mlip.yaml, the sweep's base) trained the same 500 epochs on the same split, in the
 * same run. Writes test/bench/results/paper-search.md.
 *
 *   npm run bench -- paper-search [--parallel=N] [--minutes=30] [--trials=60]
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TrialRecord } from '../../src/core/sweep/sweep-state';

const ROOT = join(__dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const GOAL_MINUTES = 30;

function flag(name: string, fallback: string): string {
  const a = process.argv.slice(2).find((x) => x.startsWith(`--${name}=`));
  return a ? a.slice(name.length + 3) : fallback;
}

interface SweepRun { minutes: number; trials: TrialRecord[] }

function sweep(file: string, out: string, extra: string[]): SweepRun {
  const t0 = Date.now();
  const r = spawnSync(process.execPath, [CLI, 'sweep', file, '--out', out, ...extra], { encoding: 'utf8', stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) throw new Error(`mlip-uq sweep ${file} exited ${r.status}`);
  const state = JSON.parse(readFileSync(join(out, 'sweep-state.json'), 'utf8')) as { trials: TrialRecord[] };
  return { minutes: (Date.now() - t0) / 60_000, trials: state.trials };
}

const best = (trials: TrialRecord[]): TrialRecord | undefined =>
  trials.filter((t) => t.best !== null).sort((a, b) => a.best! - b.best!)[0];

function main(): void {
  const parallel = flag('parallel', String(availableParallelism()));
  const minutes = flag('minutes', String(GOAL_MINUTES));
  const trials = flag('trials', '60');
  const out = join(ROOT, 'test-artifacts', 'paper-search');
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const load0 = loadavg()[0];

  // The paper's tuned values, as one grid "trial" of the same 500 epochs without early stopping: same split, same metric.
  const tmp = mkdtempSync(join(tmpdir(), 'paper-search-'));
  const refFile = join(tmp, 'paper-tuned.sweep.yaml');
  writeFileSync(refFile, [
    `base: ${JSON.stringify(join(ROOT, 'examples', 'tio2-lrt.mlip.yaml'))}`,
    'space:', '  training.epochs: { choice: [500] }', '  training.early_stopping.patience: { choice: [null] }',
    'strategy: grid', 'objective: val_energy_rmse', 'budget: { trials: 1 }', 'executor: { type: local }', '',
  ].join('\n'));
  const ref = sweep(refFile, join(out, 'paper-tuned'), ['--parallel', '1']);
  const refBest = best(ref.trials);
  if (!refBest) throw new Error('the paper-tuned run gave no validation error');

  const search = sweep(join(ROOT, 'examples', 'paper-search-lrt.sweep.yaml'), join(out, 'search'), ['--parallel', parallel, '--minutes', minutes, '--trials', trials]);
  const top = best(search.trials);
  const count = (s: string) => search.trials.filter((t) => t.status === s).length;
  const ratio = top ? top.best! / refBest.best! : NaN;
  const lines = [
    '# The paper\'s LRT search on the 1,000-structure TiO2 archive (issue 15)',
    '',
    `examples/paper-search-lrt.sweep.yaml: TPE (seed 1234, 10 start-up trials), median pruning (patience 2), up to ${trials} trials × 500 epochs, ${parallel} at a time, budget ${minutes} min; objective: best validation energy RMSE (eV/atom) over the epochs.`,
    '',
    '| | value | goal | ratio |',
    '|---|---:|---|---:|',
    `| search wall time | ${search.minutes.toFixed(1)} min | ≤ ${GOAL_MINUTES} min | ${(search.minutes / GOAL_MINUTES).toFixed(2)} |`,
    `| trials: completed / pruned / failed / planned | ${count('completed')} / ${count('pruned')} / ${count('failed')} / ${search.trials.length} | 60 | |`,
    `| best trial's validation RMSE | ${top ? top.best!.toPrecision(4) : '—'} (trial ${top?.number ?? '—'}, epoch ${top?.bestEpoch ?? '—'}) | ≤ 1.10 × the paper-tuned run | ${ratio.toFixed(3)} |`,
    `| paper-tuned values, 500 epochs, same split | ${refBest.best!.toPrecision(4)} (epoch ${refBest.bestEpoch}; ${ref.minutes.toFixed(1)} min) | | |`,
    '',
    `Best trial's values: ${top ? Object.entries(top.params).map(([k, v]) => `${k} = ${typeof v === 'number' ? Number(v.toPrecision(3)) : v}`).join(', ') : '—'}.`,
    '',
    `Machine: ${availableParallelism()} cores, load average ${load0.toFixed(1)} at the start, ${loadavg()[0].toFixed(1)} at the end.`,
    '',
    `Command: \`npm run bench -- paper-search${parallel !== String(availableParallelism()) ? ` --parallel=${parallel}` : ''}${minutes !== String(GOAL_MINUTES) ? ` --minutes=${minutes}` : ''}${trials !== '60' ? ` --trials=${trials}` : ''}\``,
    '',
  ];
  const dest = join(ROOT, 'test', 'bench', 'results');
  mkdirSync(dest, { recursive: true });
  writeFileSync(join(dest, 'paper-search.md'), lines.join('\n'));
  console.log(lines.join('\n'));
  rmSync(tmp, { recursive: true, force: true });
  if (search.minutes > GOAL_MINUTES * 1.05 || !(ratio <= 1.1)) process.exitCode = 1;
}

main();
