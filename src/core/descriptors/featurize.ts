/**
 * aenet's Chebyshev descriptor (methods.md §2) and its analytic derivatives with respect to every
 * atom's position. This is the hot path of the whole product, so it is written as flat loops over
 * typed arrays with buffers reused between structures; no per-neighbour objects.
 *
 * Derivatives: for neighbour image j of atom i, ∂G/∂R_j is accumulated per image and added into the
 * block of the atom j is an image of; ∂G/∂R_i is then −Σ of the other blocks (translation
 * invariance), which also makes the contributions of i's own images cancel exactly as they should.
 * Angular terms T_n(cos θ)·f_j·f_k, cos θ = û_j·û_k, give per image j two partner sums (a scalar
 * and a vector, see angular()), split by the partner's species so the typed part (weights s_j·s_k)
 * costs no extra work per pair.
 */
import { LocatedError } from '../errors';
import type { Structure } from '../structures/types';
import type { ChebyshevSetup, StructureDescriptors } from './types';
import { NeighbourList } from './neighbours';
import { descriptorLayout, setupsByElement, typeWeights } from './setup';

/** aenet's Fortran source spells π with 15 digits; using the same literal keeps f_c identical. */
const AENET_PI = 3.14159265358979;

export interface FeaturizeOptions {
  /** Compute ∂G_i/∂R_k (SparseJacobian). */
  derivatives?: boolean;
  /**
   * Keep the Jacobian in float32 (summed in float64, rounded once at the end). Training and prediction compute
   * in float32 and pack it scaled into float32 anyway, so their numbers move by float32 rounding only (the
   * scaling now meets a rounded value: at most an ulp per packed entry), and the Jacobian, most of a forces run's
   * memory (1.3 of 1.6 GiB on 7,815 TiO2 structures with forces on 25 %), halves. Off by default: aenet's own
   * derivatives match ours to 1e-9, beyond float32.
   */
  float32Jacobian?: boolean;
}

export type SetupCollection = Map<string, ChebyshevSetup> | Record<string, ChebyshevSetup> | ChebyshevSetup[];

interface Prepared {
  setup: ChebyshevSetup;
  D: number; nr1: number; na1: number;
  rr: number; ra: number; rcut: number;
  offA: number; offTR: number; offTA: number;
  typed: boolean;
  nsp: number;
  /** Type weight per ENV index. */
  w: Float64Array;
}

function prepare(s: ChebyshevSetup): Prepared {
  const L = descriptorLayout(s);
  return {
    setup: s, D: L.length, nr1: s.radialOrder + 1, na1: s.angularOrder + 1,
    rr: s.radialCutoff, ra: s.angularCutoff, rcut: Math.max(s.radialCutoff, s.angularCutoff),
    offA: L.angular, offTR: L.typedRadial, offTA: L.typedAngular, typed: L.typedRadial >= 0,
    nsp: s.env.length, w: Float64Array.from(typeWeights(s.env.length)),
  };
}

/** Featurizes structures with one fixed set of set-ups, reusing its buffers from call to call. */
export class Featurizer {
  readonly setups: Map<string, ChebyshevSetup>;
  private prepared = new Map<string, Prepared>();
  private nl = new NeighbourList();
  // Scratch, grown on demand.
  private ax = new Float64Array(64); private ay = new Float64Array(64); private az = new Float64Array(64);
  private air = new Float64Array(64); private af = new Float64Array(64); private adf = new Float64Array(64);
  private asp = new Int32Array(64); private aAtom = new Int32Array(64);
  private SV = new Float64Array(4096);
  private rowG = new Float64Array(64);
  private rowR = new Float64Array(64);
  private slot = new Int32Array(64);
  private mark = new Int32Array(64);
  private pairBuf = new Int32Array(1024);

  constructor(setups: SetupCollection) {
    this.setups = setupsByElement(setups);
    for (const [el, s] of this.setups) this.prepared.set(el, prepare(s));
  }

