/**
 * What the kernel paths share: each element's layers as the kernels see them, weight packing (layer maps), seeding the
 * kernels' generator, and the BNN objective of losses.ts (bnnLoss: Gaussian NLL of Ê/N per structure, analytic
 * Gaussian KL shared out per training structure) with its gradients, for the LRT and Flipout steps.
 */
import type { MlpKernel } from './mlp-kernel';
import { dataScale, energyErrorWeight, nllWeights } from '../method/bnn-objective';
import type { BnnLikelihood, KlWeighting } from '../method/names';
import type { ParamLayout } from '../models/layout';
import type { Standardisation } from '../descriptors/types';
import { forceStructuresFirst, packedAt, uploadForces, type ForceBatch } from './rows';
import type { TrainingSample } from '../data/samples';
import type { Rng } from '../rng';

/** One layer of an element's network: its θ offsets and shape, padded input width and output groups of 4. */
export interface KernelLayer { wOffset: number; bOffset: number; rows: number; cols: number; kIn: number; groups: number }

export function kernelLayers(layout: ParamLayout, e: number): KernelLayer[] {
  const slots = layout.slots.filter((s) => s.element === e);
  const layers: KernelLayer[] = [];
  for (const s of slots) {
    if (s.kind !== 'W') continue;
    const b = slots.find((t) => t.kind === 'b' && t.layer === s.layer)!;
    const prev = layers.length ? layers[layers.length - 1].groups : 0;
    layers.push({ wOffset: s.offset, bOffset: b.offset, rows: s.rows, cols: s.cols, kIn: layers.length ? 4 * prev : s.rows, groups: Math.ceil(s.cols / 4) });
  }
  return layers;
}

/**
 * Where layer l's θ entries live in the kernels' buffers, worked out once so a step's packing and unpacking
 * are plain scatters and gathers: per weight (row-major in θ) its θ index, its place in the dense kernel's
 * packed W (../rows.ts packedAt), in the transpose over the layer's padded outputs (l ≥ 1: inGroups groups)
 * and in outer_acc's gradient; per bias its θ index.
 */
export interface LayerMap { q: Int32Array; w: Int32Array; wt: Int32Array; dw: Int32Array; bq: Int32Array }

export function layerMap(L: KernelLayer, l: number, inGroups: number): LayerMap {
  const n = L.rows * L.cols;
  const m: LayerMap = { q: new Int32Array(n), w: new Int32Array(n), wt: new Int32Array(l ? n : 0), dw: new Int32Array(n), bq: new Int32Array(L.cols) };
  for (let i = 0, k = 0; i < L.rows; i++) {
    for (let j = 0; j < L.cols; j++, k++) {
      m.q[k] = L.wOffset + i * L.cols + j;
      m.w[k] = packedAt(j >> 2, i, j & 3, L.kIn, L.groups);
      if (l) m.wt[k] = packedAt(i >> 2, j, i & 3, 4 * L.groups, inGroups);
      m.dw[k] = ((j >> 2) * L.kIn + i) * 4 + (j & 3);
    }
  }
  for (let j = 0; j < L.cols; j++) m.bq[j] = L.bOffset + j;
  return m;
}

/**
 * Layer weights value[q] through a LayerMap into w, wt (l ≥ 1) and b. Padding is left as it is: zero in the
 * fresh kernel memory the steps allocate, and nothing else writes these buffers.
 */
export function packMapped(f: Float32Array, m: LayerMap, value: ArrayLike<number>, w: number, wt: number, b: number): void {
  const w4 = w / 4, t4 = wt / 4, b4 = b / 4;
  for (let k = 0; k < m.q.length; k++) f[w4 + m.w[k]] = value[m.q[k]];
  for (let k = 0; k < m.wt.length; k++) f[t4 + m.wt[k]] = value[m.q[k]];
  for (let j = 0; j < m.bq.length; j++) f[b4 + j] = value[m.bq[j]];
}

/** Seeds the kernels' four-lane generator at `state` from the trainer's Rng (so a restored Rng replays the noise). */
export function seedGenerator(k: MlpKernel, state: number, scratch: number, rng: Rng): void {
  const i32 = k.i32;
  for (let i = 0; i < 16; i++) i32[state / 4 + i] = rng.nextU32();
  k.k.normals(state, scratch, 24); // mixes the seed words, as sfc32's own seeding does
}

export interface BnnTerms { samples: number; sigmaEnergy: number; weighting: KlWeighting; likelihood?: BnnLikelihood; nTrain: number; priorScale: number }

export interface BnnStepParts { total: number; data: number; kl: number; perRow: Float64Array }

/**
 * What one thread computes of a step whose batch is split by structure over threads (./row-window.ts): the
 * data gradient of its structures `part` (the estimator's own layout, see its combine), per sample the NLL
 * summed over its structures, and the whole batch's size.
 */
export interface StepShare { perRow: Float64Array; size: number; part: Float32Array }

/** Per sample, Σ_t NLL_t over the shares, in share order. */
export function sumRows(shares: readonly StepShare[]): Float64Array {
  const perRow = new Float64Array(shares[0].perRow.length);
  for (const sh of shares) for (let k = 0; k < perRow.length; k++) perRow[k] += sh.perRow[k];
  return perRow;
}

/** Σ_t part_t into `out`, in share order (the fixed order that makes a thread count's result reproducible). */
export function sumParts(shares: readonly StepShare[], out: Float32Array): void {
  out.set(shares[0].part);
  for (let t = 1; t < shares.length; t++) {
    const q = shares[t].part;
    for (let i = 0; i < out.length; i++) out[i] += q[i];
  }
}

