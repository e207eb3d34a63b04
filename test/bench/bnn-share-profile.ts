/**
 * Where a 2-sample BNN step's time goes when its batch is split by structure in two (split-threads.bench.ts):
 * on one thread, CPU time per step (batch 0 of 64 structures), the whole step against each part's share (all
 * draws, that part's rows) and the combine. The ceiling of a 2-thread speed-up is
 * t_step / (max_t t_share + t_combine), before any cost of waking the worker; a share above half a step is work
 * both threads repeat (packing x, the whole batch's noise) or an uneven split.
 */
import type { BnnEstimator } from '../../src/core/method/names';
import { estimatorOf } from '../../src/core/estimators/registry';
import { createKernelEnergyPath } from '../../src/core/kernels/energy-path';
import { splitBatches, stepOrder, type RowWindow } from '../../src/core/kernels/row-window';
import { createModel } from '../../src/core/estimators/create-model';
import { planBatches } from '../../src/core/training/batch-plan';
import type { PreparedData } from '../../src/core/training/prepare';
import type { TrainerOptions } from '../../src/core/training/options';
import { Rng } from '../../src/core/rng';
import type { ModelSpec } from '../../src/core/models/potential';
import type { BnnTrainingOptions } from '../../src/core/training/options';
import { median } from './references/rounds';
import { SplitBnnStep } from '../../src/core/training/parallel/split-bnn-step';
import type { StepChannel } from '../../src/core/training/parallel/step-channel';
import { Trainer } from '../../src/core/training/trainer';

/**
 * Median CPU seconds per call of each of `fs` over `reps` rounds, the calls interleaved within a round (after
 * one warm-up round): process CPU time, not wall time, so other processes on a loaded machine do not count
 * (nothing else runs in this process meanwhile), and interleaving spreads cache and frequency effects alike.
 */
function perCall(fs: (() => void)[], reps: number): number[] {
  for (const f of fs) f();
  const t = fs.map(() => [] as number[]);
  for (let i = 0; i < reps; i++) {
    fs.forEach((f, j) => {
      const c0 = process.cpuUsage();
      f();
      const c = process.cpuUsage(c0);
      t[j].push((c.user + c.system) / 1e6);
    });
  }
  return t.map(median);
}

/** One line per BNN: step, the two parts' shares and combine in ms (CPU) per batch of 64, and the ceiling they allow. */
export function profileShares(data: PreparedData, bnns: { name: string; spec: ModelSpec; bnn: BnnTrainingOptions }[], reps = 60): void {
  for (const { name, spec, bnn } of bnns) {
    const model = createModel(spec);
    const o = { batchSize: 64, bnn, seed: 1, bootstrap: false, alpha: 0 } as TrainerOptions;
    const plan = planBatches(data.train, o, 1);
    const kernel = estimatorOf({ estimator: spec.estimator as BnnEstimator }).kernel!;
    const K = bnn.trainSamples;
    const terms = { samples: K, sigmaEnergy: bnn.sigmaEnergy, weighting: bnn.weighting, nTrain: data.train.length, priorScale: spec.priorScale ?? 1 };
    const make = (lists: number[][], window?: RowWindow) => {
      const path = createKernelEnergyPath(model.layout, K, kernel.ownRows ? [] : data.train, kernel.ownRows ? [] : lists, [], data.std, null);
      if (typeof path === 'string') throw new Error(path);
      return kernel.create({ path, layout: model.layout, train: data.train, batches: lists, std: data.std, terms, forces: null, ...(window ? { window } : {}) });
    };
    const whole = make(plan.lists);
    const parts = splitBatches(stepOrder(plan.lists, data.train, false), data.train, model.layout.elements.length, 2).map((p) => make(p.lists, p.window));
    const { mu, rho } = model.exportParams();
    const x = new Float32Array(2 * mu!.length);
    x.set(mu!); x.set(rho!, mu!.length);
    const grad = new Float32Array(x.length);
    const rng = new Rng(5);
    const ms = (s: number) => (s * 1e3).toFixed(3);
    const shares = parts.map((p) => p.share(x, 0, new Rng(9)));
    const [tStep, t0, t1, tCombine] = perCall([() => whole.step(x, 0, rng, grad), () => parts[0].share(x, 0, rng), () => parts[1].share(x, 0, rng), () => parts[1].combine(x, shares, grad)], reps);
    const tShares = [t0, t1];
    const ceiling = tStep / (Math.max(...tShares) + tCombine);
    console.log(`${name}: step ${ms(tStep)} ms, the two parts' shares ${tShares.map(ms).join(' / ')} ms (the larger ${(Math.max(...tShares) / tStep * 100).toFixed(0)} % of a step), combine ${ms(tCombine)} ms → 2-thread ceiling ${ceiling.toFixed(2)}× (CPU time)`);
    model.dispose();
  }
}

/**
 * Where a 2-thread step's wall time goes, per BNN over `epochs` epochs: posting the step to the worker, the
 * main thread's share, waiting for the worker's, combining, and the rest (Adam, the loop). SplitBnnStep.step
 * is wrapped for the measurement and restored after. A main share far above its one-thread CPU time means the
 * two threads did not get two cores.
 */
export function profileHandshake(data: PreparedData, bnns: { name: string; spec: ModelSpec; bnn: BnnTrainingOptions }[], epochs = 10): void {
  const proto = SplitBnnStep.prototype as unknown as { step: SplitBnnStep['step'] };
  const original = proto.step;
  const t = { post: 0, mine: 0, wait: 0, combine: 0, n: 0 };
  const now = () => Number(process.hrtime.bigint()) / 1e6;
  proto.step = function (this: SplitBnnStep, x, bi, rng, grad) {
    const self = this as unknown as { workers: { raise: (i: number) => never }; channels: StepChannel[]; local: { share: (...a: unknown[]) => never; combine: (...a: unknown[]) => ReturnType<SplitBnnStep['step']> } };
    const t0 = now();
    const state = rng.state();
    for (const c of self.channels) c.post(x, bi, state);
    const t1 = now();
    const mine = self.local.share(x, bi, rng);
    const t2 = now();
    const theirs = self.channels.map((c, i) => c.collect() ?? self.workers.raise(i));
    const t3 = now();
    const out = self.local.combine(x, [...theirs, mine], grad);
    t.post += t1 - t0; t.mine += t2 - t1; t.wait += t3 - t2; t.combine += now() - t3; t.n++;
    return out;
  };
  try {
    for (const { name, spec, bnn } of bnns) {
      const model = createModel(spec);
      const trainer = new Trainer(model, data.train, data.validation, data.std, {
        batchSize: 64, adam: { learningRate: 1e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0, clip: null },
        alpha: 0, patience: null, minDelta: 0, seed: 1, bnn, bootstrap: false, energyScale: data.norm.scale, threads: 2,
      });
      trainer.runEpoch();
      Object.assign(t, { post: 0, mine: 0, wait: 0, combine: 0, n: 0 });
      const t0 = now();
      for (let e = 0; e < epochs; e++) trainer.runEpoch();
      const total = now() - t0;
      const f = (v: number) => (v / Math.max(1, t.n)).toFixed(3);
      console.log(`${name} on 2 threads, wall ms per step: ${(total / Math.max(1, t.n)).toFixed(3)} = post ${f(t.post)} + main share ${f(t.mine)} + wait for the worker ${f(t.wait)} + combine ${f(t.combine)} + the rest ${f(total - t.post - t.mine - t.wait - t.combine)}`);
      trainer.dispose();
      model.dispose();
    }
  } finally {
    proto.step = original;
  }
}