  featurize(s: Structure, opts: FeaturizeOptions = {}): StructureDescriptors {
    const deriv = opts.derivatives === true;
    const n = s.species.length;
    const where = { file: s.source?.file, line: s.source?.line };
    if (s.positions.length !== 3 * n) throw new LocatedError(`${s.name}: ${s.positions.length} coordinates for ${n} atoms`, { ...where, field: 'positions' }, `${3 * n} values`);
    for (let t = 0; t < 3 * n; t++) {
      if (!Number.isFinite(s.positions[t])) throw new LocatedError(`${s.name}: coordinate ${t % 3} of atom ${Math.floor(t / 3) + 1} is ${s.positions[t]}`, { ...where, field: 'positions' }, 'finite Cartesian coordinates (Å)');
    }
    if (s.cell && (s.cell.length !== 9 || !s.cell.every(Number.isFinite))) throw new LocatedError(`${s.name}: bad cell`, { ...where, field: 'cell' }, 'nine finite numbers (rows a1, a2, a3)');
    // Species codes, each atom's set-up, and the ENV index of each species for each set-up.
    const species = [...new Set(s.species)];
    const code = new Int32Array(n);
    const cen: Prepared[] = new Array(n);
    const used: Prepared[] = [];
    for (let i = 0; i < n; i++) {
      code[i] = species.indexOf(s.species[i]);
      const p = this.prepared.get(s.species[i]);
      if (!p) throw new LocatedError(`${s.name}: no descriptor set-up for element ${s.species[i]}`, { ...where, field: 'species' }, `one of ${[...this.prepared.keys()].join(', ')}`);
      cen[i] = p;
      if (!used.includes(p)) used.push(p);
    }
    const envIdx = new Map<Prepared, Int32Array>();
    let rmax = 0;
    for (const p of used) {
      const m = Int32Array.from(species, (el) => p.setup.env.indexOf(el));
      const missing = species.filter((_, u) => m[u] < 0);
      if (missing.length) throw new LocatedError(`${s.name}: element ${missing.join(', ')} is not in the ENV of ${p.setup.element}'s set-up`, { ...where, field: 'species' }, `only ${p.setup.env.join(', ')}`);
      envIdx.set(p, m);
      rmax = Math.max(rmax, p.rcut);
    }
    const nl = this.nl;
    nl.build(s.positions, s.cell, s.pbc, rmax, { ...where, name: s.name });
    if (this.slot.length < n) { this.slot = new Int32Array(n); this.mark = new Int32Array(n); }

    const dims = new Int32Array(n);
    const offsets = new Int32Array(n + 1);
    for (let i = 0; i < n; i++) { dims[i] = cen[i].D; offsets[i + 1] = offsets[i] + dims[i]; }
    const values = new Float64Array(offsets[n]);
    const result: StructureDescriptors = { n, dims, offsets, values };

    let jac: Float64Array | null = null;
    let pairStart: Int32Array | null = null, pairAtom: Int32Array | null = null, blockStart: Int32Array | null = null;
    if (deriv) {
      ({ pairStart, pairAtom, blockStart } = this.pairs(n, cen, dims));
      jac = new Float64Array(blockStart[blockStart.length - 1]);
      result.jacobian = { pairStart, pairAtom, blockStart, values: jac };
    }
    for (let i = 0; i < n; i++) {
      const p = cen[i];
      const env = envIdx.get(p)!;
      if (jac) {
        for (let q = pairStart![i]; q < pairStart![i + 1]; q++) this.slot[pairAtom![q]] = blockStart![q];
      }
      this.radial(i, p, env, code, values, offsets[i], jac);
      this.angular(i, p, env, code, values, offsets[i], jac);
      if (jac) {
        this.closeBlocks(i, p, env, code, jac, pairStart![i], pairStart![i + 1], pairAtom!, blockStart!);
      }
    }
    if (jac && opts.float32Jacobian) result.jacobian!.values = Float32Array.from(jac);
    return result;
  }

  /** The (i, k) pairs: i itself and every atom with an image within i's cutoff, ascending k. */
  private pairs(n: number, cen: Prepared[], dims: Int32Array) {
    const nl = this.nl, mark = this.mark;
    mark.fill(-1, 0, n);
    const pairStart = new Int32Array(n + 1);
    let np = 0;
    for (let i = 0; i < n; i++) {
      const rc = cen[i].rcut;
      const e0 = nl.start[i], e1 = nl.start[i + 1];
      if (this.pairBuf.length < np + (e1 - e0) + 1) {
        const b = new Int32Array(2 * (np + (e1 - e0) + 1)); b.set(this.pairBuf.subarray(0, np)); this.pairBuf = b;
      }
      const buf = this.pairBuf, first = np;
      mark[i] = i; buf[np++] = i;
      for (let e = e0; e < e1; e++) {
        const k = nl.atom[e];
        if (mark[k] !== i && nl.r[e] <= rc) { mark[k] = i; buf[np++] = k; }
      }
      buf.subarray(first, np).sort();
      pairStart[i + 1] = np;
    }
    const pairAtom = this.pairBuf.slice(0, np);
    const blockStart = new Int32Array(np + 1);
    for (let i = 0; i < n; i++) {
      const len = 3 * dims[i];
      for (let q = pairStart[i]; q < pairStart[i + 1]; q++) blockStart[q + 1] = blockStart[q] + len;
    }
    if (!Number.isSafeInteger(blockStart[np]) || blockStart[np] < 0) throw new RangeError('Jacobian too large for one structure');
    return { pairStart, pairAtom, blockStart };
  }

