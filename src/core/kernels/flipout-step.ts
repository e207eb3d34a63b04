/**
 * Energy-only Flipout BNN steps (methods.md §5) on the wasm kernels. Per sample, one perturbation
 * ΔW = σ⊙ε (and Δb) shared by every row, decorrelated per row by random signs:
 *   z = h·W_μ + b_μ + ((h⊙s_in)·ΔW)⊙s_out + Δb,
 * and backward, from dz:  ∂W_μ = hᵀdz,  ∂ΔW = (h⊙s_in)ᵀ(dz⊙s_out),  ∂b = ∂Δb = Σ dz,
 *   dh = dz·W_μᵀ + ((dz⊙s_out)·ΔWᵀ)⊙s_in;  then ∂μ = ∂W_μ, ∂ρ = Σ_k ∂ΔW_k⊙σ⊙ε_k.
 * Layer 0's mean product X·W_μ runs once for all samples. ε (P per sample) and the signs come from the
 * kernels' generator, seeded from the trainer's Rng every step (ε first: drawn in JS it took ~100 µs a step). The data term and the KL are those of lrt-step.ts.
 */
import type { Standardisation } from '../descriptors/types';
import type { MlpKernel } from './mlp-kernel';
import type { ParamLayout } from '../models/layout';
import { kernelLayers, layerMap, packMapped, seedGenerator, type BnnTerms, type KernelLayer, type LayerMap } from './bnn-parts';
import { SampledKernelStep, sampledForceBuffers, type SampledForceBuffers } from './sampled-step';
import { packedAt, type ForceBatch } from './rows';
import type { RowWindow } from './row-window';
import type { Rng } from '../rng';
import type { TrainingSample } from '../data/samples';

interface LayerPlan extends KernelLayer { inWidth: number }

interface ElementPlan {
  dim: number;
  layers: LayerPlan[];
  /** Per layer, where its θ entries go in the packed weights and come from in the gradients. */
  maps: LayerMap[];
  wMu: number[]; bMu: number[]; wMuT: number[];
  /** Per sample and layer: ΔW packed forward and transposed, Δb. */
  wD: number[][]; wDT: number[][]; bD: number[][];
  dwMu: number[]; dwD: number[][]; dbScratch: number;
  zeros: number; m0: number; mTmp: number; pTmp: number; bufA: number; bufB: number; dzs: number; dz0: number;
  /** Per sample and layer: signs in and out, signed inputs h⊙s_in, outputs h. */
  sIn: number[][]; sOut: number[][]; hs: number[][]; h: number[][];
  dOut: number;
  force: FlipoutForcePlan | null;
}

/**
 * Force buffers for the force structures' rows (a prefix of n_f rows). Tangent pass per sample from δ_L = 1:
 * d = s_out⊙δ (kept), a = W_μ δ + s_in⊙(ΔW d), δ_{l−1} = a⊙(1 − h²), down to g = ∂E/∂G̃; F = −J g.
 */
interface FlipoutForcePlan extends SampledForceBuffers {
  ds: number[][]; tmp: number; wMuT0: number; wDT0: number[];
}

export class KernelFlipoutStep extends SampledKernelStep {
  private readonly plans: ElementPlan[];
  /** The last draw's perturbation noise ε [K·P] (copied here from `epsAt` every step), and where the kernels draw it. */
  private readonly eps: Float32Array;
  private readonly epsAt: number;
  /** σ = e^ρ of the last draw's x, per parameter (float64, as packed and as the chain rule to ρ uses it). */
  private readonly sigma: Float64Array;
  /** Per sample, the perturbation σ⊙ε of the last draw [P]. */
  private readonly perturbations: Float64Array[];
  /** Per sample, Σ_rows dz per bias (θ layout): ∂b_μ and ∂Δb of that sample. */
  private readonly dBias: Float64Array[];

  /** `forceLoss`: force training (α and σ_F), or null for energies only; `window`: see SampledKernelStep. */
  constructor(
    k: MlpKernel, layout: ParamLayout, train: readonly TrainingSample[], batches: readonly number[][],
    std: readonly Standardisation[], o: BnnTerms, forceLoss: { alpha: number; sigma: number } | null = null, window: RowWindow | null = null,
  ) {
    super(k, layout, train, batches, std, o, forceLoss, false, window);
    this.plans = layout.elements.map((_, e) => this.plan(e, this.maxRows[e], this.forceRows[e]));
    this.dBias = Array.from({ length: o.samples }, () => new Float64Array(layout.size));
    this.sigma = new Float64Array(layout.size);
    this.perturbations = Array.from({ length: o.samples }, () => new Float64Array(layout.size));
    this.eps = new Float32Array(o.samples * layout.size);
    this.epsAt = k.alloc(Math.ceil(this.eps.length / 4) * 4);
  }

