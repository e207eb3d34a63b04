/**
 * Where a 2-sample BNN step's time goes when its batch is split by structure in two (bnn-threads.bench.ts):
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
