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

export function predictSamples(
  model: PotentialModel, samples: readonly TrainingSample[], std: readonly Standardisation[], norm: EnergyNormalisation, o: PredictOptions,
): StructurePrediction[] {
  const rng = new Rng(o.seed);
  const out: StructurePrediction[] = [];
  const bs = o.batchSize ?? 64;
  for (let start = 0; start < samples.length; start += bs) {
    const chunk = samples.slice(start, start + bs);
    const batch = buildBatch(chunk, std, { forces: o.forces, requireForceTargets: false });
    const r = tf.tidy(() => {
      const p = model.predict(batch, o.forces, o.samples, rng);
      return [p.energy, p.variance ?? tf.zeros([0, 0]), ...(p.forces ? [p.forces] : [])];
    });
    const energy = r[0].arraySync() as number[][];
    const variance = r[1].size > 0 ? (r[1].arraySync() as number[][]) : null;
    const forces = r[2] ? (r[2].arraySync() as number[][][]) : null;
    tf.dispose(r);
    disposeBatch(batch);
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
      const fi = batch.forceStructures.indexOf(b);
      if (forces && fi >= 0) {
        const first = batch.forceStart[fi];
        const muF: number[] = [];
        const sigF: number[] = [];
        const obsF = o.observationNoise ? o.observationNoise.forces / norm.scale : 0;
        const col = new Float64Array(S);
        for (let a = 0; a < n; a++) {
          for (let c = 0; c < 3; c++) {
            for (let k = 0; k < S; k++) col[k] = forces[k][first + a][c] / norm.scale;
            const [m, sd] = meanStd(col, o.ddof);
            muF.push(m);
            sigF.push(Math.hypot(sd, obsF));
          }
        }
        p.forces = { mu: muF, sigma: sigF, truth: s.forces ? Array.from(s.forces, (f) => f / norm.scale) : null };
      }
      out.push(p);
    });
  }
  return out;
}
