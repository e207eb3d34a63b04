/**
 * Training speed on the 1,000 TiO2 structures, 2×15 tanh, one core, against a float32 PyTorch reference
 * of each case measured in the same run on the same samples (references/torch_train.py; energy only,
 * forces on 25 % of the structures with α 0.1, a 2-sample LRT BNN, a 10-member ensemble stacked in bmm
 * and in vmap; ratios ours/reference as min and median over interleaved rounds, MLIP_BENCH_ROUNDS,
 * "reference absent: why" without torch; energy only also against aenet's train.x, references/aenet-train.ts),
 * the energy-only epoch's GFLOP/s against the kernels' own large product (./kernel-ceiling.ts),
 * a 10-member ensemble epoch vs one member (≤ 3×), a
 * 2-sample LRT epoch vs a deterministic one (≤ 2.5×), and the BNNs and a single network on 2 threads vs 1 (split-threads.bench.ts). Seconds per epoch are medians over the timed epochs.
 * MLIP_BENCH_CASES=energy,ensemble,lrt,bnn,forces (comma-separated; default all) runs only those sections, e.g. to
 * repeat one comparison with more rounds (MLIP_BENCH_ROUNDS) on a noisy machine.
 */
import { availableParallelism } from 'node:os';
import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from '../../src/core/backend/select-backend';
import { createModel } from '../../src/core/estimators/create-model';
import { MlpKernel } from '../../src/core/kernels/mlp-kernel';
import type { ModelSpec } from '../../src/core/models/potential';
import type { PreparedData } from '../../src/core/training/prepare';
import type { BnnTrainingOptions } from '../../src/core/training/options';
import { Trainer } from '../../src/core/training/trainer';
import { ARCHIVE, REFERENCE, SETUPS, tio2Bench } from './train-fixture';
import { compareWithTorch, type TorchRun } from './references/torch-compare';
import { compareWithAenetTrain } from './references/aenet-train';
import { benchBnns, TRAIN_CASES } from './profile-cases';
import { splitThreadSpeedups } from './split-threads.bench';
import { profileHandshake, profileShares } from './bnn-share-profile';
import { energyEpochFlops, kernelCeilingGflops } from './kernel-ceiling';

function median(a: number[]): number {
  const s = [...a].sort((x, y) => x - y);
  return s[Math.floor(s.length / 2)];
}

let peakRss = 0;
const engines = new Set<string>();
function sampleMemory(): void {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}

function secondsPerEpoch(data: PreparedData, spec: ModelSpec, bnn: BnnTrainingOptions | null, alpha: number, batchSize: number, epochs: number, kernels = true, threads = 1): number {
  // The previous case's garbage (a tfjs-ops run leaves much) is collected now, not by V8 during this case's epochs.
  (globalThis as { gc?: () => void }).gc?.();
  const model = createModel(spec);
  const trainer = new Trainer(model, data.train, data.validation, data.std, {
    batchSize, adam: { learningRate: 1e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0, clip: null },
    alpha, patience: null, minDelta: 0, seed: 1, bnn, bootstrap: false, energyScale: data.norm.scale, kernels, threads,
  });
  engines.add(`${trainer.engine.name} (${trainer.engine.reason})`);
  const times: number[] = [];
  for (let e = 0; e < epochs + 1; e++) {
    const t0 = process.hrtime.bigint();
    trainer.runEpoch();
    sampleMemory();
    if (e > 0) times.push(Number(process.hrtime.bigint() - t0) / 1e9); // first epoch warms up JIT and kernels
  }
  trainer.dispose();
  model.dispose();
  return median(times);
}

const SECTIONS = ['energy', 'ensemble', 'lrt', 'bnn', 'forces'] as const;

/** The sections MLIP_BENCH_CASES asks for (all when unset); an unknown name is an error, not a silent no-op. */
function sections(env = process.env.MLIP_BENCH_CASES): Set<string> {
  const asked = env ? env.split(',').map((x) => x.trim()).filter(Boolean) : [...SECTIONS];
  const unknown = asked.filter((x) => !(SECTIONS as readonly string[]).includes(x));
  if (unknown.length) throw new Error(`MLIP_BENCH_CASES: ${unknown.join(', ')} not among ${SECTIONS.join(', ')}`);
  return new Set(asked);
}

