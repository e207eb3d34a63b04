/**
 * Where a kernel-engine epoch's time goes, by wasm kernel: every export of the kernels is wrapped with a
 * timer (hrtime around each call; ~0.1 µs of overhead per call), one epoch is run and the kernels' time,
 * calls per step and the rest (JS between the calls) are printed.
 *   node --import tsx test/bench/kernel-call-profile.ts [det|ens|lrt|flipout|radial|forces] [--epochs N]
 */
import { selectBackend } from '../../src/core/backend/select-backend';
import { createModel } from '../../src/core/estimators/create-model';
import { MlpKernel } from '../../src/core/kernels/mlp-kernel';
import type { ModelSpec } from '../../src/core/models/potential';
import type { BnnTrainingOptions } from '../../src/core/training/options';
import { Trainer } from '../../src/core/training/trainer';
import { ELEMENTS, tio2Bench } from './train-fixture';

const times = new Map<string, { n: number; ns: bigint }>();
let timing = false;

function wrap(): void {
  const create = MlpKernel.create.bind(MlpKernel);
  (MlpKernel as unknown as { create: typeof MlpKernel.create }).create = (limit?: number) => {
    const k = create(limit);
    if (typeof k === 'string') return k;
    const raw = k.k as unknown as Record<string, unknown>;
    const timed: Record<string, unknown> = {};
    for (const [name, f] of Object.entries(raw)) {
      if (typeof f !== 'function') { timed[name] = f; continue; }
      const fn = f as (...a: number[]) => void;
      timed[name] = (...a: number[]) => {
        if (!timing) return fn(...a);
        const t0 = process.hrtime.bigint();
        fn(...a);
        const key = name === 'dense' || name === 'outer_acc' ? `${name} k=${a[4]} m4=${name === 'dense' ? a[7] : a[6]}${name === 'dense' && a[10] ? ' tanh' : ''}` : name === 'dense_bd' ? `${name} k=${a[4]} m4=${a[9]}${a[14] ? ' tanh' : ''}` : name === 'outer_acc_bd' ? `${name} k=${a[4]} m4=${a[8]}` : name;
        const e = times.get(key) ?? { n: 0, ns: 0n };
        e.n++; e.ns += process.hrtime.bigint() - t0;
        times.set(key, e);
      };
    }
    (k as unknown as { k: unknown }).k = timed;
    return k;
  };
}

async function main(): Promise<void> {
  await selectBackend({ backend: 'wasm', threads: 1 });
  wrap();
  const args = process.argv.slice(2);
  const ei = args.indexOf('--epochs');
  const epochs = ei >= 0 ? Number(args[ei + 1]) : 3;
  const which = args.find((a, i) => !a.startsWith('--') && i !== ei + 1) ?? 'ens';
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
    alpha, patience: null, minDelta: 0, seed: 1, bnn, bootstrap: false, energyScale: data.norm.scale, threads: 1,
  });
  trainer.runEpoch();
  const steps = Math.ceil(data.train.length / 64) * epochs;
  timing = true;
  const t0 = process.hrtime.bigint();
  for (let e = 0; e < epochs; e++) trainer.runEpoch();
  const wall = Number(process.hrtime.bigint() - t0) / 1e6;
  timing = false;
  let kernelMs = 0;
  for (const e of times.values()) kernelMs += Number(e.ns) / 1e6;
  console.log(`${which} on ${trainer.engine.name}: ${(wall / epochs).toFixed(2)} ms/epoch, ${(wall / steps * 1000).toFixed(1)} µs/step; kernels ${(kernelMs / steps * 1000).toFixed(1)} µs/step, the rest ${((wall - kernelMs) / steps * 1000).toFixed(1)} µs/step`);
  for (const [name, e] of [...times].sort((a, b) => Number(b[1].ns - a[1].ns))) {
    console.log(`  ${name.padEnd(30)} ${(e.n / steps).toFixed(1).padStart(6)}/step ${(Number(e.ns) / 1e3 / steps).toFixed(1).padStart(8)} µs/step ${(Number(e.ns) / 1e6 / wall * 100).toFixed(1).padStart(5)} %`);
  }
  trainer.dispose(); model.dispose();
}
main().catch((e: unknown) => { console.error(e); process.exitCode = 1; });
