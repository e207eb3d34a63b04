/**
 * The local executor against serial (issue 15's goal: 4 trials on 2 cores ≤ 0.55× the serial time): a 4-trial grid
 * sweep of the paper-tuned LRT config (examples/tio2-lrt.mlip.yaml, 1,000 TiO2 structures, 300 epochs, four learning
 * rates, no early stopping, no pruning) with --parallel 1 and with --parallel = cores, alternated over rounds in
 * the same run; prints each wall time and the ratio (min and median over rounds).
 *
 *   npm run bench -- executor-scaling [--rounds=2] [--epochs=300]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'cli.js');

function flag(name: string, fallback: string): string {
  const a = process.argv.slice(2).find((x) => x.startsWith(`--${name}=`));
  return a ? a.slice(name.length + 3) : fallback;
}

function timeSweep(file: string, out: string, parallel: number): number {
  const t0 = Date.now();
  const r = spawnSync(process.execPath, [CLI, 'sweep', file, '--out', out, '--parallel', String(parallel)], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`sweep --parallel ${parallel} exited ${r.status}: ${r.stderr.slice(-400)}`);
  return (Date.now() - t0) / 1000;
}

const median = (x: number[]) => { const s = [...x].sort((a, b) => a - b); return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2; };

function main(): void {
  const rounds = Number(flag('rounds', '2')), epochs = flag('epochs', '300');
  const cores = availableParallelism();
  const dir = mkdtempSync(join(tmpdir(), 'executor-scaling-'));
  const file = join(dir, 'four.sweep.yaml');
  writeFileSync(file, [
    `base: ${JSON.stringify(join(ROOT, 'examples', 'tio2-lrt.mlip.yaml'))}`,
    'space:',
    '  training.learning_rate: { choice: [1.0e-4, 2.0e-4, 4.0e-4, 8.0e-4] }',
    `  training.epochs: { choice: [${epochs}] }`,
    '  training.early_stopping.patience: { choice: [null] }',
    'strategy: grid', 'objective: val_energy_rmse', 'budget: { trials: 4 }', 'executor: { type: local }', '',
  ].join('\n'));
  const load0 = loadavg()[0];
  const serial: number[] = [], parallel: number[] = [];
  for (let r = 0; r < rounds; r++) {
    // Alternate the order so that neither side always runs on a warmer machine.
    const order = r % 2 ? [cores, 1] : [1, cores];
    for (const p of order) {
      const s = timeSweep(file, join(dir, `out-${r}-${p}`), p);
      (p === 1 ? serial : parallel).push(s);
      console.log(`round ${r + 1}: --parallel ${p}: ${s.toFixed(1)} s`);
    }
  }
  const ratios = serial.map((s, i) => parallel[i] / s);
  console.log(`\n4 trials × ${epochs} epochs, ${cores} cores: serial ${median(serial).toFixed(1)} s, --parallel ${cores} ${median(parallel).toFixed(1)} s (medians over ${rounds} rounds)`);
  console.log(`ratio parallel/serial: min ${Math.min(...ratios).toFixed(3)}, median ${median(ratios).toFixed(3)} (goal ≤ 0.55); load average ${load0.toFixed(1)} → ${loadavg()[0].toFixed(1)}`);
  rmSync(dir, { recursive: true, force: true });
  if (median(ratios) > 0.55) process.exitCode = 1;
}

main();
