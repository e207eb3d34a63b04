/**
 * What sets a deep ensemble's raw σ: the examples/tio2-ensemble.mlip.yaml ensemble (10 members, 2×15 tanh, Adam
 * lr 5.49e-4, batch 32, energy only) on the 1,000 TiO2 structures, seeded 80/10/10, trained a fixed number of
 * epochs with L2 weight decay 0, 1e-4 or 1e-3 and with or without a final tenth-rate phase, best validation
 * epoch kept. Per variant and seed it prints the ensemble's and the median member's validation RMSE, the test
 * RMSE, the median σ, the validation-fitted σ scale (fitCalibrationScale: 1 = σ right, < 1 = σ too wide), raw
 * test MACE and NLL (no 2π). Notes in results/paper-7815-notes.md.
 *
 *   node --import tsx test/bench/ensemble-weight-decay.ts [--epochs=1000] [--seeds=1,2] [--threads=2] [--variants=N]
 *
 * --variants=N runs only the first N of the variants below (1: the default, weight decay 0, no lr drop).
 *
 * ~30 s per variant and seed on 2 threads of the 2-core VM.
 */
import { selectBackend } from '../../src/core/backend/select-backend';
import { createModel } from '../../src/core/estimators/create-model';
import { predictSamples } from '../../src/core/training/evaluate';
import { Trainer } from '../../src/core/training/trainer';
import { fitCalibrationScale } from '../../src/core/uq/calibration-scale';
import { evaluatePredictions } from '../../src/core/uq/evaluate';
import { ELEMENTS, tio2Bench } from './train-fixture';

const flag = (k: string, d: string) => process.argv.find((x) => x.startsWith(`--${k}=`))?.split('=')[1] ?? d;
const EPOCHS = Number(flag('epochs', '1000'));
const SEEDS = flag('seeds', '1,2').split(',').map(Number);
const THREADS = Number(flag('threads', '2'));
const LR = 5.49e-4;
/** weight decay, and the share of the epochs at the end run at lr/10 */
const VARIANTS: { wd: number; decay: number }[] = [
  { wd: 0, decay: 0 }, { wd: 0, decay: 0.2 }, { wd: 1e-4, decay: 0 }, { wd: 1e-3, decay: 0 }, { wd: 1e-3, decay: 0.2 },
];

const median = (a: number[]) => [...a].sort((x, y) => x - y)[a.length >> 1];

async function main(): Promise<void> {
  const backend = await selectBackend({ backend: 'auto', threads: 1 });
  console.log(`backend: ${backend.name} (${backend.reason}); ${EPOCHS} epochs, seeds ${SEEDS.join(', ')}, ${THREADS} threads`);
  const { data } = tio2Bench({ train: 0.8, validation: 0.1, test: 0.1 }, 0, 1);
  console.log('| weight decay | last 20 % at lr/10 | seed | best epoch | val RMSE ens / median member (meV/atom) | test RMSE | median σ | val σ scale | test MACE raw | test NLL raw |');
  console.log('|---|---|---|---|---|---|---|---|---|---|');
  for (const v of VARIANTS.slice(0, Number(flag('variants', String(VARIANTS.length))))) for (const seed of SEEDS) {
    const model = createModel({ kind: 'ensemble', members: 10, elements: ELEMENTS, dims: [56, 56], hidden: [15, 15], activation: 'tanh', seed });
    const trainer = new Trainer(model, data.train, data.validation, data.std, {
      batchSize: 32, adam: { learningRate: LR, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: v.wd, clip: null },
      alpha: 0, patience: null, minDelta: 0, seed, bnn: null, bootstrap: false, energyScale: data.norm.scale, threads: THREADS,
    });
    let memberRmse: number[] = [];
    for (let e = 0; e < EPOCHS; e++) {
      trainer.learningRate = v.decay > 0 && e >= EPOCHS * (1 - v.decay) ? LR / 10 : LR;
      const s = trainer.runEpoch();
      if (trainer.best?.epoch === s.epoch) memberRmse = (s.members ?? []).map((m) => m.valEnergyRmse ?? NaN);
    }
    trainer.restoreBest();
    // Per atom, eV: y, μ, σ of each structure of a set.
    const perAtom = (set: typeof data.test) => {
      const p = predictSamples(model, set, data.std, data.norm, { forces: false, samples: 1, seed: 1, ddof: 0 });
      return { y: p.map((q) => q.energy.truth! / q.nAtoms), mu: p.map((q) => q.energy.mu / q.nAtoms), s: p.map((q) => q.energy.sigma / q.nAtoms) };
    };
    const val = perAtom(data.validation), test = perAtom(data.test);
    const scale = fitCalibrationScale({ yTrue: val.y, yPred: val.mu, yStd: val.s }).scale;
    const valMetrics = evaluatePredictions({ yTrue: val.y, yPred: val.mu, yStd: val.s }).metrics;
    const testMetrics = evaluatePredictions({ yTrue: test.y, yPred: test.mu, yStd: test.s }).metrics;
    const meV = (x: number) => (x * 1000).toFixed(1);
    console.log(`| ${v.wd} | ${v.decay ? 'yes' : 'no'} | ${seed} | ${trainer.best?.epoch} | ${meV(valMetrics.rmse)} / ${meV(median(memberRmse))} | ${meV(testMetrics.rmse)} | ${meV(median(test.s))} | ${scale.toFixed(2)} | ${testMetrics.mace.toFixed(3)} | ${testMetrics.nllNo2pi.toFixed(2)} |`);
    trainer.dispose();
    model.dispose();
  }
}

main().catch((e: unknown) => { console.error(e); process.exitCode = 1; });