async function main(): Promise<void> {
  const want = sections();
  const backend = await selectBackend({ backend: (process.env.MLIP_BACKEND as 'auto') ?? 'auto', threads: 1 });
  console.log(`backend: ${backend.name} (${backend.reason}), threads ${backend.threads}`);
  const { det: { spec: det }, ens: { spec: ens }, lrt: { spec: lrt, bnn: lrtTrain } } = TRAIN_CASES;

  // aenet-PyTorch trains on 900 structures (TESTPERCENT 10) and times the training pass.
  const energy = tio2Bench({ train: 0.9, validation: 0, test: 0.1 }, 0);
  console.log(`featurized 1,000 structures (energy only) in ${energy.featurizeSeconds.toFixed(1)} s`);
  // Energy-only deterministic networks and ensembles train on the wasm SIMD kernels; the same model on
  // tfjs ops is the in-run baseline.
  // One member's epoch is the ensemble's and the LRT's yardstick too, so it runs whenever they do. A first
  // training warms V8 up (its wasm tiers compile in the background while the first trainings run), so the
  // yardstick is not the only case timed on partly baseline-compiled kernels.
  secondsPerEpoch(energy.data, det, null, 0, 64, 5);
  const tDet = secondsPerEpoch(energy.data, det, null, 0, 64, 20);
  const tDetOps = secondsPerEpoch(energy.data, det, null, 0, 64, 10, false);
  if (want.has('energy')) {
    console.log(`energy only, batch 64, 2×15 tanh: ${tDet.toFixed(4)} s/epoch (tfjs ops ${tDetOps.toFixed(4)}: kernels ${(tDetOps / tDet).toFixed(1)}× faster)`);
    const gflops = energyEpochFlops(energy.data.train, det.dims[0], det.hidden, 1) / tDet / 1e9;
    const ceiling = kernelCeilingGflops();
    console.log(`energy only: ${gflops.toFixed(1)} GFLOP/s (goal ≥ 15); the kernels' own large product (dense, 2,048 × 256 × 256, ${MlpKernel.variant()} build) ${ceiling.toFixed(1)} GFLOP/s: the epoch runs at ${(gflops / ceiling * 100).toFixed(0)} % of it`);
    compareWithTorch('energy only', energy.data, () => secondsPerEpoch(energy.data, det, null, 0, 64, 10), { case: 'det', epochs: 10 });
    compareWithAenetTrain('energy only', ARCHIVE, SETUPS, REFERENCE, { hidden: [15, 15], batchSize: 64, trainFraction: 0.9 }, () => secondsPerEpoch(energy.data, det, null, 0, 64, 10));
  }
  if (want.has('ensemble')) {
    const tEns = secondsPerEpoch(energy.data, ens, null, 0, 64, 10);
    const tEnsOps = secondsPerEpoch(energy.data, ens, null, 0, 64, 3, false);
    console.log(`10-member ensemble: ${tEns.toFixed(4)} s/epoch (tfjs ops ${tEnsOps.toFixed(4)}: ${(tEnsOps / tEns).toFixed(1)}× faster); vs one member ${(tEns / tDet).toFixed(2)}× (target ≤ 3); ${(energyEpochFlops(energy.data.train, det.dims[0], det.hidden, 10) / tEns / 1e9).toFixed(1)} GFLOP/s`);
    for (const impl of ['bmm', 'vmap'] as const) {
      compareWithTorch(`10-member ensemble (torch ${impl})`, energy.data, () => secondsPerEpoch(energy.data, ens, null, 0, 64, 5), { case: 'ensemble', impl, members: 10, epochs: 5 });
    }
    // The members split across every core (training.threads' default), against the same reference on 1 and every core.
    const cores = availableParallelism();
    if (cores > 1) {
      const tEnsAll = secondsPerEpoch(energy.data, ens, null, 0, 64, 10, true, cores);
      console.log(`10-member ensemble on ${cores} threads: ${tEnsAll.toFixed(4)} s/epoch (${(tEns / tEnsAll).toFixed(2)}× one thread, target ≥ 1.8; vs one member on one thread ${(tEnsAll / tDet).toFixed(2)}×)`);
      compareWithTorch(`10-member ensemble on ${cores} threads (torch bmm)`, energy.data, () => secondsPerEpoch(energy.data, ens, null, 0, 64, 5, true, cores), { case: 'ensemble', impl: 'bmm', members: 10, epochs: 5 });
    }
  }
  if (want.has('lrt')) {
    const tLrt = secondsPerEpoch(energy.data, lrt, lrtTrain, 0, 64, 20);
    const tLrtOps = secondsPerEpoch(energy.data, lrt, lrtTrain, 0, 64, 3, false);
    console.log(`LRT, 2 samples: ${tLrt.toFixed(4)} s/epoch (tfjs ops ${tLrtOps.toFixed(4)}: ${(tLrtOps / tLrt).toFixed(1)}× faster); vs deterministic ${(tLrt / tDet).toFixed(2)}× (target ≤ 2.5; on tfjs ops both: ${(tLrtOps / tDetOps).toFixed(2)}×)`);
    compareWithTorch('LRT, 2 samples', energy.data, () => secondsPerEpoch(energy.data, lrt, lrtTrain, 0, 64, 10), {
      case: 'lrt', epochs: 5, flags: ['--samples', '2', '--q-scale', String(lrt.qScale), '--prior-scale', String(lrt.priorScale), '--sigma-energy', String(lrtTrain.sigmaEnergy)],
    });
  }
  if (want.has('bnn')) {
    // Radial samples whole weight sets, which the kernels run like ensemble members; not a target, shown for scale.
    const { radial, flipout } = TRAIN_CASES;
    const tRad = secondsPerEpoch(energy.data, radial.spec, radial.bnn, 0, 64, 10);
    console.log(`radial, 2 samples (kernels): ${tRad.toFixed(4)} s/epoch; vs deterministic on the kernels ${(tRad / tDet).toFixed(2)}×`);
    const tFlip = secondsPerEpoch(energy.data, flipout.spec, flipout.bnn, 0, 64, 10);
    console.log(`Flipout, 2 samples (kernels): ${tFlip.toFixed(4)} s/epoch; vs deterministic on the kernels ${(tFlip / tDet).toFixed(2)}×`);
    // The three BNNs and a single network with every batch split by structure over 2 threads against 1 (./split-threads.bench.ts).
    profileShares(energy.data, benchBnns());
    profileHandshake(energy.data, benchBnns());
    splitThreadSpeedups(energy.data);
  }
  if (!want.has('forces')) return;

  const forces = tio2Bench({ train: 0.9, validation: 0, test: 0.1 }, 0.25);
  const nForce = forces.data.train.filter((s) => s.forces).length;
  console.log(`featurized 1,000 structures (derivatives for 25 %) in ${forces.featurizeSeconds.toFixed(1)} s; ${nForce} training structures with forces`);
  peakRss = 0;
  const tF = secondsPerEpoch(forces.data, det, null, 0.1, 64, 10);
  const gb = peakRss / 1024 ** 3;
  const tFOps = secondsPerEpoch(forces.data, det, null, 0.1, 64, 3, false);
  console.log(`forces on 25 %, α 0.1, batch 64: ${tF.toFixed(3)} s/epoch (tfjs ops ${tFOps.toFixed(3)}: kernels ${(tFOps / tF).toFixed(1)}× faster)`);
  let torchForces: TorchRun[] = [];
  compareWithTorch('forces on 25 %, α 0.1', forces.data, () => secondsPerEpoch(forces.data, det, null, 0.1, 64, 5), { case: 'det', alpha: 0.1, epochs: 3 }, (runs) => { torchForces = runs; });
  console.log(`training engines: ${[...engines].join('; ')}`);
  const tLrtF = secondsPerEpoch(forces.data, lrt, { ...lrtTrain, sigmaForces: 0.5 }, 0.1, 64, 5);
  const tLrtFOps = secondsPerEpoch(forces.data, lrt, { ...lrtTrain, sigmaForces: 0.5 }, 0.1, 64, 2, false);
  console.log(`LRT with forces, 2 samples: ${tLrtF.toFixed(3)} s/epoch (tfjs ops ${tLrtFOps.toFixed(3)}: ${(tLrtFOps / tLrtF).toFixed(1)}× faster); vs deterministic with forces ${(tLrtF / tF).toFixed(2)}×`);
  // Our RSS is the whole bench process (both data sets, every case so far); torch's its own process on the forces samples alone.
  const torchGb = torchForces.length ? Math.max(...torchForces.map((r) => r.peak_rss_mb)) / 1024 : null;
  console.log(`peak RSS ${gb.toFixed(2)} GB (tf ${(tf.memory().numBytes / 1024 ** 2).toFixed(0)} MB live at end); ${torchGb === null ? 'torch reference absent' : `float32 PyTorch on the forces samples ${torchGb.toFixed(2)} GB; ratio ${(gb / torchGb).toFixed(2)}`}`);
}

main().catch((e: unknown) => { console.error(e); process.exitCode = 1; });
