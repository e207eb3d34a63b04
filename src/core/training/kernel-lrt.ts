/**
 * Energy-only LRT BNN steps (local reparameterisation, methods.md §5) on the wasm kernels. Per layer, with
 * input h, posterior means μ and variances σ² = exp(2ρ):
 *   m = h·W_μ + b_μ,  s = √(h²·W_σ² + b_σ²),  z = m + s⊙ε  (ε per atom row and unit),
 * and backward, from dz:  ∂W_μ = hᵀdz,  dv = dz⊙ε/(2s),  ∂W_σ² = (h²)ᵀdv,  dh = dz·W_μᵀ + 2h⊙(dv·W_σ²ᵀ).
 * Layer 0's m and s depend on the descriptors only, so its products run once for all K samples (and its
 * gradients once, on the sums over samples). The data term is the Gaussian NLL of losses.ts (bnnLoss),
 * the KL the analytic Gaussian one of kl.ts, the chain rule to ρ: ∂/∂ρ = ∂/∂σ²·2σ².
 * Noise comes from the kernels' own generator, seeded from the trainer's Rng every step.
 */
import type { Standardisation } from '../descriptors/types';
import type { MlpKernel } from '../kernels/mlp-kernel';
import type { ParamLayout } from '../models/layout';
import { addGaussianKl, bnnParts, energyNll, kernelLayers, packLayer, seedGenerator, type BnnStepParts, type BnnTerms, type KernelLayer } from './kernel-bnn-parts';
import { uploadRows, type RowSet } from './kernel-rows';
import type { Rng } from './rng';
import type { TrainingSample } from './samples';

type LayerPlan = KernelLayer;

interface ElementPlan {
  dim: number;
  layers: LayerPlan[];
  wMu: number[]; bMu: number[]; wVar: number[]; bVar: number[];
  /** Transposed weights for layers ≥ 1 (index by layer; [0] unused). */
  wMuT: number[]; wVarT: number[];
  dwMu: number[]; dbMu: number[]; dwVar: number[]; dbVar: number[];
  zeros: number;
  m0: number; s0: number;
  /** Per sample k and layer l: outputs h, their squares (inputs of l + 1), standard deviations s, noise ε. */
  h: number[][]; hsq: number[][]; s: number[][]; eps: number[][];
  mTmp: number; bufA: number; bufB: number; dv: number; dh2: number; dz0: number; dv0: number; dOut: number;
}


export class KernelLrtStep {
  private readonly train: RowSet;
  private readonly plans: ElementPlan[];
  private readonly state: number;
  private readonly scratch: number;
  private readonly energies: Float64Array[];
  private readonly dE: Float64Array[];

  constructor(
    private readonly k: MlpKernel, private readonly layout: ParamLayout, train: readonly TrainingSample[], batches: readonly number[][],
    std: readonly Standardisation[], private readonly o: BnnTerms,
  ) {
    this.train = uploadRows(k, layout, train, batches, std, true);
    const maxRows = layout.elements.map((_, e) => Math.max(1, ...this.train.batches.map((b) => b.count[e])));
    this.plans = layout.elements.map((_, e) => this.plan(e, maxRows[e]));
    this.state = k.alloc(16);
    this.scratch = k.alloc(96);
    const maxB = Math.max(1, ...batches.map((b) => b.length));
    this.energies = Array.from({ length: o.samples }, () => new Float64Array(maxB));
    this.dE = Array.from({ length: o.samples }, () => new Float64Array(maxB));
  }

