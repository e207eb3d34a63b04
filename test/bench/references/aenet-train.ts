/**
 * aenet's own trainer (train.x, Fortran, float64) as a second same-run reference of train.bench.ts's
 * energy-only case: generate.x writes the training set once from the bench's archive and Chebyshev
 * set-up (energies only, untimed), then train.x trains per-element networks with Adam (learning rate
 * 1e-3, the bench's batch size) on about the bench's share of the structures (whole batches, below). A run's set-up (reading the
 * training set, normalisation) is not an epoch: each round runs train.x for 1 and for 1 + E epochs and
 * takes the difference over E. train.x also evaluates its training and test errors every epoch.
 * Its Adam draws random samples and, for each, rewinds its training-set file and reads forward to that
 * record (rewind_TrnSet in train.f90), so its epoch grows with N² and is mostly file reading, not the
 * networks: this shows aenet's own trainer as users run it; the float32 PyTorch reference is the one that
 * measures the same arithmetic.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ChebyshevSetup } from '../../../src/core/descriptors';
import { aenetWorkdir, timedRun, writeGenerateInput } from './aenet-generate';
import { interleave } from './rounds';
import type { Absent } from './setup';

export interface AenetTrainOptions { hidden: readonly number[]; batchSize: number; trainFraction: number }

/** Seconds per epoch of train.x (wall and the child's CPU), or why it cannot run. */
export function aenetTrain(archive: string, setups: readonly ChebyshevSetup[], atomicEnergies: Record<string, number>, o: AenetTrainOptions): { run: (epochs: number) => { wall: number; cpu: number } | Absent; source: string } | Absent {
  const w = aenetWorkdir(archive);
  if ('absent' in w) return w;
  if (!w.aenet.train) return { absent: `train.x was not built (${w.aenet.source})` };
  const train = w.aenet.train;
  const dir = join(w.dir, 'train-energy');
  mkdirSync(dir, { recursive: true });
  writeGenerateInput(dir, w.files, setups, { output: 'bench.train', atomicEnergies, forces: false });
  const input = readFileSync(join(dir, 'generate.in'), 'utf8');
  const marker = join(dir, 'GENERATED');
  if (!existsSync(marker) || readFileSync(marker, 'utf8') !== input) {
    rmSync(join(dir, 'bench.train'), { force: true });
    const g = timedRun(w.aenet.generate, 'generate.in', 'generate.out', dir);
    if ('absent' in g) return g;
    writeFileSync(marker, input);
  }
  const keep = new Set(['bench.train', 'generate.in', 'generate.out', 'GENERATED', ...setups.map((s) => `${s.element}.fingerprint.stp`)]);
  const layers = o.hidden.map((h) => `${h}:tanh`).join(' ');
  // train.x (2.0.4) draws Adam's samples from all its training structures but rejects any index above its
  // sample size, which it rounds down to whole batches: so the training set is made whole batches too
  // (896 of the 1,000 structures at batch 64, where ours trains on 900), with nTrain = ⌈(1 − p/100)·N⌉.
  const nTrain = Math.floor((o.trainFraction * w.files.length) / o.batchSize) * o.batchSize;
  if (nTrain === 0) return { absent: `fewer than one batch of ${o.batchSize} structures` };
  const testPercent = 100 * (1 - (nTrain - 0.5) / w.files.length);
  const once = (iterations: number) => {
    for (const f of readdirSync(dir)) if (!keep.has(f)) rmSync(join(dir, f), { force: true }); // train.x restarts from networks it finds
    writeFileSync(join(dir, 'train.in'), [
      'TRAININGSET bench.train', `TESTPERCENT ${testPercent.toFixed(6)}`, `ITERATIONS ${iterations}`, '',
      'METHOD', `adam mu=0.001 batchsize=${o.batchSize} samplesize=${nTrain}`, '',
      'NETWORKS', ...setups.map((s) => `  ${s.element}  ${s.element}.nn  ${o.hidden.length}  ${layers}`), '',
    ].join('\n'));
    return timedRun(train, 'train.in', 'train.out', dir);
  };
  const run = (epochs: number) => {
    const a = once(1);
    if ('absent' in a) return a;
    const b = once(1 + epochs);
    if ('absent' in b) return b;
    return { wall: (b.wall - a.wall) / epochs, cpu: (b.cpu - a.cpu) / epochs };
  };
  return { run, source: w.aenet.source };
}

/** Interleaved rounds of ours and train.x on the energy-only case (wall seconds per epoch on both sides); prints the ratio line. */
export function compareWithAenetTrain(label: string, archive: string, setups: readonly ChebyshevSetup[], atomicEnergies: Record<string, number>, o: AenetTrainOptions, ours: () => number, epochs = 2): void {
  const ref = aenetTrain(archive, setups, atomicEnergies, o);
  interleave(`${label} vs aenet train.x${'absent' in ref ? '' : ` (${ref.source}, float64, Adam)`}`, 's/epoch', ours, 'absent' in ref ? ref : () => {
    const r = ref.run(epochs);
    return 'absent' in r ? r : { 'train.x': r.wall };
  });
}
