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
import type { MlpKernel } from './mlp-kernel';
import type { ParamLayout } from '../models/layout';
import { kernelLayers, layerMap, packMapped, seedGenerator, type BnnTerms, type KernelLayer, type LayerMap } from './bnn-parts';
import { SampledKernelStep, sampledForceBuffers, type SampledForceBuffers } from './sampled-step';
import { packedAt, type ForceBatch } from './rows';
import type { RowWindow } from './row-window';
import type { Rng } from '../rng';
import type { TrainingSample } from '../data/samples';

type LayerPlan = KernelLayer;

interface ElementPlan {
  dim: number;
  layers: LayerPlan[];
  /** Per layer, where its θ entries go in the packed weights and come from in the gradients. */
  maps: LayerMap[];
  wMu: number[]; bMu: number[]; wVar: number[]; bVar: number[];
  /** Transposed weights for layers ≥ 1 (index by layer; [0] unused). */
  wMuT: number[]; wVarT: number[];
  dwMu: number[]; dbMu: number[]; dwVar: number[]; dbVar: number[];
  zeros: number;
  m0: number; s0: number;
  /** Per sample k and layer l: outputs h, their squares (inputs of l + 1), standard deviations s, noise ε. */
  h: number[][]; hsq: number[][]; s: number[][]; eps: number[][];
  mTmp: number; bufA: number; bufB: number; dv: number; dh2: number; dz0: number; dv0: number; dOut: number;
  force: LrtForcePlan | null;
}

/**
 * Force buffers for the force structures' rows (a prefix of n_f rows). Tangent pass per sample, for each layer
 * from the top with δ_L = 1: t = δ⊙ε/(2s), a = W_μ δ + 2h⊙(W_σ² t) (q = W_σ² t kept), δ_{l−1} = a⊙(1 − h²),
 * down to g = ∂E/∂G̃; forces F = −J g. The reverse for Φ = Σ u·g (u = −Jᵀ∂loss/∂F) adds to the weight
 * gradients and injects h̄ into the energy backward (see forceReverse).
 */
interface LrtForcePlan extends SampledForceBuffers {
  t: number[][]; q: number[][];
  tbar: number; vbar: number; tmp: number; wMuT0: number; wVarT0: number; dbScratch: number;
}

export class KernelLrtStep extends SampledKernelStep {
  private readonly plans: ElementPlan[];
  /** σ² = e^{2ρ} of the last draw's x, per parameter (float64, as packed and as the chain rule to ρ uses it). */
  private readonly sig2: Float64Array;

  /** `forceLoss`: force training (α and σ_F), or null for energies only; `window`: see SampledKernelStep. */
  constructor(
    k: MlpKernel, layout: ParamLayout, train: readonly TrainingSample[], batches: readonly number[][],
    std: readonly Standardisation[], o: BnnTerms, forceLoss: { alpha: number; sigma: number } | null = null, window: RowWindow | null = null,
  ) {
    super(k, layout, train, batches, std, o, forceLoss, true, window);
    this.plans = layout.elements.map((_, e) => this.plan(e, this.maxRows[e], this.forceRows[e]));
    this.sig2 = new Float64Array(layout.size);
  }

  private plan(e: number, n: number, nf: number): ElementPlan {
    const k = this.k;
    const K = this.o.samples;
    const layers = kernelLayers(this.layout, e);
    const per = (f: (p: LayerPlan, l: number) => number) => layers.map(f);
    const wide = Math.max(...layers.map((p) => p.groups));
    const g0 = layers[0].groups;
    return {
      dim: layers[0].rows, layers, maps: layers.map((p, l) => layerMap(p, l, l ? layers[l - 1].groups : 0)),
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
      force: nf ? this.forcePlan(layers, nf) : null,
    };
  }

