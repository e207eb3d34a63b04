/**
 * Where a training step's time goes: kernels per step and their summed time, by kernel name, for the
 * configurations of train.bench.ts (`node --import tsx test/bench/train-profile.ts [det|ens|lrt|forces]`).
 */
import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from '../../src/core/backend/select-backend';
import { profiledTrainer, type ProfileCase } from './profile-cases';

async function main(): Promise<void> {
  await selectBackend({ backend: 'wasm', threads: 1 });
  const which = process.argv[2] ?? 'det';
  const { trainer, model, stepsPerEpoch: steps } = profiledTrainer(which as ProfileCase);
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