  private plan(e: number, n: number, nf: number): ElementPlan {
    const k = this.k;
    const K = this.o.samples;
    const layers: LayerPlan[] = kernelLayers(this.layout, e).map((L) => ({ ...L, inWidth: Math.ceil(L.kIn / 4) * 4 }));
    const per = (f: (p: LayerPlan, l: number) => number) => layers.map(f);
    const perSample = (f: (p: LayerPlan, l: number) => number) => Array.from({ length: K }, () => layers.map(f));
    const wide = Math.max(...layers.map((p) => p.groups));
    const transposed = (p: LayerPlan, l: number) => (l ? k.alloc(layers[l - 1].groups * 4 * p.groups * 4) : 0);
    return {
      dim: layers[0].rows, layers, maps: layers.map((p, l) => layerMap(p, l, l ? layers[l - 1].groups : 0)),
      wMu: per((p) => k.alloc(p.groups * p.kIn * 4)), bMu: per((p) => k.alloc(p.groups * 4)), wMuT: per(transposed),
      wD: perSample((p) => k.alloc(p.groups * p.kIn * 4)), wDT: perSample(transposed), bD: perSample((p) => k.alloc(p.groups * 4)),
      dwMu: per((p) => k.alloc(p.groups * p.kIn * 4)), dwD: perSample((p) => k.alloc(p.groups * p.kIn * 4)), dbScratch: k.alloc(wide * 4 * 4),
      zeros: k.alloc(wide * 4),
      m0: k.alloc(n * layers[0].groups * 4), mTmp: k.alloc(n * wide * 4), pTmp: k.alloc(n * wide * 4),
      bufA: k.alloc(n * wide * 4), bufB: k.alloc(n * wide * 4), dzs: k.alloc(n * wide * 4), dz0: k.alloc(n * layers[0].groups * 4),
      sIn: perSample((p) => k.alloc(n * p.inWidth)), sOut: perSample((p) => k.alloc(n * p.groups * 4)),
      hs: perSample((p) => k.alloc(n * p.inWidth + 4)), h: perSample((p) => k.alloc(n * p.groups * 4)),
      dOut: k.alloc(n * 4),
      force: nf ? this.forcePlan(layers, nf) : null,
    };
  }

  private forcePlan(layers: LayerPlan[], n: number): FlipoutForcePlan {
    const k = this.k, K = this.o.samples, L = layers.length - 1;
    const common = sampledForceBuffers(k, layers, n, K);
    const { dp } = common;
    const g0 = layers[0].groups, wide = Math.max(...layers.map((p) => p.groups));
    return {
      ...common,
      ds: Array.from({ length: K }, () => Array.from({ length: L + 1 }, (_, l) => k.alloc(n * layers[l].groups * 4))),
      tmp: k.alloc(n * Math.max(dp, 4 * wide)),
      wMuT0: k.alloc(dp * 4 * g0), wDT0: Array.from({ length: K }, () => k.alloc(dp * 4 * g0)),
    };
  }

