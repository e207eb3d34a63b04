/**
 * The prediction of an ensemble of heteroscedastic members (Lakshminarayanan et al. 2017; methods.md §4):
 * the members' Gaussians N(μ_m, σ_m²) as one uniform mixture, whose mean and variance are
 * μ = mean μ_m and σ² = mean(σ_m² + μ_m²) − μ². The variance splits into an aleatoric part (mean σ_m²,
 * the noise the members themselves predict) and an epistemic part (the members' disagreement, the
 * population variance of μ_m). It is computed as that sum rather than by the textbook difference, which
 * is the same number but cancels catastrophically when |μ| ≫ σ (total energies of hundreds of eV).
 */
export interface MixtureMoments {
  mu: number;
  variance: number;
  aleatoric: number;
  epistemic: number;
}

export function mixtureMoments(mus: ArrayLike<number>, variances: ArrayLike<number>): MixtureMoments {
  const n = mus.length;
  let mu = 0, aleatoric = 0;
  for (let i = 0; i < n; i++) { mu += mus[i]; aleatoric += variances[i]; }
  mu /= n;
  aleatoric /= n;
  let epistemic = 0;
  for (let i = 0; i < n; i++) epistemic += (mus[i] - mu) ** 2;
  epistemic /= n;
  return { mu, variance: Math.max(0, aleatoric + epistemic), aleatoric, epistemic };
}
