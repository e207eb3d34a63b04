/**
 * Energy-only radial BNN steps (methods.md §5) on the wasm kernels. Radial training evaluates K whole
 * weight sets θ_k = μ + σ⊙v_k, which the kernel path runs like K ensemble members; what is left is plain
 * arithmetic over the P parameters: the Gaussian NLL of losses.ts (bnnLoss), the Monte Carlo KL of kl.ts
 * (radialKl) and the chain rule to μ and ρ (σ = exp ρ):
 *   ∂/∂μ = Σ_k g_k,  ∂/∂ρ = Σ_k g_k⊙σ⊙v_k − 1/N_train,  g_k = ∂data/∂θ_k + θ_k/(σ_p² K N_train).
 * The parameters travel as one vector x = [μ; ρ] so one flat Adam updates both.
 */
import type { ParamLayout } from '../models/layout';
import { weightSetNoise } from '../models/weight-noise';
import type { KernelEnergyPath } from './energy-path';
import { dataScale, energyErrorWeight, nllWeights } from '../method/bnn-objective';
import { bnnParts, sumParts, sumRows, type BnnStepParts, type BnnTerms, type StepShare } from './bnn-parts';
import type { RowWindow } from './row-window';
import type { Rng } from '../rng';

export interface RadialOptions extends BnnTerms {
  /** Force training: α and the force observation noise σ_F (normalised units); absent for energies only. */
  forces?: { alpha: number; sigma: number };
}


export class KernelRadialStep {
  private readonly theta: Float32Array;
  private readonly g: Float32Array;
  /** The last draw: noise v [K·P] and the radial constants C_k (drawn into these buffers every step). */
  private readonly noise: { v: Float32Array; constants: Float32Array };
  /** σ = e^ρ of the last draw's x (float64, as the weight sets and the chain rule to ρ use it). */
  private readonly sigma: Float64Array;

  /** `window`: this thread's part when the batches are split by structure (./row-window.ts; only its sizes matter here). */
  constructor(private readonly path: KernelEnergyPath, private readonly layout: ParamLayout, private readonly o: RadialOptions, private readonly window: RowWindow | null = null) {
    this.theta = new Float32Array(o.samples * layout.size);
    this.g = new Float32Array(o.samples * layout.size);
    this.sigma = new Float64Array(layout.size);
    this.noise = { v: new Float32Array(o.samples * layout.size), constants: new Float32Array(o.samples) };
  }

  /** One step on training batch `bi`: loss parts, and d(total)/dx into `grad` [2P]. */
  step(x: Float32Array, bi: number, rng: Rng, grad: Float32Array): BnnStepParts {
    const K = this.o.samples;
    this.draw(x, rng);
    const perRow = new Float64Array(K);
    const size = this.dataGradient(bi, this.g, perRow);
    return this.finish(x, perRow, size, grad);
  }

  /** This thread's structures of the step step() takes with this rng (see ./row-window.ts): ∂data/∂θ_k [K·P] as `part`. */
  share(x: Float32Array, bi: number, rng: Rng): StepShare {
    const K = this.o.samples;
    this.draw(x, rng);
    const perRow = new Float64Array(K);
    const part = new Float32Array(K * this.layout.size);
    let size = this.window ? this.window.size[bi] : 0;
    if (!this.window || this.window.count[bi] > 0) size = this.dataGradient(bi, part, perRow);
    return { perRow, size, part };
  }

  /** step()'s parts from every thread's share (this instance made the last, so it holds the draw): ∂data/∂θ_k = Σ_t part_t. */
  combine(x: Float32Array, shares: readonly StepShare[], grad: Float32Array): BnnStepParts {
    sumParts(shares, this.g);
    return this.finish(x, sumRows(shares), shares[0].size, grad);
  }

  /** Noise v and constants for all K weight sets from rng, and θ_k = μ + σ⊙v_k. */
  private draw(x: Float32Array, rng: Rng): void {
    const K = this.o.samples;
    weightSetNoise(this.layout, K, rng, true, this.noise);
    weightSets(x, this.noise.v, K, this.layout.size, this.theta, this.sigma);
  }

