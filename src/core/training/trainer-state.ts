/** A Trainer's whole state, as checkpoints store it: a resumed run continues the same sequence. */
import type { RngState } from '../rng';
import type { AdamState } from './adam';

export interface TrainerState {
  epoch: number;
  params: Record<string, Float32Array>;
  adam: AdamState;
  rng: RngState;
  best: { epoch: number; valLoss: number; params: Record<string, Float32Array> } | null;
  sinceBest: number;
}
