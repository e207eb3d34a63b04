/**
 * What the main thread and a member worker (./member-worker.ts) say to each other. A worker trains a
 * contiguous range of a deep ensemble's members on its own kernel instance: the members are independent
 * (the loss is Σ_m RMSE_m, Adam is element-wise), so each worker needs only its members' θ, the batch order
 * and the learning rate, and nothing is shared while an epoch runs. The same workers can instead share a
 * BNN's batches step by step (./split-protocol.ts).
 */
import type { TrainingSample } from '../../data/samples';
import type { Standardisation } from '../../descriptors/types';
import type { ParamLayout } from '../../models/layout';
import type { AdamOptions, AdamState } from '../adam';
import type { SplitRequest } from './split-protocol';

/** Everything a worker builds its kernel path and optimiser from (the first request; dropped once in kernel memory). */
export interface MemberInit {
  layout: ParamLayout;
  /** Members of this worker's range. */
  members: number;
  train: readonly TrainingSample[];
  lists: readonly number[][];
  std: readonly Standardisation[];
  alpha: number | null;
  adam: AdamOptions;
  /** The range's bootstrap multiplicities per member (null: no bootstrap). */
  counts: Float32Array[] | null;
}

/** The first request a worker gets: a range of ensemble members, or a part of a BNN's batches. */
export type WorkerInit = { type: 'init'; init: MemberInit } | SplitRequest;

export type MemberRequest =
  | WorkerInit
  | { type: 'epoch'; theta: Float32Array; order: readonly number[]; learningRate: number }
  | { type: 'state' }
  | { type: 'restore'; state: AdamState };

export type MemberReply =
  | { type: 'ready' }
  /** θ after the epoch, and per batch in `order` the members' losses [batch][member]. */
  | { type: 'epoch'; theta: Float32Array; perRow: Float64Array }
  | { type: 'state'; state: AdamState }
  | { type: 'restored' }
  | { type: 'error'; message: string };

/** Splits `members` into `threads` contiguous ranges as even as possible (the first ranges one longer). */
export function memberRanges(members: number, threads: number): [number, number][] {
  const t = Math.max(1, Math.min(threads, members));
  const out: [number, number][] = [];
  let start = 0;
  for (let i = 0; i < t; i++) {
    const n = Math.floor(members / t) + (i < members % t ? 1 : 0);
    out.push([start, start + n]);
    start += n;
  }
  return out;
}
