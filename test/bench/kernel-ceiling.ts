/**
 * How close an epoch comes to the hardware (issue 14, item 3): the multiply-adds an energy-only epoch needs, and
 * the ceiling those kernels reach on one large matrix product in this process (the variant this process runs).
 * Flops count 2 per multiply-add; tanh, biases and the optimiser are not counted, so the epoch's rate is a floor.
 */
import { MlpKernel } from '../../src/core/kernels/mlp-kernel';
import { WASM_BASE64, WASM_FMA_BASE64 } from '../../src/core/kernels/mlp-wasm';
import type { TrainingSample } from '../../src/core/data/samples';

/** The matrix products of mlp.wat a bench calls directly, on a module instance of its own. */
export interface KernelProducts {
  memory: WebAssembly.Memory;
  dense(x: number, xs: number, idx: number, n: number, k: number, w: number, b: number, m4: number, out: number, os: number, act: number): void;
  outer_acc(x: number, xs: number, idx: number, n: number, k: number, dz: number, m4: number, dw: number, db: number): void;
}

/** A fresh instance of one build of mlp.wat (WASM_BASE64 or WASM_FMA_BASE64). */
export function instantiateKernels(base64: string): KernelProducts {
  return new WebAssembly.Instance(new WebAssembly.Module(Buffer.from(base64, 'base64')), {}).exports as unknown as KernelProducts;
}

/**
 * Flops of one energy-only training epoch: per atom and weight set, each layer's forward product (in·out), its
 * weight gradient (in·out) and, above the first layer, its input gradient (in·out), times 2.
 */
export function energyEpochFlops(train: readonly TrainingSample[], inputs: number, hidden: readonly number[], weightSets: number): number {
  const widths = [inputs, ...hidden, 1];
  let perAtom = 0;
  for (let l = 0; l + 1 < widths.length; l++) perAtom += (l === 0 ? 2 : 3) * widths[l] * widths[l + 1];
  const atoms = train.reduce((n, s) => n + s.nAtoms, 0);
  return 2 * perAtom * atoms * weightSets;
}

/** GFLOP/s of the kernels' dense product (no activation) on 2,048 rows × 256 inputs × 256 outputs, median of 15 calls. */
export function kernelCeilingGflops(): number {
  const base64 = MlpKernel.variant() === 'fma' ? WASM_FMA_BASE64 : WASM_BASE64;
  const k = instantiateKernels(base64);
  const [rows, inputs, m4] = [2048, 256, 64];
  const x = 1024;
  const w = x + rows * inputs * 4;
  const b = w + inputs * m4 * 16;
  const out = b + m4 * 16;
  const end = out + rows * m4 * 16;
  if (end > k.memory.buffer.byteLength) k.memory.grow(Math.ceil((end - k.memory.buffer.byteLength) / 65536));
  const f = new Float32Array(k.memory.buffer);
  for (let i = x / 4; i < out / 4; i++) f[i] = 0.3 * Math.sin(i);
  const times: number[] = [];
  for (let c = 0; c < 16; c++) {
    const t0 = process.hrtime.bigint();
    k.dense(x, inputs * 4, 0, rows, inputs, w, b, m4, out, m4 * 16, 0);
    if (c > 0) times.push(Number(process.hrtime.bigint() - t0)); // the first call compiles the tiers
  }
  times.sort((p, q) => p - q);
  return (2 * rows * inputs * m4 * 4) / times[Math.floor(times.length / 2)];
}
