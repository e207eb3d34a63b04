/**
 * What two cores of this machine give when both compute at once, the ceiling of every "2 threads vs 1" goal
 * (issue 14): the same fixed work run by one worker thread alone and by two at once, throughput ratio
 * (2 · t_alone / t_both; 2.0 = two independent cores). Two workloads: the kernels' dense product (wasm SIMD
 * multiply-adds, the training's hot loop; the build this process runs) and a scalar integer loop (no vector
 * units, little memory), so a shared vector unit (SMT siblings, a VM's vCPUs on one physical core) shows apart
 * from shared everything. Interleaved rounds, median and range.
 *
 *   npm run bench -- core-scaling     (MLIP_BENCH_ROUNDS, default 5)
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { MlpKernel } from '../../src/core/kernels/mlp-kernel';
import { WASM_BASE64, WASM_FMA_BASE64 } from '../../src/core/kernels/mlp-wasm';

/** The worker: instantiates the kernels, then on each message runs its workload `reps` times and replies with ns. */
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const { setFlagsFromString } = require('node:v8');
if (workerData.relaxed) setFlagsFromString('--experimental-wasm-relaxed-simd');
const k = new WebAssembly.Instance(new WebAssembly.Module(Buffer.from(workerData.base64, 'base64')), {}).exports;
const [rows, inputs, m4] = [1024, 256, 64];
const x = 1024, w = x + rows * inputs * 4, b = w + inputs * m4 * 16, out = b + m4 * 16, end = out + rows * m4 * 16;
if (end > k.memory.buffer.byteLength) k.memory.grow(Math.ceil((end - k.memory.buffer.byteLength) / 65536));
const f = new Float32Array(k.memory.buffer);
for (let i = x / 4; i < out / 4; i++) f[i] = 0.3 * Math.sin(i);
let sink = 0;
function integer(n) {
  let s = 0x9e3779b9 | 0;
  for (let i = 0; i < n; i++) { s ^= s << 13; s ^= s >>> 17; s ^= s << 5; }
  return s;
}
parentPort.on('message', (m) => {
  const t0 = process.hrtime.bigint();
  for (let r = 0; r < m.reps; r++) {
    if (m.work === 'dense') k.dense(x, inputs * 4, 0, rows, inputs, w, b, m4, out, m4 * 16, 0);
    else sink ^= integer(2_000_000);
  }
  parentPort.postMessage(Number(process.hrtime.bigint() - t0) + (sink & 0));
});
`;

type Work = 'dense' | 'integer';

function spawn(): Worker {
  const variant = MlpKernel.variant();
  return new Worker(WORKER, { eval: true, workerData: { base64: variant === 'fma' ? WASM_FMA_BASE64 : WASM_BASE64, relaxed: variant === 'fma' } });
}

function run(worker: Worker, work: Work, reps: number): Promise<number> {
  return new Promise((resolve) => { worker.once('message', (ns: number) => resolve(ns)); worker.postMessage({ work, reps }); });
}

function median(a: number[]): number {
  const s = [...a].sort((p, q) => p - q);
  return s[Math.floor(s.length / 2)];
}

async function main(): Promise<void> {
  const cores = availableParallelism();
  if (cores < 2) { console.log(`core-scaling: skipped: ${cores} core (two are needed)`); return; }
  const rounds = Number(process.env.MLIP_BENCH_ROUNDS ?? 5);
  const [a, b] = [spawn(), spawn()];
  const reps: Record<Work, number> = { dense: 40, integer: 150 };
  for (const work of ['dense', 'integer'] as const) {
    await Promise.all([run(a, work, 3), run(b, work, 3)]); // warm both workers' tiers
    const ratios: number[] = [];
    let alone = 0, both = 0;
    for (let r = 0; r < rounds; r++) {
      const t1 = await run(a, work, reps[work]);
      const t0 = process.hrtime.bigint();
      await Promise.all([run(a, work, reps[work]), run(b, work, reps[work])]);
      const t2 = Number(process.hrtime.bigint() - t0);
      ratios.push((2 * t1) / t2);
      alone += t1; both += t2;
    }
    const label = work === 'dense' ? `kernels' dense product (1,024 × 256 × 256, ${MlpKernel.variant()} build)` : 'scalar integer loop (xorshift)';
    console.log(`${label}: one worker alone ${(alone / rounds / 1e6).toFixed(0)} ms, two at once ${(both / rounds / 1e6).toFixed(0)} ms wall → two cores give ${median(ratios).toFixed(2)}× one core's throughput (median of ${rounds} rounds; min ${Math.min(...ratios).toFixed(2)}, max ${Math.max(...ratios).toFixed(2)}; 2.00 = independent cores)`);
  }
  await Promise.all([a.terminate(), b.terminate()]);
}

main().catch((e: unknown) => { console.error(e); process.exitCode = 1; });