  private radial(i: number, p: Prepared, env: Int32Array, code: Int32Array, G: Float64Array, base: number, jac: Float64Array | null): void {
    const nl = this.nl, slot = this.slot;
    const { rr, nr1, nsp, D, offTR, typed, w } = p;
    const piR = AENET_PI / rr, twoR = 2 / rr;
    // Values are summed per neighbour species first: untyped = Σ_s, typed = Σ_s w_s.
    if (this.rowR.length < nsp * nr1) this.rowR = new Float64Array(nsp * nr1);
    const R = this.rowR;
    R.fill(0, 0, nsp * nr1);
    for (let e = nl.start[i], e1 = nl.start[i + 1]; e < e1; e++) {
      const r = nl.r[e];
      if (r > rr) continue;
      const fc = 0.5 * (Math.cos(piR * r) + 1);
      const dfc = -0.5 * piR * Math.sin(piR * r);
      const x = twoR * r - 1;
      const k = nl.atom[e];
      const rb = env[code[k]] * nr1;
      // T_m by recurrence, T_m' = m·U_{m−1}; g_m = d(T_m(x(r))·f_c(r))/dr, scattered as g_m·r̂ into
      // the block of the atom this image belongs to (images of i itself cancel, see the class comment).
      R[rb] += fc;
      if (nr1 > 1) R[rb + 1] += x * fc;
      const x2 = 2 * x;
      if (jac === null || k === i) {
        let t2 = 1, t1 = x;
        for (let m = 2; m < nr1; m++) {
          const t = x2 * t1 - t2;
          R[rb + m] += t * fc;
          t2 = t1; t1 = t;
        }
        continue;
      }
      const ir = 1 / r;
      const ux = nl.dx[e] * ir, uy = nl.dy[e] * ir, uz = nl.dz[e] * ir;
      const b = slot[k], b1 = b + D, b2 = b + 2 * D;
      jac[b] += dfc * ux; jac[b1] += dfc * uy; jac[b2] += dfc * uz;
      const twoRfc = twoR * fc;
      if (nr1 > 1) {
        const g1 = twoRfc + x * dfc;
        jac[b + 1] += g1 * ux; jac[b1 + 1] += g1 * uy; jac[b2 + 1] += g1 * uz;
      }
      let t2 = 1, t1 = x, u2 = 1, u1 = x2;
      for (let m = 2; m < nr1; m++) {
        const t = x2 * t1 - t2;
        R[rb + m] += t * fc;
        const gm = m * u1 * twoRfc + t * dfc;
        jac[b + m] += gm * ux; jac[b1 + m] += gm * uy; jac[b2 + m] += gm * uz;
        t2 = t1; t1 = t;
        const u = x2 * u1 - u2;
        u2 = u1; u1 = u;
      }
    }
    for (let sp = 0; sp < nsp; sp++) {
      const ws = w[sp];
      for (let m = 0; m < nr1; m++) {
        const v = R[sp * nr1 + m];
        G[base + m] += v;
        if (typed) G[base + offTR + m] += ws * v;
      }
    }
  }

