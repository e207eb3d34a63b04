/**
 * Where a training step's time goes: kernels per step and their summed time, by kernel name, for the
 * configurations of train.bench.ts (`node --import tsx test/bench/train-profile.ts [det|ens|lrt|forces]`).
 */
import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from '../../src/core/backend/select-backend';
import { createModel } from '../../src/core/estimators/create-model';
import type { ModelSpec } from '../../src/core/models/potential';
import type { BnnTrainingOptions } from '../../src/core/training/options';
import { Trainer } from '../../src/core/training/trainer';
import { ELEMENTS, tio2Bench } from './train-fixture';

async function main(): Promise<void> {
  await selectBackend({ backend: 'wasm', threads: 1 });
  const which = process.argv[2] ?? 'det';
  const base = { elements: ELEMENTS, dims: [56, 56], hidden: [15, 15], activation: 'tanh' as const, seed: 1 };
  const specs: Record<string, [ModelSpec, BnnTrainingOptions | null, number]> = {
    det: [{ ...base, kind: 'deterministic', members: 1 }, null, 0],
    ens: [{ ...base, kind: 'ensemble', members: 10 }, null, 0],
    lrt: [{ ...base, kind: 'bnn', members: 1, estimator: 'lrt', priorScale: 0.209, qScale: 2.27e-4 }, { sigmaEnergy: 0.132, sigmaForces: 1, weighting: 'paper', trainSamples: 2, predictSamples: 20 }, 0],
    forces: [{ ...base, kind: 'deterministic', members: 1 }, null, 0.1],
  };
  const [spec, bnn, alpha] = specs[which];
  const { data } = tio2Bench({ train: 0.9, validation: 0, test: 0.1 }, alpha > 0 ? 0.25 : 0);
  const model = createModel(spec);
  const trainer = new Trainer(model, data.train, data.validation, data.std, {
    batchSize: 64, adam: { learningRate: 1e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0, clip: null },
    alpha, patience: null, minDelta: 0, seed: 1, bnn, bootstrap: false, energyScale: data.norm.scale,
  });
  trainer.runEpoch();
  const steps = Math.ceil(data.train.length / 64);
  const t0 = Date.now();
  const info = await tf.profile(() => { trainer.runEpoch(); });
  const wall = (Date.now() - t0) / 1000;
  const byName = new Map<string, { n: number; ms: number }>();
  let total = 0;
  for (const k of info.kernels) {
    const e = byName.get(k.name) ?? { n: 0, ms: 0 };
    e.n++; e.ms += k.kernelTimeMs as number; total += k.kernelTimeMs as number;
    byName.set(k.name, e);
  }
  console.log(`${which}: ${info.kernels.length / steps} kernels/step, kernel time ${(total / steps).toFixed(2)} ms/step, wall (profiled) ${(wall / steps * 1000).toFixed(2)} ms/step`);
  const byShape = new Map<string, { n: number; ms: number }>();
  for (const k of info.kernels) {
    if (!['BatchMatMul', 'forward', 'Multiply', 'Sum', 'Transpose', 'Sub'].includes(k.name)) continue;
    const key = `${k.name} ${k.inputShapes.map((s) => `[${s.map((v, i) => (v > 100 ? "N" : v))}]`).join('×')}`;
    const e = byShape.get(key) ?? { n: 0, ms: 0 };
    e.n++; e.ms += k.kernelTimeMs as number;
    byShape.set(key, e);
  }
  if (process.argv.includes('--shapes')) for (const [key, e] of [...byShape].sort((a, b) => b[1].ms - a[1].ms).slice(0, 12)) console.log(`  ${key.padEnd(50)} ${(e.n / steps).toFixed(1)}/step ${(e.ms / steps).toFixed(3)} ms/step`);
  for (const [name, e] of [...byName].sort((a, b) => b[1].ms - a[1].ms)) console.log(`  ${name.padEnd(22)} ${(e.n / steps).toFixed(1).padStart(6)}/step ${(e.ms / steps).toFixed(3).padStart(8)} ms/step`);
  trainer.dispose(); model.dispose();
}
main().catch((e: unknown) => { console.error(e); process.exitCode = 1; });
