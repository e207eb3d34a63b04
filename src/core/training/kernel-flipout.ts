/**
 * Energy-only Flipout BNN steps (methods.md §5) on the wasm kernels. Per sample, one perturbation
 * ΔW = σ⊙ε (and Δb) shared by every row, decorrelated per row by random signs:
 *   z = h·W_μ + b_μ + ((h⊙s_in)·ΔW)⊙s_out + Δb,
 * and backward, from dz:  ∂W_μ = hᵀdz,  ∂ΔW = (h⊙s_in)ᵀ(dz⊙s_out),  ∂b = ∂Δb = Σ dz,
 *   dh = dz·W_μᵀ + ((dz⊙s_out)·ΔWᵀ)⊙s_in;  then ∂μ = ∂W_μ, ∂ρ = Σ_k ∂ΔW_k⊙σ⊙ε_k.
 * Layer 0's mean product X·W_μ runs once for all samples. ε comes from the trainer's Rng (P per sample),
 * the signs from the kernels' generator seeded from it. The data term and the KL are those of kernel-lrt.ts.
 */
import type { Standardisation } from '../descriptors/types';
import type { MlpKernel } from '../kernels/mlp-kernel';
import type { ParamLayout } from '../models/layout';
import { addGaussianKl, bnnParts, energyNll, kernelLayers, packLayer, seedGenerator, type BnnStepParts, type BnnTerms, type KernelLayer } from './kernel-bnn-parts';
import { uploadRows, type RowSet } from './kernel-rows';
import type { Rng } from './rng';
import type { TrainingSample } from './samples';

interface LayerPlan extends KernelLayer { inWidth: number }

interface ElementPlan {
  dim: number;
  layers: LayerPlan[];
  wMu: number[]; bMu: number[]; wMuT: number[];
  /** Per sample and layer: ΔW packed forward and transposed, Δb. */
  wD: number[][]; wDT: number[][]; bD: number[][];
  dwMu: number[]; dwD: number[][]; dbScratch: number;
  zeros: number; m0: number; mTmp: number; pTmp: number; bufA: number; bufB: number; dzs: number; dz0: number;
  /** Per sample and layer: signs in and out, signed inputs h⊙s_in, outputs h. */
  sIn: number[][]; sOut: number[][]; hs: number[][]; h: number[][];
  dOut: number;
}

export class KernelFlipoutStep {
  private readonly train: RowSet;
  private readonly plans: ElementPlan[];
  private readonly state: number;
  private readonly scratch: number;
  private readonly energies: Float64Array[];
  private readonly dE: Float64Array[];
  private eps: Float32Array = new Float32Array(0);
  /** Per sample, Σ_rows dz per bias (θ layout): ∂b_μ and ∂Δb of that sample. */
  private readonly dBias: Float64Array[];

  constructor(
    private readonly k: MlpKernel, private readonly layout: ParamLayout, train: readonly TrainingSample[], batches: readonly number[][],
    std: readonly Standardisation[], private readonly o: BnnTerms,
  ) {
    this.train = uploadRows(k, layout, train, batches, std);
    const maxRows = layout.elements.map((_, e) => Math.max(1, ...this.train.batches.map((b) => b.count[e])));
    this.plans = layout.elements.map((_, e) => this.plan(e, maxRows[e]));
    this.state = k.alloc(16);
    this.scratch = k.alloc(96);
    const maxB = Math.max(1, ...batches.map((b) => b.length));
    this.energies = Array.from({ length: o.samples }, () => new Float64Array(maxB));
    this.dE = Array.from({ length: o.samples }, () => new Float64Array(maxB));
    this.dBias = Array.from({ length: o.samples }, () => new Float64Array(layout.size));
  }

  private plan(e: number, n: number): ElementPlan {
    const k = this.k;
    const K = this.o.samples;
    const layers: LayerPlan[] = kernelLayers(this.layout, e).map((L) => ({ ...L, inWidth: Math.ceil(L.kIn / 4) * 4 }));
    const per = (f: (p: LayerPlan, l: number) => number) => layers.map(f);
    const perSample = (f: (p: LayerPlan, l: number) => number) => Array.from({ length: K }, () => layers.map(f));
    const wide = Math.max(...layers.map((p) => p.groups));
    const transposed = (p: LayerPlan, l: number) => (l ? k.alloc(layers[l - 1].groups * 4 * p.groups * 4) : 0);
    return {
      dim: layers[0].rows, layers,
      wMu: per((p) => k.alloc(p.groups * p.kIn * 4)), bMu: per((p) => k.alloc(p.groups * 4)), wMuT: per(transposed),
      wD: perSample((p) => k.alloc(p.groups * p.kIn * 4)), wDT: perSample(transposed), bD: perSample((p) => k.alloc(p.groups * 4)),
      dwMu: per((p) => k.alloc(p.groups * p.kIn * 4)), dwD: perSample((p) => k.alloc(p.groups * p.kIn * 4)), dbScratch: k.alloc(wide * 4 * 4),
      zeros: k.alloc(wide * 4),
      m0: k.alloc(n * layers[0].groups * 4), mTmp: k.alloc(n * wide * 4), pTmp: k.alloc(n * wide * 4),
      bufA: k.alloc(n * wide * 4), bufB: k.alloc(n * wide * 4), dzs: k.alloc(n * wide * 4), dz0: k.alloc(n * layers[0].groups * 4),
      sIn: perSample((p) => k.alloc(n * p.inWidth)), sOut: perSample((p) => k.alloc(n * p.groups * 4)),
      hs: perSample((p) => k.alloc(n * p.inWidth + 4)), h: perSample((p) => k.alloc(n * p.groups * 4)),
      dOut: k.alloc(n * 4),
    };
  }

