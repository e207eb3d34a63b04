/**
 * Prediction speed on the wasm kernels against tfjs ops (the same predictSet, kernels switched off) for the
 * 1,000 TiO2 structures with forces on every structure, 2×15 tanh on the 56-value aenet set-up: a single
 * network, a 10-member deep ensemble and a 20-sample LRT BNN (every estimator predicts with whole weight
 * sets, so one BNN stands for all three). Rounds interleave the two engines (MLIP_BENCH_ROUNDS, default 3);
 * the ratio kernels/tfjs of CPU time (and of wall time, which a loaded machine inflates) is printed as min
 * and median over the rounds' ratios, with each engine's median CPU seconds.
 * `npm run bench -- predict`; MLIP_BENCH_ENERGY_ONLY=1 adds energy-only rows.
 */
import { selectBackend } from '../../src/core/backend/select-backend';
import { createModel } from '../../src/core/estimators/create-model';
import type { ModelSpec } from '../../src/core/models/potential';
import { predictSet, type PredictOptions } from '../../src/core/training/evaluate';
import { ELEMENTS, tio2Bench } from './train-fixture';

function median(a: number[]): number {
  const s = [...a].sort((x, y) => x - y);
  return s[Math.floor(s.length / 2)];
}

async function main(): Promise<void> {
  const backend = await selectBackend({ backend: (process.env.MLIP_BACKEND as 'auto') ?? 'auto', threads: 1 });
  console.log(`backend: ${backend.name} (${backend.reason}), threads ${backend.threads}`);
  const rounds = Number(process.env.MLIP_BENCH_ROUNDS ?? 3);
  const { data } = tio2Bench({ train: 0.8, validation: 0.1, test: 0.1 }, 1);
  const samples = [...data.train, ...data.validation, ...data.test];
  console.log(`${samples.length} structures, ${samples.reduce((a, s) => a + s.nAtoms, 0)} atoms, descriptor derivatives on all`);
  const base = { elements: ELEMENTS, dims: [56, 56], hidden: [15, 15], activation: 'tanh' as const, seed: 1 };
  const cases: [string, ModelSpec, number][] = [
    ['single network', { ...base, kind: 'deterministic', members: 1 }, 1],
    ['10-member ensemble', { ...base, kind: 'ensemble', members: 10 }, 1],
    ['20-sample LRT BNN', { ...base, kind: 'bnn', members: 1, estimator: 'lrt', priorScale: 0.209, qScale: 2.27e-4 }, 20],
  ];
  const withForces = process.env.MLIP_BENCH_ENERGY_ONLY === '1' ? [true, false] : [true];
  console.log('CPU seconds of this process (single-threaded: both engines run on one core), medians; ratio kernels/tfjs of CPU time, and of wall time');
  console.log('case | forces | kernels CPU s | tfjs CPU s | CPU ratio min | median | wall ratio min | median');
  for (const forces of withForces) {
    for (const [name, spec, S] of cases) {
      const model = createModel(spec);
      const o: PredictOptions = { forces, samples: S, seed: 7, ddof: spec.kind === 'bnn' ? 1 : 0 };
      const time = (kernels: boolean): [number, number] => {
        const c0 = process.cpuUsage();
        const t0 = process.hrtime.bigint();
        const r = predictSet(model, samples, data.std, data.norm, { ...o, kernels });
        if (r.engine.name !== (kernels ? 'wasm-simd-kernels' : 'tfjs-ops')) throw new Error(`${name}: predicted on ${r.engine.name} (${r.engine.reason})`);
        const c = process.cpuUsage(c0);
        return [(c.user + c.system) / 1e6, Number(process.hrtime.bigint() - t0) / 1e9];
      };
      time(true); time(false); // warm-up: JIT, kernels, tfjs kernels
      const k: number[] = [], t: number[] = [], cpu: number[] = [], wall: number[] = [];
      for (let r = 0; r < rounds; r++) {
        // Alternate which engine goes first, so drifting load on the machine falls on both alike.
        let a: [number, number], b: [number, number];
        if (r % 2 === 0) { a = time(true); b = time(false); } else { b = time(false); a = time(true); }
        k.push(a[0]); t.push(b[0]); cpu.push(a[0] / b[0]); wall.push(a[1] / b[1]);
      }
      model.dispose();
      console.log(`${name} | ${forces ? 'yes' : 'no'} | ${median(k).toFixed(3)} | ${median(t).toFixed(3)} | ${Math.min(...cpu).toFixed(3)} | ${median(cpu).toFixed(3)} | ${Math.min(...wall).toFixed(3)} | ${median(wall).toFixed(3)}`);
    }
  }
}

main().catch((e) => { console.error(e); process.exit(1); });
