/**
 * The ensemble's out-of-distribution thresholds (../selection/ood.ts) from a member's and the merged
 * validation predictions: the descriptor-novelty thresholds depend only on the validation structures and
 * the standardisation, the same in every member, so they are kept; the σ threshold is the 95th percentile
 * of the ensemble's own validation σ per atom, which no member alone has.
 */
import { percentile, type OodThresholds } from '../selection/ood';
import type { RunPredictionsFile } from '../../protocol/report';

export function mergeOodThresholds(member: OodThresholds, merged: RunPredictionsFile): OodThresholds {
  const sigma = (merged.sets.validation?.structures ?? []).map((s) => s.energyStd);
  return { ...member, sigmaPerAtom: percentile(sigma, member.percentile), count: sigma.length };
}
