/**
 * The plain and the fused (relaxed-SIMD FMA) builds of mlp.wat side by side in one process: GFLOP/s of the
 * matrix products of a training step (dense: forward with tanh; outer_acc: the weight gradient) on the
 * shapes of the 2×15 TiO2 networks (layer 0 of a 10-member ensemble: 56 inputs → 160 outputs; of one
 * network: 56 → 16; layer 1: 16 → 16), interleaved rounds, medians and best. `npm run bench -- kernel-variants`.
 * Flops count 2 per multiply-add. Whole epochs per variant: train-ab.ts against a copy of the tree whose
 * mlp-kernel.ts is forced to 'simd' (MLIP_UQ_KERNELS is read once per process, so one process runs one variant).
 */
import { kernelVariantChoice, MlpKernel } from '../../src/core/kernels/mlp-kernel';
import { WASM_BASE64, WASM_FMA_BASE64 } from '../../src/core/kernels/mlp-wasm';
import { instantiateKernels, type KernelProducts } from './kernel-ceiling';


const ROUNDS = 30;
const CALLS = 10;
/** Rows of one batch: 64 structures of the TiO2 set (about 23 atoms each). */
const ROWS = 1472;

function main(): void {
  if ('refused' in kernelVariantChoice({ MLIP_UQ_KERNELS: 'fma' })) {
    console.log('fused kernels absent: this runtime has no relaxed SIMD');
    return;
  }
  console.log(`this process's kernels: ${MlpKernel.variant()}`);
  const builds: Record<'simd' | 'fma', KernelProducts> = { simd: instantiateKernels(WASM_BASE64), fma: instantiateKernels(WASM_FMA_BASE64) };
  for (const [label, k, m4] of [['ensemble layer 0, 56 → 10×16', 56, 40], ['network layer 0, 56 → 16', 56, 4], ['layer 1, 16 → 16', 16, 4]] as const) {
    const x = 1024;
    const w = x + ROWS * k * 4;
    const b = w + k * m4 * 16;
    const out = b + m4 * 16;
    const dw = out + ROWS * m4 * 16;
    const db = dw + k * m4 * 16;
    for (const p of Object.values(builds)) {
      const need = db + m4 * 16 - p.memory.buffer.byteLength;
      if (need > 0) p.memory.grow(Math.ceil(need / 65536));
      const f = new Float32Array(p.memory.buffer);
      for (let i = x / 4; i < db / 4 + m4 * 4; i++) f[i] = 0.3 * Math.sin(i);
    }
    const flops = 2 * ROWS * k * m4 * 4;
    const times: Record<string, number[]> = {};
    for (let r = 0; r < ROUNDS; r++) {
      for (const name of (r % 2 ? ['simd', 'fma'] : ['fma', 'simd']) as ('simd' | 'fma')[]) {
        const p = builds[name];
        let t0 = process.hrtime.bigint();
        for (let c = 0; c < CALLS; c++) p.dense(x, k * 4, 0, ROWS, k, w, b, m4, out, m4 * 16, 1);
        (times[`dense ${name}`] ??= []).push(Number(process.hrtime.bigint() - t0) / CALLS);
        t0 = process.hrtime.bigint();
        for (let c = 0; c < CALLS; c++) p.outer_acc(x, k * 4, 0, ROWS, k, out, m4, dw, db);
        (times[`outer_acc ${name}`] ??= []).push(Number(process.hrtime.bigint() - t0) / CALLS);
      }
    }
    const med = (a: number[]) => [...a].sort((p, q) => p - q)[Math.floor(a.length / 2)];
    for (const kernel of ['dense', 'outer_acc']) {
      const [s, f] = [times[`${kernel} simd`], times[`${kernel} fma`]];
      const ratio = med(f.map((t, i) => t / s[i]));
      console.log(`${label.padEnd(30)} ${kernel.padEnd(9)} simd ${(flops / med(s)).toFixed(1)} GFLOP/s (best ${(flops / Math.min(...s)).toFixed(1)}), `
        + `fma ${(flops / med(f)).toFixed(1)} (best ${(flops / Math.min(...f)).toFixed(1)}); time fma/simd ${ratio.toFixed(3)} (median of rounds)`);
    }
  }
}

main();