  private plan(e: number, n: number): ElementPlan {
    const k = this.k;
    const K = this.o.samples;
    const layers = kernelLayers(this.layout, e);
    const per = (f: (p: LayerPlan, l: number) => number) => layers.map(f);
    const wide = Math.max(...layers.map((p) => p.groups));
    const g0 = layers[0].groups;
    return {
      dim: layers[0].rows, layers,
      wMu: per((p) => k.alloc(p.groups * p.kIn * 4)), bMu: per((p) => k.alloc(p.groups * 4)),
      wVar: per((p) => k.alloc(p.groups * p.kIn * 4)), bVar: per((p) => k.alloc(p.groups * 4)),
      wMuT: per((p, l) => (l ? k.alloc(layers[l - 1].groups * 4 * p.groups * 4) : 0)),
      wVarT: per((p, l) => (l ? k.alloc(layers[l - 1].groups * 4 * p.groups * 4) : 0)),
      dwMu: per((p) => k.alloc(p.groups * p.kIn * 4)), dbMu: per((p) => k.alloc(p.groups * 4)),
      dwVar: per((p) => k.alloc(p.groups * p.kIn * 4)), dbVar: per((p) => k.alloc(p.groups * 4)),
      zeros: k.alloc(wide * 4),
      m0: k.alloc(n * g0 * 4), s0: k.alloc(n * g0 * 4),
      h: Array.from({ length: K }, () => per((p) => k.alloc(n * p.groups * 4))),
      hsq: Array.from({ length: K }, () => per((p) => k.alloc(n * p.groups * 4))),
      s: Array.from({ length: K }, () => per((p) => k.alloc(n * p.groups * 4))),
      eps: Array.from({ length: K }, () => per((p) => k.alloc(n * p.groups * 4 + 4))),
      mTmp: k.alloc(n * wide * 4), bufA: k.alloc(n * wide * 4), bufB: k.alloc(n * wide * 4),
      dv: k.alloc(n * wide * 4), dh2: k.alloc(n * wide * 4), dz0: k.alloc(n * g0 * 4), dv0: k.alloc(n * g0 * 4), dOut: k.alloc(n * 4),
    };
  }

  /** Means and variances (σ² = e^{2ρ}) of x = [μ; ρ] into every element's kernel weights; padding stays 0. */
  private pack(x: Float32Array): void {
    const p = this.layout.size, f = this.k.f32;
    for (const pl of this.plans) {
      pl.layers.forEach((L, l) => {
        const inGroups = l ? pl.layers[l - 1].groups : 0;
        packLayer(f, (q) => x[q], L, l, pl.wMu[l], pl.wMuT[l], pl.bMu[l], inGroups);
        packLayer(f, (q) => Math.exp(2 * x[p + q]), L, l, pl.wVar[l], pl.wVarT[l], pl.bVar[l], inGroups);
      });
    }
  }

  /** One step on training batch `bi`: loss parts, and d(total)/dx into `grad` [2P] for x = [μ; ρ]. */
  step(x: Float32Array, bi: number, rng: Rng, grad: Float32Array): BnnStepParts {
    const batch = this.train.batches[bi];
    this.pack(x);
    seedGenerator(this.k, this.state, this.scratch, rng);
    this.forward(bi);
    const perRow = energyNll(this.energies, batch.energy, batch.invAtoms, this.o, this.dE);
    this.backward(bi);
    this.unpack(x, grad);
    return bnnParts(perRow, batch.members.length, addGaussianKl(x, this.layout.size, this.o, grad), this.o);
  }

  /** The noise the last step drew for element e, sample s, layer l: [rows][4·groups] (for tests). */
  lastNoise(bi: number, e: number, s: number, l: number): Float32Array {
    const pl = this.plans[e];
    const n = this.train.batches[bi].count[e] * pl.layers[l].groups * 4;
    return this.k.f32.slice(pl.eps[s][l] / 4, pl.eps[s][l] / 4 + n);
  }

