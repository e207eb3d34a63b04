/**
 * The BNN estimators, one entry per name in src/core/method/names.ts (the Record type makes a missing
 * entry a compile error). Everything that depends on the estimator looks it up here: the model's training
 * pass and weight-set draws (./bnn-model.ts) and the kernel engine's step (src/core/training/kernel-engine.ts).
 * A new estimator: its name in BNN_ESTIMATORS and the schemas' enums, one file like ./lrt.ts, one line here.
 */
import type { BnnEstimator } from '../method/names';
import type { Estimator } from './estimator';
import { flipout } from './flipout';
import { lrt } from './lrt';
import { radial } from './radial';

export const ESTIMATORS: Readonly<Record<BnnEstimator, Estimator>> = { lrt, flipout, radial };

/** The estimator a BNN spec names (every config and saved model names one). */
export function estimatorOf(spec: { estimator?: BnnEstimator }): Estimator {
  if (!spec.estimator) throw new Error('a BNN model spec must name its estimator');
  return ESTIMATORS[spec.estimator];
}