  private pack(x: Float32Array): void {
    const p = this.layout.size, sig = this.sigma, K = this.o.samples;
    for (let q = 0; q < p; q++) sig[q] = Math.exp(x[p + q]);
    // ΔW_k = σ⊙ε_k per sample (float64 products, rounded to float32 in the kernels' buffers).
    const dw = this.perturbations;
    for (let s = 0; s < K; s++) for (let q = 0; q < p; q++) dw[s][q] = sig[q] * this.eps[s * p + q];
    const f = this.k.f32;
    for (const pl of this.plans) {
      pl.layers.forEach((L, l) => {
        packMapped(f, pl.maps[l], x, pl.wMu[l], pl.wMuT[l], pl.bMu[l]);
        for (let s = 0; s < K; s++) packMapped(f, pl.maps[l], dw[s], pl.wD[s][l], pl.wDT[s][l], pl.bD[s][l]);
        if (l === 0 && pl.force) {
          // Layer 0 transposed (groups over the padded descriptor), for g = W_0 δ_0 + s_in⊙(ΔW_0 d_0).
          const { dp } = pl.force, kT = 4 * L.groups;
          const put = (at: number, value: (q: number) => number) => {
            f.fill(0, at / 4, at / 4 + dp * kT);
            for (let i = 0; i < L.rows; i++) for (let j = 0; j < L.cols; j++) f[at / 4 + packedAt(i >> 2, j, i & 3, kT, dp / 4)] = value(L.wOffset + i * L.cols + j);
          };
          put(pl.force.wMuT0, (q) => x[q]);
          for (let s = 0; s < K; s++) put(pl.force.wDT0[s], (q) => dw[s][q]);
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


  protected draw(x: Float32Array, rng: Rng): void {
    seedGenerator(this.k, this.state, this.scratch, rng);
    const n = this.eps.length;
    this.k.k.normals(this.state, this.epsAt, Math.ceil(n / 4));
    this.eps.set(this.k.f32.subarray(this.epsAt / 4, this.epsAt / 4 + n));
    this.pack(x);
  }

  /** Tangent pass of every sample (after forward): g = ∂E/∂G̃ of the force rows, then F = −J g. */
  protected tangent(_bi: number, fb: ForceBatch): void {
    const k = this.k.k, K = this.o.samples;
    for (let s = 0; s < K; s++) this.k.f32.fill(0, this.forces[s] / 4, this.forces[s] / 4 + fb.atoms * 4);
    this.plans.forEach((pl, e) => {
      const n = fb.rows[e], fp = pl.force!;
      if (n === 0) return;
      const L = pl.layers.length - 1, g0 = pl.layers[0].groups;
      for (let s = 0; s < K; s++) {
        let d = fp.ones;
        for (let l = L; l >= 1; l--) {
          const p = pl.layers[l], gin = pl.layers[l - 1].groups, h = pl.h[s][l - 1];
          k.mul_into(fp.ds[s][l], d, pl.sOut[s][l], n * p.groups);
          k.dense(d, p.groups * 16, 0, n, 4 * p.groups, pl.wMuT[l], pl.zeros, gin, fp.a[s][l - 1], gin * 16, 0);
          k.dense(fp.ds[s][l], p.groups * 16, 0, n, 4 * p.groups, pl.wDT[s][l], pl.zeros, gin, fp.tmp, gin * 16, 0);
          k.fma_into(fp.a[s][l - 1], fp.tmp, pl.sIn[s][l], n * gin);
          k.slope_mul(fp.a[s][l - 1], h, gin * 16, fp.delta[s][l - 1], n, gin);
          d = fp.delta[s][l - 1];
        }
        k.mul_into(fp.ds[s][0], d, pl.sOut[s][0], n * g0);
        k.dense(d, g0 * 16, 0, n, 4 * g0, fp.wMuT0, fp.zerosD, fp.dp / 4, fp.g, fp.dp * 4, 0);
        k.dense(fp.ds[s][0], g0 * 16, 0, n, 4 * g0, fp.wDT0[s], fp.zerosD, fp.dp / 4, fp.tmpD, fp.dp * 4, 0);
        k.fma_into(fp.g, fp.tmpD, pl.sIn[s][0], (n * fp.dp) / 4);
        k.jac_forces(fp.g, fp.dp * 4, fb.pairs[e], fb.blocks[e], fb.count[e], fp.dp, this.forces[s]);
      }
    });
  }

  /**
   * The reverse of the tangent pass of sample s for Φ = Σ u·g (u = −Jᵀ∂loss/∂F): gradients of W_μ and ΔW,
   * and h̄_l (from the slopes) into fp.hbar for the energy backward.
   */
  private forceReverse(e: number, s: number, fb: ForceBatch): void {
    const k = this.k.k, pl = this.plans[e], fp = pl.force!, n = fb.rows[e];
    const L = pl.layers.length - 1, D = pl.dim;
    this.k.f32.fill(0, fp.u / 4, fp.u / 4 + n * fp.dp);
    k.jac_back(this.dForces[s], fb.pairs[e], fb.blocks[e], fb.count[e], fp.dp, fp.u, fp.dp * 4);
    for (let l = 0; l <= L; l++) {
      const p = pl.layers[l];
      const delta = l === L ? fp.ones : fp.delta[s][l];
      const [abar, as, kIn, width] = l === 0 ? [fp.u, fp.dp * 4, D, fp.dp] : [fp.abar, pl.layers[l - 1].groups * 16, p.kIn, p.kIn];
      k.outer_acc(abar, as, 0, n, kIn, delta, p.groups, pl.dwMu[l], pl.dbScratch);
      k.dense(abar, as, 0, n, kIn, pl.wMu[l], pl.zeros, p.groups, fp.dbar, p.groups * 16, 0);
      // r = ā⊙s_in reaches ΔW through d = s_out⊙δ, and δ through ΔW: δ̄ += s_out⊙(r·ΔW).
      k.mul_into(fp.r, abar, pl.sIn[s][l], (n * width) / 4);
      k.outer_acc(fp.r, as, 0, n, kIn, fp.ds[s][l], p.groups, pl.dwD[s][l], pl.dbScratch);
      k.dense(fp.r, as, 0, n, kIn, pl.wD[s][l], pl.zeros, p.groups, fp.tmp, p.groups * 16, 0);
      k.fma_into(fp.dbar, fp.tmp, pl.sOut[s][l], n * p.groups);
      if (l < L) k.force_mid(fp.dbar, fp.a[s][l], pl.h[s][l], p.groups * 16, fp.abar, fp.hbar[l], n, p.groups);
    }
  }

  protected forward(bi: number): void {
    const k = this.k.k;
    const K = this.o.samples;
    this.forEachElement(bi, (e, n, batch) => {
      const pl = this.plans[e], L = pl.layers.length - 1;
      const l0 = pl.layers[0], g0 = l0.groups, D = pl.dim;
      k.dense(this.train.x[e], D * 4, batch.idx[e], n, D, pl.wMu[0], pl.bMu[0], g0, pl.m0, g0 * 16, 0);
      for (let s = 0; s < K; s++) {
        this.drawRows('signs', pl.sIn[s][0], l0.inWidth / 4, bi, e, n);
        this.drawRows('signs', pl.sOut[s][0], g0, bi, e, n);
        k.gather_mul(this.train.x[e], D * 4, batch.idx[e], n, l0.inWidth, pl.sIn[s][0], pl.hs[s][0]);
        k.dense(pl.hs[s][0], l0.inWidth * 4, 0, n, D, pl.wD[s][0], pl.zeros, g0, pl.pTmp, g0 * 16, 0);
        k.flip_z(pl.m0, pl.pTmp, pl.sOut[s][0], pl.bD[s][0], pl.h[s][0], n, g0, L > 0 ? 1 : 0);
        for (let l = 1; l <= L; l++) {
          const p = pl.layers[l], gin = pl.layers[l - 1].groups;
          this.drawRows('signs', pl.sIn[s][l], gin, bi, e, n);
          this.drawRows('signs', pl.sOut[s][l], p.groups, bi, e, n);
          k.mul_into(pl.hs[s][l], pl.h[s][l - 1], pl.sIn[s][l], n * gin);
          k.dense(pl.h[s][l - 1], gin * 16, 0, n, p.kIn, pl.wMu[l], pl.bMu[l], p.groups, pl.mTmp, p.groups * 16, 0);
          k.dense(pl.hs[s][l], gin * 16, 0, n, p.kIn, pl.wD[s][l], pl.zeros, p.groups, pl.pTmp, p.groups * 16, 0);
          k.flip_z(pl.mTmp, pl.pTmp, pl.sOut[s][l], pl.bD[s][l], pl.h[s][l], n, p.groups, l < L ? 1 : 0);
        }
        this.addEnergies(s, pl.h[s][L], batch, e, n);
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

  protected backward(bi: number, fb: ForceBatch | null): void {
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
      const nf = fb && pl.force ? fb.rows[e] : 0;
      for (let s = 0; s < K; s++) {
        if (nf > 0) this.forceReverse(e, s, fb!);
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
          if (nf > 0) k.add_into(next, pl.force!.hbar[l - 1], nf * gin);
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
  protected unpack(x: Float32Array, grad: Float32Array): void {
    const f = this.k.f32;
    const p = this.layout.size, K = this.o.samples;
    for (const pl of this.plans) {
      pl.layers.forEach((L, l) => {
        const m = pl.maps[l], mu = pl.dwMu[l] / 4, dd = pl.dwD.map((w) => w[l] / 4);
        for (let k = 0; k < m.q.length; k++) {
          const q = m.q[k], at = m.dw[k];
          grad[q] = f[mu + at];
          let d = 0;
          for (let s = 0; s < K; s++) d += f[dd[s] + at] * this.eps[s * p + q];
          grad[p + q] = d * this.sigma[q];
        }
        for (let j = 0; j < L.cols; j++) {
          const q = L.bOffset + j;
          let dMu = 0, dRho = 0;
          for (let s = 0; s < K; s++) { dMu += this.dBias[s][q]; dRho += this.dBias[s][q] * this.eps[s * p + q]; }
          grad[q] = dMu;
          grad[p + q] = dRho * this.sigma[q];
        }
      });
    }
  }
}