  private forcePlan(layers: LayerPlan[], n: number): LrtForcePlan {
    const k = this.k, K = this.o.samples, L = layers.length - 1;
    const common = sampledForceBuffers(k, layers, n, K);
    const { dp } = common;
    const g0 = layers[0].groups, wide = Math.max(...layers.map((p) => p.groups));
    const perSample = (f: (l: number) => number, count: number) => Array.from({ length: K }, () => Array.from({ length: count }, (_, l) => f(l)));
    return {
      ...common,
      t: perSample((l) => k.alloc(n * layers[l].groups * 4), L + 1),
      q: perSample((l) => (l ? k.alloc(n * layers[l - 1].groups * 4) : 0), L + 1),
      tbar: k.alloc(n * wide * 4), vbar: k.alloc(n * wide * 4), tmp: k.alloc(n * wide * 4),
      wMuT0: k.alloc(dp * 4 * g0), wVarT0: k.alloc(dp * 4 * g0), dbScratch: k.alloc(Math.max(wide, dp / 4) * 4),
    };
  }

  /** Means and variances (σ² = e^{2ρ}, kept in sig2 for unpack) of x = [μ; ρ] into every element's kernel weights; padding stays 0. */
  private pack(x: Float32Array): void {
    const p = this.layout.size, f = this.k.f32, v = this.sig2;
    for (let q = 0; q < p; q++) v[q] = Math.exp(2 * x[p + q]);
    for (const pl of this.plans) {
      pl.layers.forEach((L, l) => {
        packMapped(f, pl.maps[l], x, pl.wMu[l], pl.wMuT[l], pl.bMu[l]);
        packMapped(f, pl.maps[l], v, pl.wVar[l], pl.wVarT[l], pl.bVar[l]);
        if (l === 0 && pl.force) {
          // Layer 0 transposed (groups over the padded descriptor), for g = W_0 δ_0 + 2x⊙(W_σ²,0 t_0).
          const { wMuT0, wVarT0, dp } = pl.force, kT = 4 * L.groups;
          f.fill(0, wMuT0 / 4, wMuT0 / 4 + dp * kT);
          f.fill(0, wVarT0 / 4, wVarT0 / 4 + dp * kT);
          for (let i = 0; i < L.rows; i++) {
            for (let j = 0; j < L.cols; j++) {
              const q = L.wOffset + i * L.cols + j, at = packedAt(i >> 2, j, i & 3, kT, dp / 4);
              f[wMuT0 / 4 + at] = x[q];
              f[wVarT0 / 4 + at] = v[q];
            }
          }
        }
      });
    }
  }

  protected override variances(): Float64Array {
    return this.sig2;
  }

  protected draw(x: Float32Array, rng: Rng): void {
    this.pack(x);
    seedGenerator(this.k, this.state, this.scratch, rng);
  }

  /** The noise the last step drew for element e, sample s, layer l: [rows][4·groups] (for tests). */
  lastNoise(bi: number, e: number, s: number, l: number): Float32Array {
    const pl = this.plans[e];
    const n = this.train.batches[bi].count[e] * pl.layers[l].groups * 4;
    return this.k.f32.slice(pl.eps[s][l] / 4, pl.eps[s][l] / 4 + n);
  }


  /** Tangent pass of every sample (after forward): g = ∂E/∂G̃ of the force rows, then F = −J g. */
  protected tangent(bi: number, fb: ForceBatch): void {
    const k = this.k.k, K = this.o.samples;
    const batch = this.train.batches[bi];
    for (let s = 0; s < K; s++) this.k.f32.fill(0, this.forces[s] / 4, this.forces[s] / 4 + fb.atoms * 4);
    this.plans.forEach((pl, e) => {
      const n = fb.rows[e], fp = pl.force!;
      if (n === 0) return;
      const L = pl.layers.length - 1, g0 = pl.layers[0].groups, D = pl.dim;
      for (let s = 0; s < K; s++) {
        let d = fp.ones;
        for (let l = L; l >= 0; l--) {
          const p = pl.layers[l];
          k.lrt_dv(d, pl.eps[s][l], l ? pl.s[s][l] : pl.s0, fp.t[s][l], n * p.groups);
          if (l === 0) break;
          const gin = pl.layers[l - 1].groups, h = pl.h[s][l - 1];
          k.dense(d, p.groups * 16, 0, n, 4 * p.groups, pl.wMuT[l], pl.zeros, gin, fp.a[s][l - 1], gin * 16, 0);
          k.dense(fp.t[s][l], p.groups * 16, 0, n, 4 * p.groups, pl.wVarT[l], pl.zeros, gin, fp.q[s][l], gin * 16, 0);
          k.fma_2h(fp.a[s][l - 1], fp.q[s][l], h, n * gin);
          k.slope_mul(fp.a[s][l - 1], h, gin * 16, fp.delta[s][l - 1], n, gin);
          d = fp.delta[s][l - 1];
        }
        // g = W_0 δ_0 + 2x⊙(W_σ²,0 t_0)
        k.dense(d, g0 * 16, 0, n, 4 * g0, fp.wMuT0, fp.zerosD, fp.dp / 4, fp.g, fp.dp * 4, 0);
        k.dense(fp.t[s][0], g0 * 16, 0, n, 4 * g0, fp.wVarT0, fp.zerosD, fp.dp / 4, fp.tmpD, fp.dp * 4, 0);
        k.gather_mul(this.train.x[e], D * 4, batch.idx[e], n, fp.dp, fp.tmpD, fp.r);
        k.add_into(fp.g, fp.r, (n * fp.dp) / 4);
        k.add_into(fp.g, fp.r, (n * fp.dp) / 4);
        k.jac_forces(fp.g, fp.dp * 4, fb.pairs[e], fb.blocks[e], fb.count[e], fp.dp, this.forces[s]);
      }
    });
  }

