/**
 * Shared body of the paper-study benches (paper-7815, paper-qm7, paper-forces, paper-md17): runs `mlip-uq paper` on a data
 * set from ../shared/datasets (said and skipped when absent), every core busy, within a wall-clock limit,
 * and prints the wall time, the time projected for the paper's five seeds when fewer ran, the claims' verdicts,
 * and copies the table to test/bench/results/<name>.md.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { parsePaperOptions } from '../../src/runner/paper/paper-options';
import { PAPER_SEEDS } from '../../src/runner/paper/paper-study-numbers';
import { runPaper } from '../../src/runner/paper/run-paper';

export interface StudyBench {
  /** Results file name (test/bench/results/<name>.md) and output folder. */
  name: string;
  /** Data relative to the repository root, e.g. ../shared/datasets/… (or a config with --data-config). */
  data: string;
  /** How the data is given: --data (structure files) or --data-config (a config's data section). */
  dataFlag?: '--data' | '--data-config';
  /** `mlip-uq paper` arguments besides --data, --seeds, --budget-minutes, --parallel, --out. */
  args: string[];
  /** Wall-clock limit of the whole study (the issue's: 120 min). */
  limitMinutes: number;
  /** Seeds without --seeds (default the paper's five). */
  seeds?: number;
}

function flag(name: string, fallback: string): string {
  const a = process.argv.slice(2).find((x) => x.startsWith(`--${name}=`));
  return a ? a.slice(name.length + 3) : fallback;
}

export async function runStudyBench(b: StudyBench): Promise<void> {
  const root = join(__dirname, '..', '..');
  const data = join(root, b.data);
  if (!existsSync(data)) {
    console.log(`${b.name}: skipped: ${b.data} is absent (the data sets live in ../shared/datasets beside the repository)`);
    return;
  }
  const defaultSeeds = b.seeds ?? PAPER_SEEDS.length;
  const seeds = flag('seeds', String(defaultSeeds));
  const parallel = flag('parallel', String(availableParallelism()));
  // The budget is what the study may spend training; featurizing and reporting come on top (the limit is wall time).
  const budget = flag('budget-minutes', String(Math.round(b.limitMinutes * 0.9)));
  const out = join(root, 'test-artifacts', b.name);
  rmSync(out, { recursive: true, force: true });
  const args = [b.dataFlag ?? '--data', data, ...b.args, '--seeds', seeds, '--parallel', parallel, '--budget-minutes', budget, '--out', out];
  const options = parsePaperOptions(args, root);
  const t0 = Date.now();
  const r = await runPaper(options, {
    log: (line) => console.log(line), progressSeconds: 120,
    command: `npm run bench -- ${b.name} --seeds=${seeds} --parallel=${parallel} --budget-minutes=${budget}\n# = mlip-uq paper ${args.join(' ').replace(out, `test-artifacts/${b.name}`).replace(data, b.data)}`,
  });
  const minutes = (Date.now() - t0) / 60_000;
  const n = options.seeds.length;
  console.log('');
  console.log(`${b.name}: ${r.results.length} runs, ${n} seed${n > 1 ? 's' : ''}, ${options.parallel} at a time: ${minutes.toFixed(1)} min wall; limit ${b.limitMinutes} min; ratio ${(minutes / b.limitMinutes).toFixed(2)} (target ≤ 1)`);
  // The projection answers "would the paper's five seeds fit the limit?": only for the benches of the paper's studies.
  const paperSeeds = PAPER_SEEDS.length;
  if (n < paperSeeds && defaultSeeds === paperSeeds) console.log(`projected for the paper's ${paperSeeds} seeds: ${(minutes * paperSeeds / n).toFixed(1)} min (${(minutes * paperSeeds / n / b.limitMinutes).toFixed(2)} × the limit)`);
  for (const line of readFileSync(r.tableFile, 'utf8').split('\n')) if (line.startsWith('- Paper:')) console.log(line);
  const dest = join(root, 'test', 'bench', 'results');
  mkdirSync(dest, { recursive: true });
  copyFileSync(r.tableFile, join(dest, `${b.name}.md`));
  console.log(`table: test/bench/results/${b.name}.md`);
  if (minutes > b.limitMinutes || r.results.some((x) => !x.metrics)) process.exitCode = 1;
}