  private pack(x: Float32Array): void {
    const p = this.layout.size;
    for (const pl of this.plans) {
      pl.layers.forEach((L, l) => {
        const inGroups = l ? pl.layers[l - 1].groups : 0;
        packLayer(this.k.f32, (q) => x[q], L, l, pl.wMu[l], pl.wMuT[l], pl.bMu[l], inGroups);
        for (let s = 0; s < this.o.samples; s++) {
          packLayer(this.k.f32, (q) => Math.exp(x[p + q]) * this.eps[s * p + q], L, l, pl.wD[s][l], pl.wDT[s][l], pl.bD[s][l], inGroups);
        }
      });
    }
  }

  /** The perturbation noise ε [K·P] and the signs the last step drew (for tests). */
  lastNoise(): Float32Array {
    return this.eps.slice();
  }

  lastSigns(e: number, s: number, l: number, bi: number): { sIn: Float32Array; sOut: Float32Array; inWidth: number } {
    const pl = this.plans[e], L = pl.layers[l], n = this.train.batches[bi].count[e];
    const f = this.k.f32;
    return { sIn: f.slice(pl.sIn[s][l] / 4, pl.sIn[s][l] / 4 + n * L.inWidth), sOut: f.slice(pl.sOut[s][l] / 4, pl.sOut[s][l] / 4 + n * L.groups * 4), inWidth: L.inWidth };
  }

  rowStructures(bi: number, e: number): Int32Array {
    return this.train.batches[bi].structure[e];
  }

  step(x: Float32Array, bi: number, rng: Rng, grad: Float32Array): BnnStepParts {
    const batch = this.train.batches[bi];
    this.eps = rng.fillNormal(new Float32Array(this.o.samples * this.layout.size));
    seedGenerator(this.k, this.state, this.scratch, rng);
    this.pack(x);
    this.forward(bi);
    const perRow = energyNll(this.energies, batch.energy, batch.invAtoms, this.o, this.dE);
    this.backward(bi);
    this.unpack(x, grad);
    return bnnParts(perRow, batch.members.length, addGaussianKl(x, this.layout.size, this.o, grad), this.o);
  }

  private forward(bi: number): void {
    const k = this.k.k;
    const K = this.o.samples;
    const batch = this.train.batches[bi];
    for (let s = 0; s < K; s++) this.energies[s].fill(0);
    this.plans.forEach((pl, e) => {
      const n = batch.count[e];
      if (n === 0) return;
      const L = pl.layers.length - 1;
      const l0 = pl.layers[0], g0 = l0.groups, D = pl.dim;
      k.dense(this.train.x[e], D * 4, batch.idx[e], n, D, pl.wMu[0], pl.bMu[0], g0, pl.m0, g0 * 16, 0);
      for (let s = 0; s < K; s++) {
        k.signs(this.state, pl.sIn[s][0], (n * l0.inWidth) / 4);
        k.signs(this.state, pl.sOut[s][0], n * g0);
        k.gather_mul(this.train.x[e], D * 4, batch.idx[e], n, l0.inWidth, pl.sIn[s][0], pl.hs[s][0]);
        k.dense(pl.hs[s][0], l0.inWidth * 4, 0, n, D, pl.wD[s][0], pl.zeros, g0, pl.pTmp, g0 * 16, 0);
        k.flip_z(pl.m0, pl.pTmp, pl.sOut[s][0], pl.bD[s][0], pl.h[s][0], n, g0, L > 0 ? 1 : 0);
        for (let l = 1; l <= L; l++) {
          const p = pl.layers[l], gin = pl.layers[l - 1].groups;
          k.signs(this.state, pl.sIn[s][l], n * gin);
          k.signs(this.state, pl.sOut[s][l], n * p.groups);
          k.mul_into(pl.hs[s][l], pl.h[s][l - 1], pl.sIn[s][l], n * gin);
          k.dense(pl.h[s][l - 1], gin * 16, 0, n, p.kIn, pl.wMu[l], pl.bMu[l], p.groups, pl.mTmp, p.groups * 16, 0);
          k.dense(pl.hs[s][l], gin * 16, 0, n, p.kIn, pl.wD[s][l], pl.zeros, p.groups, pl.pTmp, p.groups * 16, 0);
          k.flip_z(pl.mTmp, pl.pTmp, pl.sOut[s][l], pl.bD[s][l], pl.h[s][l], n, p.groups, l < L ? 1 : 0);
        }
        const f = this.k.f32, out = pl.h[s][L] / 4, en = this.energies[s], st = batch.structure[e];
        for (let r = 0; r < n; r++) en[st[r]] += f[out + 4 * r];
      }
    });
  }