  /**
   * The reverse of the tangent pass of sample s for Φ = Σ u·g: weight gradients into dw/db, and h̄_l (the
   * force loss's gradient with respect to the hidden outputs) into fp.hbar for the energy backward.
   */
  private forceReverse(bi: number, e: number, s: number, fb: ForceBatch): void {
    const k = this.k.k, pl = this.plans[e], fp = pl.force!, n = fb.rows[e];
    const batch = this.train.batches[bi];
    const L = pl.layers.length - 1, D = pl.dim;
    this.k.f32.fill(0, fp.u / 4, fp.u / 4 + n * fp.dp);
    k.jac_back(this.dForces[s], fb.pairs[e], fb.blocks[e], fb.count[e], fp.dp, fp.u, fp.dp * 4);
    for (let l = 0; l <= L; l++) {
      const p = pl.layers[l];
      const delta = l === L ? fp.ones : fp.delta[s][l];
      const eps = pl.eps[s][l], std = l ? pl.s[s][l] : pl.s0;
      // ā: u for layer 0, else fp.abar; the layer's input x: the descriptors, else h_{l−1}.
      const [abar, as, kIn] = l === 0 ? [fp.u, fp.dp * 4, D] : [fp.abar, pl.layers[l - 1].groups * 16, p.kIn];
      k.outer_acc(abar, as, 0, n, kIn, delta, p.groups, pl.dwMu[l], fp.dbScratch);
      k.dense(abar, as, 0, n, kIn, pl.wMu[l], pl.zeros, p.groups, fp.dbar, p.groups * 16, 0);
      // r = 2ā⊙x, the gradient reaching q = W_σ² t.
      if (l === 0) {
        k.gather_mul(this.train.x[e], D * 4, batch.idx[e], n, fp.dp, fp.u, fp.r);
        k.add_into(fp.r, fp.r, (n * fp.dp) / 4);
      } else {
        const gin = pl.layers[l - 1].groups;
        this.k.f32.fill(0, fp.r / 4, fp.r / 4 + n * gin * 4);
        k.fma_2h(fp.r, fp.abar, pl.h[s][l - 1], n * gin);
        k.fma_2h(fp.hbar[l - 1], fp.q[s][l], fp.abar, n * gin);
      }
      k.outer_acc(fp.r, as, 0, n, kIn, fp.t[s][l], p.groups, pl.dwVar[l], fp.dbScratch);
      k.dense(fp.r, as, 0, n, kIn, pl.wVar[l], pl.zeros, p.groups, fp.tbar, p.groups * 16, 0);
      if (l === L) this.k.f32.fill(0, fp.dbar / 4, fp.dbar / 4 + n * p.groups * 4); // δ_L = 1 is constant
      k.lrt_force_mid(fp.tbar, eps, std, delta, fp.dbar, fp.vbar, n * p.groups);
      if (l === 0) {
        k.outer_acc(this.train.x2![e], D * 4, batch.idx[e], n, D, fp.vbar, p.groups, pl.dwVar[0], pl.dbVar[0]);
      } else {
        const gin = pl.layers[l - 1].groups;
        k.outer_acc(pl.hsq[s][l - 1], gin * 16, 0, n, p.kIn, fp.vbar, p.groups, pl.dwVar[l], pl.dbVar[l]);
        k.dense(fp.vbar, p.groups * 16, 0, n, 4 * p.groups, pl.wVarT[l], pl.zeros, gin, fp.tmp, gin * 16, 0);
        k.fma_2h(fp.hbar[l - 1], fp.tmp, pl.h[s][l - 1], n * gin);
      }
      if (l < L) k.force_mid(fp.dbar, fp.a[s][l], pl.h[s][l], p.groups * 16, fp.abar, fp.hbar[l], n, p.groups);
    }
  }

