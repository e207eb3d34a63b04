/**
 * The one place the training engine is chosen: the wasm SIMD kernels where the set-up allows them, tfjs ops
 * otherwise, with the reason. The runner announces trainingEngine()'s answer before featurizing and hands
 * the same answer to createEngine(); only data too large for one wasm memory can still turn a kernel plan
 * into tfjs ops, and the engine then says so.
 */
import type { TrainingSample } from '../data/samples';
import type { Standardisation } from '../descriptors/types';
import { estimatorOf } from '../estimators/registry';
import { kernelUnsupported } from '../kernels/energy-path';
import { KernelMemoryError, MlpKernel } from '../kernels/mlp-kernel';
import type { ParamLayout } from '../models/layout';
import type { ModelSpec, PotentialModel } from '../models/potential';
import { planBatches } from './batch-plan';
import type { EngineInfo, TrainingEngine } from './engine';
import { KERNEL_ENGINE, KernelEngine } from './kernel-engine';
import type { TrainerOptions } from './options';
import { splitsNetwork } from './parallel/split-network-step';
import { ThreadedEnsembleEngine } from './parallel/threaded-ensemble-engine';
import { TfjsEngine } from './tfjs-engine';

/** Why this model and these options train on tfjs ops rather than the wasm kernels (null: kernels). */
export function kernelsRefused(spec: ModelSpec, layout: ParamLayout, o: Pick<TrainerOptions, 'kernels'>): string | null {
  if (o.kernels === false) return 'kernels switched off';
  if (spec.kind === 'bnn' && !estimatorOf(spec).kernel) return `the ${spec.estimator} estimator has no wasm kernel step`;
  return kernelUnsupported(layout, spec.activation) ?? MlpKernel.unavailable();
}

/** The engine a run with these settings plans to use (what the runner announces before featurizing). */
export function trainingEngine(spec: ModelSpec, layout: ParamLayout, o: Pick<TrainerOptions, 'kernels'>): EngineInfo {
  const why = kernelsRefused(spec, layout, o);
  return why === null ? KERNEL_ENGINE : { name: 'tfjs-ops', reason: why };
}

/** The most threads a BNN's or a single network's batches are split over (workers answer through MemberThreads' flags). */
const SPLIT_THREADS = 64;

/**
 * The fewest atom rows a thread's part of a split batch averages: every step meets the workers once, and a part
 * must outweigh that. Measured on this project's 2-core VM, a 2×15 network on TiO2 (~21 atoms a structure), 2
 * threads against 1, medians of 7 rounds: parts of ~86 rows 0.78×, ~170 rows 0.86×, ~340 rows 1.21×, ~690 1.10×.
 */
export const MIN_PART_ROWS = 256;

/** Mean atoms per structure of a training set (how many atom rows a batch of B structures holds: B times it). */
export function meanAtoms(train: readonly { nAtoms: number }[]): number {
  return train.length ? train.reduce((a, s) => a + s.nAtoms, 0) / train.length : 0;
}

/**
 * Threads the training steps run on: for the kernels, a deep ensemble's members split over min(threads,
 * members) threads (one thread per member range); a BNN's batches, and a single network's where
 * splitsNetwork allows (energies only, no bootstrap), split by structure over min(threads, batch size, 64,
 * batch size · atomsPerStructure / minPartRows) (synchronised every step, parts of at least MIN_PART_ROWS atom
 * rows on average); other single networks on one. tfjs ops: 1 here (the backend's own threads aside).
 */
export function engineThreads(
  spec: ModelSpec, o: Pick<TrainerOptions, 'threads' | 'bnn' | 'batchSize' | 'alpha' | 'bootstrap' | 'minPartRows'>, plan: EngineInfo, atomsPerStructure = Infinity,
): number {
  if (plan.name !== 'wasm-simd-kernels') return 1;
  const parts = Math.floor((o.batchSize * atomsPerStructure) / (o.minPartRows ?? MIN_PART_ROWS));
  const split = (threads: number | undefined) => Math.max(1, Math.min(threads ?? 1, o.batchSize, SPLIT_THREADS, parts));
  if (o.bnn || spec.kind === 'bnn') return o.bnn ? split(o.threads) : 1;
  if (splitsNetwork(spec, o)) return split(o.threads);
  return Math.max(1, Math.min(o.threads ?? 1, spec.members));
}

/** The engine for this model and data, following `plan`. */
export function createEngine(
  model: PotentialModel, train: readonly TrainingSample[], validation: readonly TrainingSample[], std: readonly Standardisation[],
  o: TrainerOptions, plan: EngineInfo = trainingEngine(model.spec, model.layout, o),
): TrainingEngine {
  const batches = planBatches(train, o, model.trainRows(1), model.spec.firstMember ?? 0);
  let reason = plan.reason;
  if (plan.name === 'wasm-simd-kernels') {
    try {
      const threads = engineThreads(model.spec, o, plan, meanAtoms(train));
      let threadsFailed = '';
      if (threads > 1) {
        try {
          const parallel = o.bnn || splitsNetwork(model.spec, o)
            ? KernelEngine.create(model, batches, train, validation, std, o, threads)
            : ThreadedEnsembleEngine.create(model, batches, train, validation, std, o, threads);
          if (typeof parallel !== 'string') return parallel;
        } catch (e) {
          // A worker that cannot start leaves the one-thread kernels to try (data too large for wasm: tfjs below).
          if (e instanceof KernelMemoryError) throw e;
          threadsFailed = `; on one thread, as ${threads} failed: ${(e instanceof Error ? e.message : String(e)).split('\n')[0]}`;
        }
      }
      const kernels = KernelEngine.create(model, batches, train, validation, std, o);
      if (typeof kernels !== 'string') kernels.reason += threadsFailed;
      if (typeof kernels !== 'string') return kernels;
      reason = kernels;
    } catch (e) {
      // Too large for one wasm memory: train on tfjs ops instead, and say why.
      if (!(e instanceof KernelMemoryError)) throw e;
      reason = e.message;
    }
  }
  return new TfjsEngine(reason, model, batches, train, validation, std, o);
}