  /** The K weight sets on batch bi (this thread's part of it): ∂data/∂θ_k into g [K·P], NLLs into perRow; the batch size. */
  private dataGradient(bi: number, g: Float32Array, perRow: Float64Array): number {
    const { samples: K, sigmaEnergy: sig, nTrain } = this.o;
    let size = 0;
    const logNorm = Math.log(sig) + 0.5 * Math.log(2 * Math.PI);
    this.path.gradient(this.theta, K, bi, g, (energies, batch, dE) => {
      size = this.window ? this.window.size[bi] : batch.size;
      const scale = dataScale(this.o.weighting, size, nTrain) / K;
      // With forces (bnnLoss): w_E·Σ NLL(Ê; σ_obs) + w_F·Σ NLL(F̂; σ_F) per sample (method/bnn-objective.ts).
      const fo = batch.forces && this.o.forces ? batch.forces : null;
      const w = nllWeights(this.o.weighting, fo ? this.o.forces!.alpha : 0);
      const keep = fo ? w.energy : 1;
      for (let k = 0; k < K; k++) {
        let nll = 0;
        for (let b = 0; b < batch.size; b++) {
          const ew = energyErrorWeight(this.o.likelihood, batch.invAtoms[b]);
          const e = (energies[k][b] - batch.energy[b]) * ew;
          nll += (e * e) / (2 * sig * sig) + logNorm;
          dE[k][b] = keep * scale * (e / (sig * sig)) * ew;
        }
        perRow[k] = keep * nll;
        if (fo) {
          const { sigma } = this.o.forces!;
          const alpha = w.forces;
          const fLog = Math.log(sigma) + 0.5 * Math.log(2 * Math.PI);
          let fNll = 0;
          for (let a = 0; a < fo.atoms; a++) {
            for (let c = 0; c < 3; c++) {
              const e = fo.predicted[k][4 * a + c] - fo.target[3 * a + c];
              fNll += (e * e) / (2 * sigma * sigma) + fLog;
              fo.dF[k][4 * a + c] = alpha * scale * (e / (sigma * sigma));
            }
          }
          perRow[k] += alpha * fNll;
        }
      }
      return 0;
    });
    return size;
  }

  /** The KL and the chain rule to x = [μ; ρ] from every weight set's ∂data/∂θ_k in this.g. */
  private finish(x: Float32Array, perRow: Float64Array, size: number, grad: Float32Array): BnnStepParts {
    const { samples: K, nTrain, priorScale } = this.o;
    const p = this.layout.size, v = this.noise.v;
    // Monte Carlo KL of the K weight sets: (Σ_k C_k − K·Σρ + Σ θ²/(2σ_p²) + K·P·(log σ_p + ½ log 2π)) / K.
    let sumRho = 0, sumSq = 0, constSum = 0;
    for (let i = 0; i < p; i++) sumRho += x[p + i];
    for (let i = 0; i < K * p; i++) sumSq += this.theta[i] * this.theta[i];
    for (const c of this.noise.constants) constSum += c;
    const kl = (constSum - K * sumRho + sumSq / (2 * priorScale * priorScale) + K * p * (Math.log(priorScale) + 0.5 * Math.log(2 * Math.PI))) / K;
    const klTheta = 1 / (priorScale * priorScale * K * nTrain);
    for (let i = 0; i < p; i++) {
      const sigma = this.sigma[i];
      let dMu = 0, dRho = 0;
      for (let k = 0; k < K; k++) {
        const gk = this.g[k * p + i] + this.theta[k * p + i] * klTheta;
        dMu += gk;
        dRho += gk * sigma * v[k * p + i];
      }
      grad[i] = dMu;
      grad[p + i] = dRho - 1 / nTrain;
    }
    return bnnParts(perRow, size, kl, this.o);
  }
}

/** Buffers for S weight sets of P parameters: the noise v and constants, θ [S·P] and σ [P]. */
export interface WeightSetBuffers { v: Float32Array; constants: Float32Array; theta: Float32Array; sigma: Float64Array }

export function weightSetBuffers(layout: ParamLayout, s: number): WeightSetBuffers {
  const p = layout.size;
  return { v: new Float32Array(s * p), constants: new Float32Array(s), theta: new Float32Array(s * p), sigma: new Float64Array(p) };
}

/**
 * S whole weight sets θ_k = μ + σ⊙v_k from x = [μ; ρ], drawn as BnnModel.predict draws them: θ [S·P], in
 * `into`'s theta when given (a loop that validates every epoch reuses its buffers; new ones otherwise).
 */
export function sampledWeightSets(x: Float32Array, layout: ParamLayout, s: number, rng: Rng, radial: boolean, into: WeightSetBuffers = weightSetBuffers(layout, s)): Float32Array {
  weightSetNoise(layout, s, rng, radial, into);
  return weightSets(x, into.v, s, layout.size, into.theta, into.sigma);
}

/** θ_k = μ + exp(ρ)⊙v_k for the noise `v` [K·P] and x = [μ; ρ], into `out`; `sigma` [P] receives exp(ρ). */
function weightSets(x: Float32Array, v: Float32Array, k: number, p: number, out: Float32Array, sigma: Float64Array = new Float64Array(p)): Float32Array {
  for (let i = 0; i < p; i++) sigma[i] = Math.exp(x[p + i]);
  for (let s = 0; s < k; s++) for (let i = 0; i < p; i++) out[s * p + i] = x[i] + sigma[i] * v[s * p + i];
  return out;
}
