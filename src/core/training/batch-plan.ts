/**
 * The fixed batch compositions of a training run (a seeded shuffle cut into batches, built once; only
 * their order changes per epoch) and the ensemble members' bootstrap resamples: the same for either engine.
 */
import type { TrainingSample } from '../data/samples';
import { Rng } from '../rng';
import type { TrainerOptions } from './options';

export interface BatchPlan {
  /** Per batch, indices into the training samples. */
  lists: number[][];
  /** Per member, how often each training structure is drawn (null: no bootstrap). */
  counts: Float32Array[] | null;
  /** α > 0 and some training structure has force targets. */
  trainForces: boolean;
}

/**
 * `first`: the index of the model's first member in the full ensemble; the resamples of the members before it
 * are drawn and dropped, so a member trained alone gets the resample it has in the whole ensemble.
 */
export function planBatches(train: readonly TrainingSample[], o: TrainerOptions, members: number, first = 0): BatchPlan {
  const order = Rng.derive(o.seed, 1001).shuffled(train.map((_, i) => i));
  const counts = o.bootstrap && !o.bnn ? bootstrapCounts(train.length, first + members, Rng.derive(o.seed, 1002)).slice(first) : null;
  const lists: number[][] = [];
  for (let s = 0; s < order.length; s += o.batchSize) lists.push(order.slice(s, s + o.batchSize));
  return { lists, counts, trainForces: o.alpha > 0 && train.some((s) => s.forces !== null) };
}

/** Per member, how often each training structure is drawn in a bootstrap resample of the same size. */
function bootstrapCounts(n: number, members: number, rng: Rng): Float32Array[] {
  return Array.from({ length: members }, () => {
    const c = new Float32Array(n);
    for (let i = 0; i < n; i++) c[rng.int(n)]++;
    return c;
  });
}