  /** Σ over n rows of dz [n][4·groups] into the bias slots of `into` (θ layout). */
  private columnSums(dz: number, n: number, L: LayerPlan, into: Float64Array): void {
    const f = this.k.f32, w = 4 * L.groups;
    for (let j = 0; j < L.cols; j++) {
      let acc = 0;
      for (let r = 0; r < n; r++) acc += f[dz / 4 + r * w + j];
      into[L.bOffset + j] += acc;
    }
  }

  private backward(bi: number): void {
    const k = this.k.k;
    const K = this.o.samples;
    const batch = this.train.batches[bi];
    for (const d of this.dBias) d.fill(0);
    this.plans.forEach((pl, e) => {
      const f = this.k.f32;
      pl.layers.forEach((p, l) => {
        f.fill(0, pl.dwMu[l] / 4, pl.dwMu[l] / 4 + p.groups * p.kIn * 4);
        for (let s = 0; s < K; s++) f.fill(0, pl.dwD[s][l] / 4, pl.dwD[s][l] / 4 + p.groups * p.kIn * 4);
      });
      const n = batch.count[e];
      if (n === 0) return;
      const L = pl.layers.length - 1;
      const l0 = pl.layers[0], g0 = l0.groups, D = pl.dim;
      f.fill(0, pl.dz0 / 4, pl.dz0 / 4 + n * g0 * 4);
      const st = batch.structure[e];
      for (let s = 0; s < K; s++) {
        for (let r = 0; r < n; r++) f[pl.dOut / 4 + 4 * r] = this.dE[s][st[r]];
        let dz = pl.dOut;
        for (let l = L; l >= 1; l--) {
          const p = pl.layers[l], gin = pl.layers[l - 1].groups;
          this.columnSums(dz, n, p, this.dBias[s]);
          k.outer_acc(pl.h[s][l - 1], gin * 16, 0, n, p.kIn, dz, p.groups, pl.dwMu[l], pl.dbScratch);
          k.mul_into(pl.dzs, dz, pl.sOut[s][l], n * p.groups);
          k.outer_acc(pl.hs[s][l], gin * 16, 0, n, p.kIn, pl.dzs, p.groups, pl.dwD[s][l], pl.dbScratch);
          const next = dz === pl.bufA ? pl.bufB : pl.bufA;
          k.dense(dz, p.groups * 16, 0, n, 4 * p.groups, pl.wMuT[l], pl.zeros, gin, next, gin * 16, 0);
          k.dense(pl.dzs, p.groups * 16, 0, n, 4 * p.groups, pl.wDT[s][l], pl.zeros, gin, pl.pTmp, gin * 16, 0);
          k.fma_into(next, pl.pTmp, pl.sIn[s][l], n * gin);
          k.tanh_back(next, pl.h[s][l - 1], n * gin);
          dz = next;
        }
        this.columnSums(dz, n, l0, this.dBias[s]);
        k.add_into(pl.dz0, dz, n * g0);
        k.mul_into(pl.dzs, dz, pl.sOut[s][0], n * g0);
        k.outer_acc(pl.hs[s][0], l0.inWidth * 4, 0, n, D, pl.dzs, g0, pl.dwD[s][0], pl.dbScratch);
      }
      k.outer_acc(this.train.x[e], D * 4, batch.idx[e], n, D, pl.dz0, g0, pl.dwMu[0], pl.dbScratch);
    });
  }

  /** ∂μ = ∂W_μ (weights), Σ_k Σ dz (biases); ∂ρ = Σ_k ∂ΔW_k⊙σ⊙ε_k, the biases' through Δb_k = σ⊙ε_k. */
  private unpack(x: Float32Array, grad: Float32Array): void {
    const f = this.k.f32;
    const p = this.layout.size, K = this.o.samples;
    for (const pl of this.plans) {
      pl.layers.forEach((L, l) => {
        for (let i = 0; i < L.rows; i++) {
          for (let j = 0; j < L.cols; j++) {
            const at = ((j >> 2) * L.kIn + i) * 4 + (j & 3);
            const q = L.wOffset + i * L.cols + j;
            grad[q] = f[pl.dwMu[l] / 4 + at];
            let d = 0;
            for (let s = 0; s < K; s++) d += f[pl.dwD[s][l] / 4 + at] * this.eps[s * p + q];
            grad[p + q] = d * Math.exp(x[p + q]);
          }
        }
        for (let j = 0; j < L.cols; j++) {
          const q = L.bOffset + j;
          let dMu = 0, dRho = 0;
          for (let s = 0; s < K; s++) { dMu += this.dBias[s][q]; dRho += this.dBias[s][q] * this.eps[s * p + q]; }
          grad[q] = dMu;
          grad[p + q] = dRho * Math.exp(x[p + q]);
        }
      });
    }
  }
}
