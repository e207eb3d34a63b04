/**
 * Where a kernel-engine epoch's time goes, by wasm kernel: every export of the kernels is wrapped with a
 * timer (hrtime around each call; ~0.1 µs of overhead per call), one epoch is run and the kernels' time,
 * calls per step and the rest (JS between the calls) are printed.
 *   node --import tsx test/bench/kernel-call-profile.ts [det|ens|lrt|flipout|radial|forces] [--epochs N]
 */
import { selectBackend } from '../../src/core/backend/select-backend';
import { MlpKernel } from '../../src/core/kernels/mlp-kernel';
import { profiledTrainer, type ProfileCase } from './profile-cases';

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
  const which = args.find((a, i) => !a.startsWith('--') && (ei < 0 || i !== ei + 1)) ?? 'ens';
  const { trainer, model, stepsPerEpoch } = profiledTrainer(which as ProfileCase, 1);
  const steps = stepsPerEpoch * epochs;
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
