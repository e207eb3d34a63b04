/**
 * Training with every batch split by structure on 2 threads against 1 (issue 14 item 1): the 2-sample LRT,
 * Flipout and radial BNNs and a single network (energies only) on the 1,000 TiO2 structures (900 trained on,
 * 2×15 tanh, batch 64). First, per BNN, the one-thread CPU profile of a step against each half's share
 * (./bnn-share-profile.ts: the ceiling the split allows), and where a 2-thread step's wall time goes. Then both trainers are built and warmed up, and
 * rounds alternate (1 thread, 2 threads, 2, 1, …) so load on a shared machine falls on both alike; each
 * timing is a case's epochs (5 for a BNN, 30 for the network, whose epochs are ~5× shorter). Printed per case:
 * seconds per epoch (median) on each, and the speed-up t₁/t₂ of each round as min and median (goals ≥ 1.8 for
 * the BNNs, ≥ 1.6 for the network, on a quiet machine: on a loaded one the step-by-step handshake waits for
 * whichever thread the scheduler left behind).
 * Standalone: `npm run bench -- split-threads`; train.bench.ts runs it too.
 */
import { selectBackend } from '../../src/core/backend/select-backend';
import { createModel } from '../../src/core/estimators/create-model';
import type { ModelSpec } from '../../src/core/models/potential';
import type { BnnTrainingOptions } from '../../src/core/training/options';
import type { PreparedData } from '../../src/core/training/prepare';
import { Trainer } from '../../src/core/training/trainer';
import { profileHandshake, profileShares } from './bnn-share-profile';
import { median, ROUNDS } from './references/rounds';
import { benchBnns, TRAIN_CASES } from './profile-cases';
import { tio2Bench } from './train-fixture';


function timed(t: Trainer, epochs: number): number {
  const t0 = process.hrtime.bigint();
  for (let e = 0; e < epochs; e++) t.runEpoch();
  return Number(process.hrtime.bigint() - t0) / 1e9 / epochs;
}

/** The cases timed: the bench's BNNs and a single network, each with its goal and epochs per timing. */
function splitCases(): { name: string; spec: ModelSpec; bnn: BnnTrainingOptions | null; goal: number; epochs: number }[] {
  return [
    ...benchBnns().map((b) => ({ ...b, name: `${b.name}, 2 samples`, goal: 1.8, epochs: 5 })),
    { name: 'single network, energies only', spec: TRAIN_CASES.det.spec, bnn: null, goal: 1.6, epochs: 30 },
  ];
}

/** Prints one line per case: 1 vs 2 threads, interleaved rounds. */
export function splitThreadSpeedups(data: PreparedData, rounds = Math.max(ROUNDS, 5)): void {
  for (const { name, spec, bnn, goal, epochs } of splitCases()) {
    const made = [1, 2].map((threads) => {
      const model = createModel(spec);
      const t = new Trainer(model, data.train, data.validation, data.std, {
        batchSize: 64, adam: { learningRate: 1e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0, clip: null },
        alpha: 0, patience: null, minDelta: 0, seed: 1, bnn, bootstrap: false, energyScale: data.norm.scale, threads,
      });
      t.runEpoch(); // warms up JIT, kernels and workers
      return { t, model };
    });
    const [one, two] = made.map((m) => m.t);
    const t1: number[] = [], t2: number[] = [], up: number[] = [];
    for (let r = 0; r < rounds; r++) {
      let s1: number, s2: number;
      if (r % 2 === 0) { s1 = timed(one, epochs); s2 = timed(two, epochs); } else { s2 = timed(two, epochs); s1 = timed(one, epochs); }
      t1.push(s1); t2.push(s2); up.push(s1 / s2);
    }
    console.log(`${name}, batches split over ${two.engine.threads} threads, ${rounds} interleaved rounds of ${epochs} epochs: 1 thread ${median(t1).toFixed(4)} s/epoch, ${two.engine.threads} threads ${median(t2).toFixed(4)} s/epoch; speed-up t1/t2 median ${median(up).toFixed(2)}×, min ${Math.min(...up).toFixed(2)}×, max ${Math.max(...up).toFixed(2)}× (goal ≥ ${goal})`);
    for (const m of made) { m.t.dispose(); m.model.dispose(); }
  }
}

if (require.main === module) {
  void (async () => {
    await selectBackend({ backend: 'wasm', threads: 1 });
    const energy = tio2Bench({ train: 0.9, validation: 0, test: 0.1 }, 0);
    console.log(`featurized 1,000 structures in ${energy.featurizeSeconds.toFixed(1)} s`);
    profileShares(energy.data, benchBnns());
    profileHandshake(energy.data, benchBnns());
    splitThreadSpeedups(energy.data);
  })();
}
