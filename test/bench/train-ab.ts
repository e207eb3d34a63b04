/**
 * Before/after for training-speed changes in one process: the training code of this tree against a copy
 * of an earlier tree (`TRAIN_AB_BASE=/path/to/old/root`, e.g. `git archive COMMIT src | tar -x -C DIR`),
 * epochs interleaved on the same data, medians per configuration, ratio new/old.
 * `node --import tsx test/bench/train-ab.ts [det ens lrt flipout radial forces lrt-forces] [--epochs N] [--tfjs] [--threads N] [--base-threads N]`;
 * `--tfjs` times the tfjs-ops engine (kernels switched off) in both trees; `--threads N` gives the new tree's
 * kernels N threads (an ensemble's members split across them), `--base-threads N` the old tree's (a tree that
 * predates threads ignores it); both default to 1.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { selectBackend } from '../../src/core/backend/select-backend';
import * as newModels from '../../src/core/estimators/create-model';
import * as newTraining from '../../src/core/training/trainer';
import { TRAIN_CASES, type TrainCase } from './profile-cases';
import { tio2Bench } from './train-fixture';

type Impl = { createModel: typeof newModels.createModel; Trainer: typeof newTraining.Trainer };

function median(a: number[]): number {
  const s = [...a].sort((x, y) => x - y);
  return s[Math.floor(s.length / 2)];
}

async function main(): Promise<void> {
  const baseRoot = process.env.TRAIN_AB_BASE;
  if (!baseRoot) throw new Error('set TRAIN_AB_BASE to the root of the tree to compare against');
  await selectBackend({ backend: 'wasm', threads: 1 });
  /* eslint-disable @typescript-eslint/no-require-imports */
  const old: Impl = {
    // createModel lives in src/core/estimators since the engine seam, in src/core/models before.
    createModel: (require(join(baseRoot, ['src/core/estimators/create-model.ts', 'src/core/models/create-model.ts'].find((f) => existsSync(join(baseRoot, f)))!)) as typeof newModels).createModel,
    Trainer: (require(join(baseRoot, 'src/core/training/trainer')) as typeof newTraining).Trainer,
  };
  const cur: Impl = { createModel: newModels.createModel, Trainer: newTraining.Trainer };
  const args = process.argv.slice(2);
  const ei = args.indexOf('--epochs');
  const epochs = ei >= 0 ? Number(args[ei + 1]) : 5;
  const kernels = !args.includes('--tfjs');
  const ti = args.indexOf('--threads');
  const threads = ti >= 0 ? Number(args[ti + 1]) : 1;
  const bi = args.indexOf('--base-threads');
  const baseThreads = bi >= 0 ? Number(args[bi + 1]) : 1;
  const which = args.filter((a, i) => !a.startsWith('--') && ![ei, ti, bi].some((at) => at >= 0 && i === at + 1));
  const configs: Record<string, TrainCase> = TRAIN_CASES;

  const energy = tio2Bench({ train: 0.9, validation: 0, test: 0.1 }, 0).data;
  const withForces = which.length === 0 || which.some((w) => (configs[w]?.alpha ?? 0) > 0) ? tio2Bench({ train: 0.9, validation: 0, test: 0.1 }, 0.25).data : null;
  for (const name of which.length ? which : Object.keys(configs)) {
    const { spec, bnn, alpha } = configs[name];
    const data = alpha > 0 ? withForces! : energy;
    const make = (impl: Impl) => {
      const model = impl.createModel(spec);
      const trainer = new impl.Trainer(model, data.train, data.validation, data.std, {
        batchSize: 64, adam: { learningRate: 1e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0, clip: null },
        alpha, patience: null, minDelta: 0, seed: 1, bnn, bootstrap: false, energyScale: data.norm.scale, kernels,
        threads: impl === cur ? threads : baseThreads,
      });
      return { model, trainer, times: [] as number[], loss: 0 };
    };
    const runs = [make(old), make(cur)];
    for (let e = 0; e <= epochs; e++) {
      for (const r of e % 2 ? runs : [...runs].reverse()) {
        const t0 = process.hrtime.bigint();
        r.loss = r.trainer.runEpoch().trainLoss;
        if (e > 0) r.times.push(Number(process.hrtime.bigint() - t0) / 1e9);
      }
    }
    const [a, b] = runs.map((r) => median(r.times));
    console.log(`${name.padEnd(10)} ${runs[1].trainer.engine.name.padEnd(17)} old ${a.toFixed(4)} s/epoch  new ${b.toFixed(4)} s/epoch  new/old ${(b / a).toFixed(3)}  (train loss after ${epochs + 1} epochs: old ${runs[0].loss.toPrecision(6)}, new ${runs[1].loss.toPrecision(6)})`);
    for (const r of runs) { r.trainer.dispose(); r.model.dispose(); }
  }
}

main().catch((e: unknown) => { console.error(e); process.exitCode = 1; });
