/**
 * Predictions of a model over a set of samples, in physical units: per structure the total energy μ and σ
 * (eV), per atom (eV/atom), and per force component μ and σ (eV/Å). Ensembles: μ the members' mean, σ the
 * population std (ddof 0); heteroscedastic ensembles: the members' Gaussian mixture (./ensemble-mixture), its
 * variance split into aleatoric and epistemic parts; BNNs: T whole-weight samples, σ with ddof 1, optionally
 * σ_obs added in quadrature. Force σ is always the rows' spread.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Standardisation } from '../descriptors/types';
import type { PotentialModel } from '../models/potential';
import { buildBatch, disposeBatch } from '../data/batch';
import type { EnergyNormalisation } from '../data/energy-normalisation';
import { mixtureMoments } from './ensemble-mixture';
import { Rng } from '../rng';
import type { TrainingSample } from '../data/samples';
import type { WeightSetOutputs } from '../kernels/energy-predict';
import type { EngineInfo } from './engine';
import { KERNEL_PREDICTION, kernelPrediction } from './kernel-prediction';

export interface StructurePrediction {
  name: string;
  nAtoms: number;
  /**
   * Cohesive energy (eV), as the targets: μ, σ, and the truth when known. Heteroscedastic ensembles add
   * σ²'s two parts (eV², summing to σ²): aleatoric = mean σ_m², epistemic = population variance of μ_m.
   */
  energy: { mu: number; sigma: number; truth: number | null; aleatoric?: number; epistemic?: number };
  /** Per-atom forces (eV/Å), 3N values each; absent when the structure has no descriptor Jacobian. */
  forces?: { mu: number[]; sigma: number[]; truth: number[] | null };
  /** Per-row (member / sample) energies (eV), for member statistics. */
  rows: number[];
  /** Heteroscedastic members: each member's own variance σ_m² of the total energy (eV²), beside `rows`. */
  rowVariances?: number[];
}

export interface PredictOptions {
  forces: boolean;
  /** BNN weight samples (ignored by ensembles). */
  samples: number;
  seed: number;
  /** Standard deviation ddof: 0 for ensembles, 1 for BNN samples. */
  ddof: 0 | 1;
  /** Observation noise added in quadrature: per-atom energy σ and force σ, in normalised units. */
  observationNoise?: { energy: number; forces: number } | null;
  batchSize?: number;
  /** false: tfjs ops even where the wasm kernels could predict (tests, benches). */
  kernels?: boolean;
}

function meanStd(v: ArrayLike<number>, ddof: number): [number, number] {
  const n = v.length;
  let m = 0;
  for (let i = 0; i < n; i++) m += v[i];
  m /= n;
  let s = 0;
  for (let i = 0; i < n; i++) s += (v[i] - m) ** 2;
  return [m, n - ddof > 0 ? Math.sqrt(s / (n - ddof)) : 0];
}

/** Predictions and the engine that computed them (the wasm kernels where they can, tfjs ops otherwise). */
export interface SetPrediction { predictions: StructurePrediction[]; engine: EngineInfo }

/** predictSet's predictions alone. */
export function predictSamples(
  model: PotentialModel, samples: readonly TrainingSample[], std: readonly Standardisation[], norm: EnergyNormalisation, o: PredictOptions,
): StructurePrediction[] {
  return predictSet(model, samples, std, norm, o).predictions;
}

/**
 * The samples in batches of o.batchSize, each batch's weight sets drawn in turn from one generator seeded
 * with o.seed (BNNs), on the kernels or on tfjs ops (./kernel-prediction.ts): both give the same numbers.
 */
export function predictSet(
  model: PotentialModel, samples: readonly TrainingSample[], std: readonly Standardisation[], norm: EnergyNormalisation, o: PredictOptions,
): SetPrediction {
  const rng = new Rng(o.seed);
  const out: StructurePrediction[] = [];
  const bs = o.batchSize ?? 64;
  const lists: number[][] = [];
  for (let start = 0; start < samples.length; start += bs) lists.push(Array.from({ length: Math.min(bs, samples.length - start) }, (_, i) => start + i));
  const kernels = kernelPrediction(model, samples, std, lists, o);
  const engine: EngineInfo = typeof kernels === 'string' ? { name: 'tfjs-ops', reason: kernels } : KERNEL_PREDICTION;
  for (const list of lists) {
    const chunk = list.map((i) => samples[i]);
    const { energy, variance, forces, forceStart } = typeof kernels === 'string' ? tfjsOutputs(model, chunk, std, o, rng) : kernels(list, rng);
    const S = energy.length;
    chunk.forEach((s, b) => {
      const n = s.nAtoms;
      const rows = energy.map((row) => row[b] / norm.scale + n * norm.shift);
      const [mu, sigma0] = meanStd(rows, o.ddof);
      const obsE = o.observationNoise ? (o.observationNoise.energy / norm.scale) * n : 0;
      const truth = Number.isFinite(s.energy) ? s.energy / norm.scale + n * norm.shift : null;
      const p: StructurePrediction = { name: s.name, nAtoms: n, energy: { mu, sigma: Math.hypot(sigma0, obsE), truth }, rows };
      if (variance) {
        // v is the variance of Ê/N: × N² for Ê, ÷ scale² for eV.
        const rowVariances = variance.map((row) => row[b] * (n / norm.scale) ** 2);
        const mix = mixtureMoments(rows, rowVariances);
        p.energy = { mu: mix.mu, sigma: Math.sqrt(mix.variance), truth, aleatoric: mix.aleatoric, epistemic: mix.epistemic };
        p.rowVariances = rowVariances;
      }
      const first = forceStart[b];
      if (forces && first >= 0) {
        const muF: number[] = [];
        const sigF: number[] = [];
        const obsF = o.observationNoise ? o.observationNoise.forces / norm.scale : 0;
        const col = new Float64Array(S);
        for (let i = 3 * first; i < 3 * (first + n); i++) {
          for (let k = 0; k < S; k++) col[k] = forces[k][i] / norm.scale;
          const [m, sd] = meanStd(col, o.ddof);
          muF.push(m);
          sigF.push(Math.hypot(sd, obsF));
        }
        p.forces = { mu: muF, sigma: sigF, truth: s.forces ? Array.from(s.forces, (f) => f / norm.scale) : null };
      }
      out.push(p);
    });
  }
  return { predictions: out, engine };
}

/** One batch through the model's tfjs prediction pass (the reference the kernels are tested against). */
function tfjsOutputs(model: PotentialModel, chunk: readonly TrainingSample[], std: readonly Standardisation[], o: PredictOptions, rng: Rng): WeightSetOutputs {
  const batch = buildBatch(chunk, std, { forces: o.forces, requireForceTargets: false });
  try {
    const r = tf.tidy(() => {
      const p = model.predict(batch, o.forces, o.samples, rng);
      return [p.energy, p.variance ?? tf.zeros([0, 0]), ...(p.forces ? [p.forces] : [])];
    });
    const [S, B] = r[0].shape;
    const rowsOf = (t: tf.Tensor) => { const v = t.dataSync(), w = v.length / S; return Array.from({ length: S }, (_, k) => v.subarray(k * w, (k + 1) * w)); };
    const out: WeightSetOutputs = { energy: rowsOf(r[0]), variance: r[1].size > 0 ? rowsOf(r[1]) : null, forces: r[2] ? rowsOf(r[2]) : null, forceStart: new Int32Array(B).fill(-1) };
    batch.forceStructures.forEach((b, i) => { out.forceStart[b] = batch.forceStart[i]; });
    tf.dispose(r);
    return out;
  } finally {
    disposeBatch(batch);
  }
}
