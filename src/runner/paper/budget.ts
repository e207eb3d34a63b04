/**
 * How `--budget-minutes` is shared between the runs: by time, not epochs. Epoch costs differ by engine
 * (test/bench/train.bench.ts: on the wasm kernels a 2-sample BNN epoch costs 3–5 deterministic ones, a
 * 10-member ensemble epoch about 9), and a BNN needs far more epochs per unit of accuracy (the paper:
 * ~35 GPU-minutes for a DE member, 1,300–3,400 for one BNN), so each BNN run gets 1.5× the time of the
 * ensemble, i.e. roughly 4–5× its epochs. A subset run sees 20 % of the data, so an epoch is ~5×
 * cheaper: 0.4× the time still buys it about twice the epochs of its full-data twin.
 * Time a run leaves unused (an ensemble's early stopping) goes to the runs after it.
 */
import type { PaperMethod, PaperRegime } from './paper-values';

const METHOD_WEIGHT: Record<PaperMethod, number> = { de: 1, lrt: 1.5, flipout: 1.5, radial: 1.5 };
const REGIME_WEIGHT: Record<PaperRegime, number> = { full: 1, subset: 0.4 };

export function runWeight(method: PaperMethod, regime: PaperRegime): number {
  return METHOD_WEIGHT[method] * REGIME_WEIGHT[regime];
}

/**
 * Milliseconds the next run may train: its weight's share of what is left. `reserve` (0…1) is kept back
 * from that share for featurization, the final predictions (20 samples for a BNN) and the report.
 */
export function nextShareMs(remainingMs: number, weights: readonly number[], reserve = 0.12): number {
  const total = weights.reduce((a, b) => a + b, 0);
  if (remainingMs <= 0 || total <= 0) return 0;
  return remainingMs * (weights[0] / total) * (1 - reserve);
}
