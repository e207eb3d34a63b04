/**
 * The periodic calibration snapshots on the validation set (energies, and forces when trained): expected
 * vs observed coverage, MACE, NLL, parity points, and the σ scale that would calibrate σ on these points
 * (calibration-scale.ts, the one the report fits), so the dashboard can say when σ is far off.
 *
 * The snapshots are the model of their epoch on 21 coverage levels; the report evaluates the best epoch's
 * model on 100. So that the dashboard's final numbers are the report's, the `finished` event's summary
 * carries validationSummary: the best epoch's validation predictions (the ones the report is built from)
 * through the report's own functions, 100 levels, raw σ.
 */
import { calibrationLevels, fitCalibrationScale, gaussianNll, mace, observedProportions, rmse, sharpness, sortedNormalisedResiduals } from '../core/uq';
import type { StructurePrediction } from '../core/training/evaluate';

export interface Snapshot {
  expected: number[];
  observed: number[];
  mace: number;
  nll: number;
  /** validation-fitted σ scale on every point of the snapshot (σ' = sigmaScale·σ); absent when every error is zero */
  sigmaScale?: number;
  parity: { y: number[]; mu: number[]; sigma: number[] };
}

/** Per-atom energies (eV/atom) of the structures with a known truth. */
export function energySnapshot(preds: readonly StructurePrediction[], maxPoints = 300): Snapshot | null {
  const known = preds.filter((p) => p.energy.truth !== null);
  return snapshot(known.map((p) => p.energy.truth! / p.nAtoms), known.map((p) => p.energy.mu / p.nAtoms), known.map((p) => p.energy.sigma / p.nAtoms), maxPoints);
}

/** Force components (eV/Å) of the structures with known forces. */
export function forceSnapshot(preds: readonly StructurePrediction[], maxPoints = 300): Snapshot | null {
  const y: number[] = [], mu: number[] = [], sigma: number[] = [];
  for (const p of preds) {
    if (!p.forces?.truth) continue;
    y.push(...p.forces.truth); mu.push(...p.forces.mu); sigma.push(...p.forces.sigma);
  }
  return snapshot(y, mu, sigma, maxPoints);
}

function snapshot(y: number[], mu: number[], sigma: number[], maxPoints: number): Snapshot | null {
  if (y.length < 2) return null;
  const expected = calibrationLevels(21);
  const observed = observedProportions(sortedNormalisedResiduals(y, mu, sigma), expected, 'interval');
  const step = Math.max(1, Math.ceil(y.length / maxPoints));
  const pick = <T>(a: T[]) => a.filter((_, i) => i % step === 0);
  const scale = fitCalibrationScale({ yTrue: y, yPred: mu, yStd: sigma });
  return {
    expected, observed, mace: mace(expected, observed), nll: gaussianNll(y, mu, sigma),
    ...(scale.note ? {} : { sigmaScale: scale.scale }),
    parity: { y: pick(y), mu: pick(mu), sigma: pick(sigma) },
  };
}

/**
 * The raw-σ validation calibration of the final (best-epoch) model, as the report computes it: interval
 * MACE on 100 levels, the validation-fitted σ scale (equal to the report's recalibration scale wherever the
 * report fits one), RMSE and RMS σ; energies per atom (validationEnergy…) and force components (validationForce…).
 */
export function validationSummary(preds: readonly StructurePrediction[]): Record<string, number> {
  const out: Record<string, number> = {};
  const known = preds.filter((p) => p.energy.truth !== null);
  const energy = { y: known.map((p) => p.energy.truth! / p.nAtoms), mu: known.map((p) => p.energy.mu / p.nAtoms), sigma: known.map((p) => p.energy.sigma / p.nAtoms) };
  const f = known.filter((p) => p.forces?.truth);
  const forces = { y: f.flatMap((p) => p.forces!.truth!), mu: f.flatMap((p) => p.forces!.mu), sigma: f.flatMap((p) => p.forces!.sigma) };
  for (const [name, v] of [['Energy', energy], ['Force', forces]] as const) {
    if (!v.y.length) continue;
    const levels = calibrationLevels(100);
    out[`validation${name}Mace`] = mace(levels, observedProportions(sortedNormalisedResiduals(v.y, v.mu, v.sigma), levels, 'interval'));
    const fit = fitCalibrationScale({ yTrue: v.y, yPred: v.mu, yStd: v.sigma });
    if (!fit.note) out[`validation${name}SigmaScale`] = fit.scale;
    out[`validation${name}Rmse`] = rmse(v.y, v.mu);
    out[`validation${name}RmsSigma`] = sharpness(v.sigma);
  }
  return out;
}
