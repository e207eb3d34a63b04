/**
 * The BNN objective's weights, written once for every engine (tfjs autograd in training/losses.ts, the
 * kernels' LRT/Flipout steps in kernels/bnn-parts.ts, the radial step). Per optimiser step with K weight
 * samples and a batch of B structures out of N_train:
 *   NLL_E = Σ_b ½[(e_b/σ_obs)² + log 2πσ_obs²],  e_b = Ê_b − E_b ('total') or (Ê_b − E_b)/N_b ('per_atom'),
 *   NLL_F = Σ_components ½[(ΔF/σ_F)² + log 2πσ_F²],
 *   data  = w_E·NLL_E + w_F·NLL_F, averaged over the K samples,
 *   total = c·data + KL/N_train,
 * with (w_E, w_F) = (1 − α, α) and c = 1 for 'paper' (v1: the KL is down-weighted by B against the textbook
 * ELBO), c = 1/B for 'standard' (the minibatch ELBO per structure), and (w_E, w_F) = (1, 1), c = 1/N_train for
 * 'paper_v2' (the paper's v2 joint likelihood: (Σ NLL_E + Σ NLL_F + KL)/N_train, the KL over-weighted by N/B).
 */
import type { BnnLikelihood, KlWeighting } from './names';

/** c: the factor of the sample-averaged Σ_batch NLL in the minimised total. */
export function dataScale(weighting: KlWeighting, batchSize: number, nTrain: number): number {
  return weighting === 'paper' ? 1 : weighting === 'standard' ? 1 / batchSize : 1 / nTrain;
}

/** (w_E, w_F): the energy and force NLLs' weights in the data term. */
export function nllWeights(weighting: KlWeighting, alpha: number): { energy: number; forces: number } {
  return weighting === 'paper_v2' ? { energy: 1, forces: 1 } : { energy: 1 - alpha, forces: alpha };
}

/** The factor turning a structure's normalised total-energy error into the likelihood's error: 1 or 1/N (absent: per atom). */
export function energyErrorWeight(likelihood: BnnLikelihood | undefined, invAtoms: number): number {
  return likelihood === 'total' ? 1 : invAtoms;
}