  /**
   * Completes atom i's blocks: the typed radial block of (i, k) is s_k times the untyped one (every
   * image of k has k's species, so it is filled per pair rather than per image), and
   * ∂G_i/∂R_i = −Σ_{k≠i} ∂G_i/∂R_k.
   */
  private closeBlocks(i: number, p: Prepared, env: Int32Array, code: Int32Array, jac: Float64Array, q0: number, q1: number, pairAtom: Int32Array, blockStart: Int32Array): void {
    const { nr1, na1, D, offA, offTR, offTA, typed, w } = p;
    const self = this.slot[i];
    for (let q = q0; q < q1; q++) {
      const k = pairAtom[q];
      if (k === i) continue;
      const s = typed ? w[env[code[k]]] : 0, b = blockStart[q];
      for (let c = 0; c < 3; c++) {
        const o = b + c * D, so = self + c * D;
        for (let m = 0; m < nr1; m++) {
          const v = jac[o + m];
          jac[so + m] -= v;
          if (typed) { const tv = s * v; jac[o + offTR + m] = tv; jac[so + offTR + m] -= tv; }
        }
        for (let m = offA; m < offA + na1; m++) jac[so + m] -= jac[o + m];
        if (typed) for (let m = offTA; m < offTA + na1; m++) jac[so + m] -= jac[o + m];
      }
    }
  }

