/** The periodic calibration snapshot on the validation set: expected vs observed coverage, MACE, NLL, parity points. */
import { calibrationLevels, gaussianNll, mace, observedProportions, sortedNormalisedResiduals } from '../core/uq';
import type { StructurePrediction } from '../core/training/evaluate';

export interface Snapshot {
  expected: number[];
  observed: number[];
  mace: number;
  nll: number;
  parity: { y: number[]; mu: number[]; sigma: number[] };
}

/** Per-atom energies (eV/atom) of the structures with a known truth. */
export function energySnapshot(preds: readonly StructurePrediction[], maxPoints = 300): Snapshot | null {
  const known = preds.filter((p) => p.energy.truth !== null);
  if (known.length < 2) return null;
  const y = known.map((p) => p.energy.truth! / p.nAtoms);
  const mu = known.map((p) => p.energy.mu / p.nAtoms);
  const sigma = known.map((p) => p.energy.sigma / p.nAtoms);
  const expected = calibrationLevels(21);
  const observed = observedProportions(sortedNormalisedResiduals(y, mu, sigma), expected, 'interval');
  const step = Math.max(1, Math.ceil(known.length / maxPoints));
  const pick = <T>(a: T[]) => a.filter((_, i) => i % step === 0);
  return { expected, observed, mace: mace(expected, observed), nll: gaussianNll(y, mu, sigma), parity: { y: pick(y), mu: pick(mu), sigma: pick(sigma) } };
}