/**
 * Per sample Σ_b NLL(Ê; σ_obs) (or of Ê/N per atom) of one batch, and d(total)/dÊ into dE (mean over the K
 * samples, scaled by ../method/bnn-objective.ts's dataScale of the whole batch's `batchSize`: a thread's part
 * of a split batch has fewer targets).
 */
export function energyNll(energies: readonly Float64Array[], target: Float64Array, invAtoms: Float64Array, o: BnnTerms, dE: Float64Array[], batchSize = target.length): Float64Array {
  const K = o.samples, B = target.length, sig = o.sigmaEnergy;
  const perRow = new Float64Array(K);
  const logNorm = Math.log(sig) + 0.5 * Math.log(2 * Math.PI);
  const scale = dataScale(o.weighting, batchSize, o.nTrain) / K;
  for (let s = 0; s < K; s++) {
    let nll = 0;
    for (let b = 0; b < B; b++) {
      const w = energyErrorWeight(o.likelihood, invAtoms[b]);
      const e = (energies[s][b] - target[b]) * w;
      nll += (e * e) / (2 * sig * sig) + logNorm;
      dE[s][b] = scale * (e / (sig * sig)) * w;
    }
    perRow[s] = nll;
  }
  return perRow;
}

/**
 * KL(q‖p) of x = [μ; ρ] (kl.ts gaussianKl), its gradient /N_train added into grad. Returns KL. `variances`:
 * e^{2ρ} of this x where the step has it already (the same numbers).
 */
export function addGaussianKl(x: Float32Array, p: number, o: BnnTerms, grad: Float32Array, variances: ArrayLike<number> | null = null): number {
  const sp2 = o.priorScale * o.priorScale;
  let kl = p * (Math.log(o.priorScale) - 0.5);
  for (let i = 0; i < p; i++) {
    const mu = x[i], rho = x[p + i], v = variances ? variances[i] : Math.exp(2 * rho);
    kl += (v + mu * mu) / (2 * sp2) - rho;
    grad[i] += mu / (sp2 * o.nTrain);
    grad[p + i] += (v / sp2 - 1) / o.nTrain;
  }
  return kl;
}

/** The step's parts as bnnLoss reports them: total minimised, data = mean NLL per structure, KL/N_train. */
export function bnnParts(perRow: Float64Array, batchSize: number, kl: number, o: BnnTerms): BnnStepParts {
  let nllSum = 0;
  for (const r of perRow) nllSum += r / o.samples;
  const klShare = kl / o.nTrain;
  const dataTerm = nllSum * dataScale(o.weighting, batchSize, o.nTrain);
  return { total: dataTerm + klShare, data: nllSum / batchSize, kl: klShare, perRow: perRow.map((r) => r / batchSize) };
}

/**
 * With forces (bnnLoss): per sample w_E·Σ NLL(Ê) + w_F·Σ NLL(F̂; σ_F) over the batch's force components, the
 * weights of ../method/bnn-objective.ts ((1 − α, α), or (1, 1) for paper_v2).
 * Rescales perRow and dE in place and writes dLoss/dF into each sample's dForces [atoms][4].
 */
export function addForceNll(
  f: Float32Array, forces: readonly number[], dForces: readonly number[], fb: ForceBatch, batchSize: number,
  perRow: Float64Array, dE: Float64Array[], o: BnnTerms, loss: { alpha: number; sigma: number },
): void {
  const { sigma } = loss;
  const w = nllWeights(o.weighting, loss.alpha);
  const scale = dataScale(o.weighting, batchSize, o.nTrain) / o.samples;
  const logNorm = Math.log(sigma) + 0.5 * Math.log(2 * Math.PI);
  for (let s = 0; s < o.samples; s++) {
    for (let b = 0; b < batchSize; b++) dE[s][b] *= w.energy;
    let nll = 0;
    const F = forces[s] / 4, dF = dForces[s] / 4;
    for (let a = 0; a < fb.atoms; a++) {
      for (let c = 0; c < 3; c++) {
        const e = f[F + 4 * a + c] - fb.target[3 * a + c];
        nll += (e * e) / (2 * sigma * sigma) + logNorm;
        f[dF + 4 * a + c] = w.forces * scale * (e / (sigma * sigma));
      }
    }
    perRow[s] = w.energy * perRow[s] + w.forces * nll;
  }
}

/** Force training data of a sampled (BNN) kernel step: batches reordered force structures first, their force data, and per sample F and dLoss/dF buffers. */
export function sampledForceData(
  k: MlpKernel, layout: ParamLayout, train: readonly TrainingSample[], batches: readonly number[][], std: readonly Standardisation[], samples: number,
): { batches: number[][]; forceBatches: ForceBatch[]; forces: number[]; dForces: number[] } {
  const has = (i: number) => train[i].forces !== null && !!train[i].descriptors.jacobian;
  const ordered = forceStructuresFirst(batches, has);
  const forceBatches = uploadForces(k, layout, train, ordered, std, has);
  const atoms = Math.max(1, ...forceBatches.map((f) => f.atoms));
  const forces = Array.from({ length: samples }, () => k.alloc(atoms * 4));
  const dForces = Array.from({ length: samples }, () => k.alloc(atoms * 4));
  return { batches: ordered, forceBatches, forces, dForces };
}
