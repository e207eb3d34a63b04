/**
 * Stops a run whose loss explodes without becoming NaN (the trainer stops those): a training loss that
 * has risen by more than 10⁴ × max(|lowest loss so far|, 1) — losses may be negative (Gaussian NLL,
 * ELBO) — or a validation energy RMSE beyond any model's (1000 eV/atom; an untrained network on
 * normalised energies starts near 1). Either means the learning rate is too high, and every further
 * epoch is wasted time and a misleading report.
 */
export const DIVERGENCE_LIMITS = {
  lossRise: 1e4,
  /** eV/atom */
  maxValEnergyRmse: 1e3,
} as const;

export class DivergenceWatch {
  private lowest = Infinity;

  /** `history`: training losses of the epochs already run (a resumed run passes its log's). */
  constructor(history: readonly number[] = []) {
    for (const l of history) if (Number.isFinite(l)) this.lowest = Math.min(this.lowest, l);
  }

  /** Why the run diverged at this epoch, or null. */
  check(trainLoss: number, valEnergyRmse: number): string | null {
    const L = DIVERGENCE_LIMITS;
    if (Number.isFinite(valEnergyRmse) && valEnergyRmse > L.maxValEnergyRmse) {
      return `validation energy RMSE ${valEnergyRmse.toPrecision(3)} eV/atom (over ${L.maxValEnergyRmse})`;
    }
    if (Number.isFinite(trainLoss) && Number.isFinite(this.lowest) && trainLoss - this.lowest > L.lossRise * Math.max(Math.abs(this.lowest), 1)) {
      return `training loss rose from ${this.lowest.toPrecision(3)} to ${trainLoss.toPrecision(3)}`;
    }
    if (Number.isFinite(trainLoss)) this.lowest = Math.min(this.lowest, trainLoss);
    return null;
  }
}
