/**
 * The local executor against serial (issue 15's goal: 4 trials on 2 cores ≤ 0.55× the serial time): a 4-trial grid
 * sweep of the paper-tuned LRT config (examples/tio2-lrt.mlip.yaml, 1,000 TiO2 structures, 300 epochs, four learning
 * rates, no early stopping, no pruning) with --parallel 1 and with --parallel = cores, alternated over rounds in
 * the same run; prints each wall time and the ratio (min and median over rounds). Where parallel time goes beyond
 * half of serial is printed too, from each trial's run events: the median trial's phases (process start and exit,
 * reading and featurizing, the epochs, the report tail after the last epoch) serial against parallel, and the
 * sweep's wall time not covered by trials (driver start-up, hand-out gaps, results); --explain adds a serial sweep on
 * one training thread per trial, as the pool's, to split the gap into the serial baseline's second thread and sharing.
 *
 *   npm run bench -- executor-scaling [--rounds=2] [--epochs=300] [--explain]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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

/** Seconds of one trial in each phase, from the driver's time for it and its run's event times. */
interface Phases { startExit: number; featurize: number; epochs: number; tail: number; trial: number; threads: number }
const PHASES: [keyof Phases, string][] = [
  ['startExit', 'process start + exit'], ['featurize', 'read + featurize'], ['epochs', 'epochs'], ['tail', 'report tail'], ['trial', 'whole trial'],
];

/** The trials' phases and the sweep's wall time not covered by trials (wall − Σ trial / parallel). */
function phasesOf(out: string, wall: number, parallel: number): { trials: Phases[]; uncovered: number } {
  const state = JSON.parse(readFileSync(join(out, 'sweep-state.json'), 'utf8')) as { trials: { runDir: string; minutes: number }[] };
  const trials = state.trials.map((t) => {
    const events = readFileSync(join(out, t.runDir, 'events.ndjson'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { t: string; type: string; threads?: number });
    const at = (type: string, last = false) => Date.parse((last ? events.filter((e) => e.type === type).pop() : events.find((e) => e.type === type))!.t) / 1000;
    const started = at('started'), first = at('epoch'), lastEpoch = at('epoch', true), finished = at('finished', true);
    const trial = t.minutes * 60;
    const threads = events.find((e) => e.type === 'started')?.threads ?? NaN;
    return { startExit: trial - (finished - started), featurize: first - started, epochs: lastEpoch - first, tail: finished - lastEpoch, trial, threads };
  });
  return { trials, uncovered: wall - trials.reduce((a, t) => a + t.trial, 0) / parallel };
}

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
  // --explain adds a serial sweep whose trials train on one thread, as a pool's do: it splits the gap into what the
  // serial baseline gains from its second training thread and what trials lose by sharing the cores (not in the goal).
  const explain = process.argv.includes('--explain');
  const oneThread = join(dir, 'four-one-thread.sweep.yaml');
  writeFileSync(oneThread, readFileSync(file, 'utf8').replace('executor: { type: local }', 'executor: { type: local, threads: 1 }'));
  interface Variant { label: string; file: string; parallel: number; walls: number[]; trials: Phases[]; uncovered: number[] }
  const variant = (label: string, f: string, p: number): Variant => ({ label, file: f, parallel: p, walls: [], trials: [], uncovered: [] });
  const ser = variant('serial', file, 1), par = variant(`--parallel ${cores}`, file, cores), ser1 = variant('serial, 1 thread', oneThread, 1);
  const load0 = loadavg()[0];
  for (let r = 0; r < rounds; r++) {
    // Alternate the order so that neither side always runs on a warmer machine.
    const order = [...(r % 2 ? [par, ser] : [ser, par]), ...(explain ? [ser1] : [])];
    for (const v of order) {
      const out = join(dir, `out-${r}-${v.walls.length}-${v.parallel}-${v === ser1 ? '1t' : 'nt'}`);
      const s = timeSweep(v.file, out, v.parallel);
      v.walls.push(s);
      const ph = phasesOf(out, s, v.parallel);
      v.trials.push(...ph.trials);
      v.uncovered.push(ph.uncovered);
      console.log(`round ${r + 1}: ${v.label}: ${s.toFixed(1)} s (trials ${ph.trials.map((t) => t.trial.toFixed(1)).join(', ')} s; not covered by trials ${ph.uncovered.toFixed(1)} s)`);
    }
  }
  const serial = ser.walls, parallel = par.walls;
  const ratios = serial.map((s, i) => parallel[i] / s);
  // Parallel wall ≈ (4 / cores) × parallel trial + uncovered; each phase's ratio to serial says which part slows down
  // when trials share the cores. A serial trial's kernels split each minibatch over every core (training.threads unset),
  // a pool's trials get one thread each; the serial baseline's spare core also runs V8's compiler and GC threads.
  const shown = explain ? [ser, ser1, par] : [ser, par];
  const threadsOf = (x: Phases[]) => [...new Set(x.map((t) => t.threads))].join('/');
  console.log(`\nmedian trial phases (s; ratio to serial): ${shown.map((v) => `${v.label} (${threadsOf(v.trials)} training thread${threadsOf(v.trials) === '1' ? '' : 's'})`).join(' | ')}`);
  for (const [k, label] of PHASES) {
    const base = median(ser.trials.map((t) => t[k]));
    console.log(`  ${label.padEnd(22)} ${shown.map((v) => { const m = median(v.trials.map((t) => t[k])); return `${m.toFixed(2).padStart(6)}${v === ser ? '' : ` (${(m / base).toFixed(2)})`}`; }).join('   ')}`);
  }
  console.log(`  ${'not covered by trials'.padEnd(22)} ${shown.map((v) => median(v.uncovered).toFixed(2).padStart(6)).join('   ')} (sweep wall − Σ trial / parallel)`);
  if (explain) {
    const t = (v: Variant) => median(v.trials.map((x) => x.trial));
    console.log(`  → serial's second training thread: ${t(ser1).toFixed(2)} / ${t(ser).toFixed(2)} = ${(t(ser1) / t(ser)).toFixed(3)} per trial; sharing the cores: ${t(par).toFixed(2)} / ${t(ser1).toFixed(2)} = ${(t(par) / t(ser1)).toFixed(3)} per trial`);
  }
  console.log(`\n4 trials × ${epochs} epochs, ${cores} cores: serial ${median(serial).toFixed(1)} s, --parallel ${cores} ${median(parallel).toFixed(1)} s (medians over ${rounds} rounds)`);
  console.log(`ratio parallel/serial: min ${Math.min(...ratios).toFixed(3)}, median ${median(ratios).toFixed(3)} (goal ≤ 0.55); load average ${load0.toFixed(1)} → ${loadavg()[0].toFixed(1)}`);
  rmSync(dir, { recursive: true, force: true });
  if (median(ratios) > 0.55) process.exitCode = 1;
}

main();