  protected forward(bi: number): void {
    const k = this.k.k;
    const K = this.o.samples;
    this.forEachElement(bi, (e, n, batch) => {
      const pl = this.plans[e], L = pl.layers.length - 1;
      const g0 = pl.layers[0].groups, D = pl.dim;
      k.dense(this.train.x[e], D * 4, batch.idx[e], n, D, pl.wMu[0], pl.bMu[0], g0, pl.m0, g0 * 16, 0);
      k.dense(this.train.x2![e], D * 4, batch.idx[e], n, D, pl.wVar[0], pl.bVar[0], g0, pl.s0, g0 * 16, 0);
      k.sqrt_inplace(pl.s0, n * g0);
      for (let s = 0; s < K; s++) {
        this.drawRows('normals', pl.eps[s][0], g0, bi, e, n);
        k.lrt_h(pl.m0, pl.s0, pl.eps[s][0], pl.h[s][0], n * g0, L > 0 ? 1 : 0);
        for (let l = 1; l <= L; l++) {
          const p = pl.layers[l], gin = pl.layers[l - 1].groups;
          k.square(pl.h[s][l - 1], pl.hsq[s][l - 1], n * gin);
          k.dense(pl.h[s][l - 1], gin * 16, 0, n, p.kIn, pl.wMu[l], pl.bMu[l], p.groups, pl.mTmp, p.groups * 16, 0);
          k.dense(pl.hsq[s][l - 1], gin * 16, 0, n, p.kIn, pl.wVar[l], pl.bVar[l], p.groups, pl.s[s][l], p.groups * 16, 0);
          k.sqrt_inplace(pl.s[s][l], n * p.groups);
          this.drawRows('normals', pl.eps[s][l], p.groups, bi, e, n);
          k.lrt_h(pl.mTmp, pl.s[s][l], pl.eps[s][l], pl.h[s][l], n * p.groups, l < L ? 1 : 0);
        }
        this.addEnergies(s, pl.h[s][L], batch, e, n);
      }
    });
  }

  protected backward(bi: number, fb: ForceBatch | null): void {
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
      const nf = fb && pl.force ? fb.rows[e] : 0;
      for (let s = 0; s < K; s++) {
        if (nf > 0) this.forceReverse(bi, e, s, fb!);
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
          if (nf > 0) k.add_into(next, pl.force!.hbar[l - 1], nf * gin);
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
  protected unpack(x: Float32Array, grad: Float32Array): void {
    const f = this.k.f32;
    const p = this.layout.size;
    const v = this.sig2;
    for (const pl of this.plans) {
      pl.layers.forEach((_, l) => {
        const m = pl.maps[l], mu = pl.dwMu[l] / 4, va = pl.dwVar[l] / 4;
        for (let k = 0; k < m.q.length; k++) {
          const q = m.q[k];
          grad[q] = f[mu + m.dw[k]];
          grad[p + q] = f[va + m.dw[k]] * 2 * v[q];
        }
        const bm = pl.dbMu[l] / 4, bv = pl.dbVar[l] / 4;
        for (let j = 0; j < m.bq.length; j++) {
          const q = m.bq[j];
          grad[q] = f[bm + j];
          grad[p + q] = f[bv + j] * 2 * v[q];
        }
      });
    }
  }
}