  private angular(i: number, p: Prepared, env: Int32Array, code: Int32Array, G: Float64Array, base: number, jac: Float64Array | null): void {
    const nl = this.nl;
    const { ra, na1, nsp, D, offA, offTA, typed, w } = p;
    const piR = AENET_PI / ra;
    // Gather the images within the angular cutoff, grouped by ENV species: unit vectors, 1/r, f_c, f_c'.
    const e0 = nl.start[i], e1 = nl.start[i + 1];
    if (this.ax.length < e1 - e0) this.growAngular(e1 - e0);
    const { ax, ay, az, air, af, adf, asp, aAtom } = this;
    let nA = 0;
    for (let sp = 0; sp < nsp; sp++) {
      for (let e = e0; e < e1; e++) {
        const r = nl.r[e];
        if (r > ra) continue;
        const k = nl.atom[e];
        if (env[code[k]] !== sp) continue;
        const ir = 1 / r;
        ax[nA] = nl.dx[e] * ir; ay[nA] = nl.dy[e] * ir; az[nA] = nl.dz[e] * ir;
        air[nA] = ir;
        af[nA] = 0.5 * (Math.cos(piR * r) + 1);
        adf[nA] = -0.5 * piR * Math.sin(piR * r);
        asp[nA] = sp; aAtom[nA] = k;
        nA++;
      }
    }
    if (nA < 2) return;
    // With c = û_j·û_k, ∂/∂R_e of Σ_{j<k} T_m(c)·f_j·f_k needs, per image e and partner species, only
    //   B_e = Σ_p T_m·f_p   and   W_e = Σ_p T_m'·f_p·û_p   (p over e's partners),
    // since ∂/∂R_e = (f_e'·B_e − f_e/r_e·(û_e·W_e))·û_e + f_e/r_e·W_e.
    // Row j sums its partners k > j in Q = [B, W] and hands the mirror terms to each k directly.
    const rowLen = nsp * na1;
    if (this.rowG.length < 4 * rowLen) this.rowG = new Float64Array(4 * rowLen);
    const Q = this.rowG;
    const accLen = nA * rowLen;
    if (jac && this.SV.length < 4 * accLen) this.SV = new Float64Array(8 * accLen);
    const SV = this.SV;
    if (jac) SV.fill(0, 0, 4 * accLen);

    for (let j = 0; j < nA - 1; j++) {
      const xj = ax[j], yj = ay[j], zj = az[j], fj = af[j], spj = asp[j];
      const fxj = fj * xj, fyj = fj * yj, fzj = fj * zj;
      Q.fill(0, 0, 4 * rowLen);
      for (let k = j + 1; k < nA; k++) {
        const xk = ax[k], yk = ay[k], zk = az[k], fk = af[k];
        const c = xj * xk + yj * yk + zj * zk;
        const qb = 4 * asp[k] * na1;
        if (jac === null) {
          let t2 = 1, t1 = c;
          Q[qb] += fk;
          if (na1 > 1) Q[qb + 4] += c * fk;
          for (let m = 2; m < na1; m++) {
            const t = 2 * c * t1 - t2;
            Q[qb + 4 * m] += t * fk;
            t2 = t1; t1 = t;
          }
          continue;
        }
        const kb = 4 * (k * rowLen + spj * na1);
        // m = 0: T = 1, T' = 0; m = 1: T = c, T' = 1; then T_m = 2c·T_{m−1} − T_{m−2}, T_m' = m·U_{m−1}.
        Q[qb] += fk;
        SV[kb] += fj;
        if (na1 < 2) continue;
        Q[qb + 4] += c * fk; Q[qb + 5] += fk * xk; Q[qb + 6] += fk * yk; Q[qb + 7] += fk * zk;
        SV[kb + 4] += c * fj; SV[kb + 5] += fxj; SV[kb + 6] += fyj; SV[kb + 7] += fzj;
        const c2 = 2 * c;
        let t2 = 1, t1 = c, u2 = 1, u1 = c2;
        for (let m = 2; m < na1; m++) {
          const t = c2 * t1 - t2;
          const dt = m * u1;
          t2 = t1; t1 = t;
          const u = c2 * u1 - u2; u2 = u1; u1 = u;
          const q = qb + 4 * m, fdT = dt * fk;
          Q[q] += t * fk; Q[q + 1] += fdT * xk; Q[q + 2] += fdT * yk; Q[q + 3] += fdT * zk;
          const v = kb + 4 * m;
          SV[v] += t * fj; SV[v + 1] += dt * fxj; SV[v + 2] += dt * fyj; SV[v + 3] += dt * fzj;
        }
      }
      // Close row j: values Σ_{k>j} T·f_j·f_k, and j's share of the partner sums.
      const sj = w[spj];
      for (let sp = 0; sp < nsp; sp++) {
        const ws = sj * w[sp];
        for (let m = 0; m < na1; m++) {
          const q = 4 * (sp * na1 + m);
          const v = fj * Q[q];
          G[base + offA + m] += v;
          if (typed) G[base + offTA + m] += ws * v;
          if (jac) {
            const a = 4 * (j * rowLen + sp * na1 + m);
            SV[a] += Q[q]; SV[a + 1] += Q[q + 1]; SV[a + 2] += Q[q + 2]; SV[a + 3] += Q[q + 3];
          }
        }
      }
    }
    if (jac === null) return;
    const slot = this.slot;
    for (let j = 0; j < nA; j++) {
      const k = aAtom[j];
      if (k === i) continue;
      const b = slot[k];
      const ux = ax[j], uy = ay[j], uz = az[j], fr = af[j] * air[j], df = adf[j], sj = w[asp[j]];
      for (let m = 0; m < na1; m++) {
        let bu = 0, wx = 0, wy = 0, wz = 0, bt = 0, tx = 0, ty = 0, tz = 0;
        for (let sp = 0; sp < nsp; sp++) {
          const v = 4 * (j * rowLen + sp * na1 + m);
          const B = SV[v], px = SV[v + 1], py = SV[v + 2], pz = SV[v + 3];
          bu += B; wx += px; wy += py; wz += pz;
          const ws = w[sp];
          bt += ws * B; tx += ws * px; ty += ws * py; tz += ws * pz;
        }
        const cu = df * bu - fr * (ux * wx + uy * wy + uz * wz);
        jac[b + offA + m] += cu * ux + fr * wx;
        jac[b + D + offA + m] += cu * uy + fr * wy;
        jac[b + 2 * D + offA + m] += cu * uz + fr * wz;
        if (typed) {
          const ct = df * bt - fr * (ux * tx + uy * ty + uz * tz);
          jac[b + offTA + m] += sj * (ct * ux + fr * tx);
          jac[b + D + offTA + m] += sj * (ct * uy + fr * ty);
          jac[b + 2 * D + offTA + m] += sj * (ct * uz + fr * tz);
        }
      }
    }
  }

  private growAngular(m: number): void {
    const cap = Math.max(m, 2 * this.ax.length);
    this.ax = new Float64Array(cap); this.ay = new Float64Array(cap); this.az = new Float64Array(cap);
    this.air = new Float64Array(cap); this.af = new Float64Array(cap); this.adf = new Float64Array(cap);
    this.asp = new Int32Array(cap); this.aAtom = new Int32Array(cap);
  }
}

const featurizers = new WeakMap<object, Featurizer>();

/**
 * Descriptors (and with `derivatives: true` the SparseJacobian ∂G_i/∂R_k) of one structure.
 * Featurizers are cached per set-up collection object, so calling this in a loop reuses buffers.
 */
export function featurize(structure: Structure, setups: SetupCollection | Featurizer, opts: FeaturizeOptions = {}): StructureDescriptors {
  if (setups instanceof Featurizer) return setups.featurize(structure, opts);
  let f = featurizers.get(setups);
  if (!f) { f = new Featurizer(setups); featurizers.set(setups, f); }
  return f.featurize(structure, opts);
}