  /** Batch `bi`'s atom rows of element e in the order the kernels see them: sample indices per row. */
  rowStructures(bi: number, e: number): Int32Array {
    return this.train.batches[bi].structure[e];
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
      const g0 = pl.layers[0].groups, D = pl.dim;
      k.dense(this.train.x[e], D * 4, batch.idx[e], n, D, pl.wMu[0], pl.bMu[0], g0, pl.m0, g0 * 16, 0);
      k.dense(this.train.x2![e], D * 4, batch.idx[e], n, D, pl.wVar[0], pl.bVar[0], g0, pl.s0, g0 * 16, 0);
      k.sqrt_inplace(pl.s0, n * g0);
      for (let s = 0; s < K; s++) {
        k.normals(this.state, pl.eps[s][0], n * g0);
        k.lrt_h(pl.m0, pl.s0, pl.eps[s][0], pl.h[s][0], n * g0, L > 0 ? 1 : 0);
        for (let l = 1; l <= L; l++) {
          const p = pl.layers[l], gin = pl.layers[l - 1].groups;
          k.square(pl.h[s][l - 1], pl.hsq[s][l - 1], n * gin);
          k.dense(pl.h[s][l - 1], gin * 16, 0, n, p.kIn, pl.wMu[l], pl.bMu[l], p.groups, pl.mTmp, p.groups * 16, 0);
          k.dense(pl.hsq[s][l - 1], gin * 16, 0, n, p.kIn, pl.wVar[l], pl.bVar[l], p.groups, pl.s[s][l], p.groups * 16, 0);
          k.sqrt_inplace(pl.s[s][l], n * p.groups);
          k.normals(this.state, pl.eps[s][l], n * p.groups);
          k.lrt_h(pl.mTmp, pl.s[s][l], pl.eps[s][l], pl.h[s][l], n * p.groups, l < L ? 1 : 0);
        }
        const f = this.k.f32, out = pl.h[s][L] / 4, en = this.energies[s], st = batch.structure[e];
        for (let r = 0; r < n; r++) en[st[r]] += f[out + 4 * r];
      }
    });
  }

  private backward(bi: number): void {
    const k = this.k.k;
    const K = this.o.samples;
    const batch = this.train.batches[bi];
    this.plans.forEach((pl, e) => {
      const f = this.k.f32;
      pl.layers.forEach((p, l) => {
        for (const at of [pl.dwMu[l], pl.dwVar[l]]) f.fill(0, at / 4, at / 4 + p.groups * p.kIn * 4);
        for (const at of [pl.dbMu[l], pl.dbVar[l]]) f.fill(0, at / 4, at / 4 + p.groups * 4);
      });
      const n = batch.count[e];
      if (n === 0) return;
      const L = pl.layers.length - 1;
      const g0 = pl.layers[0].groups, D = pl.dim;
      f.fill(0, pl.dz0 / 4, pl.dz0 / 4 + n * g0 * 4);
      f.fill(0, pl.dv0 / 4, pl.dv0 / 4 + n * g0 * 4);
      const st = batch.structure[e];
      for (let s = 0; s < K; s++) {
        for (let r = 0; r < n; r++) f[pl.dOut / 4 + 4 * r] = this.dE[s][st[r]];
        let dz = pl.dOut;
        for (let l = L; l >= 1; l--) {
          const p = pl.layers[l], gin = pl.layers[l - 1].groups;
          const h = pl.h[s][l - 1], hsq = pl.hsq[s][l - 1];
          k.outer_acc(h, gin * 16, 0, n, p.kIn, dz, p.groups, pl.dwMu[l], pl.dbMu[l]);
          k.lrt_dv(dz, pl.eps[s][l], pl.s[s][l], pl.dv, n * p.groups);
          k.outer_acc(hsq, gin * 16, 0, n, p.kIn, pl.dv, p.groups, pl.dwVar[l], pl.dbVar[l]);
          const next = dz === pl.bufA ? pl.bufB : pl.bufA;
          k.dense(dz, p.groups * 16, 0, n, 4 * p.groups, pl.wMuT[l], pl.zeros, gin, next, gin * 16, 0);
          k.dense(pl.dv, p.groups * 16, 0, n, 4 * p.groups, pl.wVarT[l], pl.zeros, gin, pl.dh2, gin * 16, 0);
          k.fma_2h(next, pl.dh2, h, n * gin);
          k.tanh_back(next, h, n * gin);
          dz = next;
        }
        // Layer 0 (hidden when L ≥ 1): its gradients need only the sums over samples.
        k.add_into(pl.dz0, dz, n * g0);
        k.lrt_dv(dz, pl.eps[s][0], pl.s0, pl.dv, n * g0);
        k.add_into(pl.dv0, pl.dv, n * g0);
      }
      k.outer_acc(this.train.x[e], D * 4, batch.idx[e], n, D, pl.dz0, g0, pl.dwMu[0], pl.dbMu[0]);
      k.outer_acc(this.train.x2![e], D * 4, batch.idx[e], n, D, pl.dv0, g0, pl.dwVar[0], pl.dbVar[0]);
    });
  }

  /** Kernel gradients → d(data)/dμ and d(data)/dρ = d/dσ²·2σ² in `grad` [2P]. */
  private unpack(x: Float32Array, grad: Float32Array): void {
    const f = this.k.f32;
    const p = this.layout.size;
    for (const pl of this.plans) {
      pl.layers.forEach((L, l) => {
        for (let i = 0; i < L.rows; i++) {
          for (let j = 0; j < L.cols; j++) {
            const at = ((j >> 2) * L.kIn + i) * 4 + (j & 3);
            const q = L.wOffset + i * L.cols + j;
            grad[q] = f[pl.dwMu[l] / 4 + at];
            grad[p + q] = f[pl.dwVar[l] / 4 + at] * 2 * Math.exp(2 * x[p + q]);
          }
        }
        for (let j = 0; j < L.cols; j++) {
          const q = L.bOffset + j;
          grad[q] = f[pl.dbMu[l] / 4 + j];
          grad[p + q] = f[pl.dbVar[l] / 4 + j] * 2 * Math.exp(2 * x[p + q]);
        }
      });
    }
  }
}
