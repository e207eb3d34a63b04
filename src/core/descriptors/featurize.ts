/**
 * aenet's Chebyshev descriptor (methods.md §2) and its analytic derivatives with respect to every
 * atom's position. This is the hot path of the whole product, so it is written as flat loops over
 * typed arrays with buffers reused between structures; no per-neighbour objects.
 *
 * Derivatives: for neighbour image j of atom i, ∂G/∂R_j is accumulated per image and added into the
 * block of the atom j is an image of; ∂G/∂R_i is then −Σ of the other blocks (translation
 * invariance), which also makes the contributions of i's own images cancel exactly as they should.
 * Angular terms T_n(cos θ)·f_j·f_k give ∂/∂R_j = α_n·d_j + β_n·d_k with
 *   α_n = T_n'·f_j f_k·(−cos θ / r_j²) + T_n·f_k f_j'/r_j,   β_n = T_n'·f_j f_k / (r_j r_k);
 * α is summed per image as a scalar and β·d_k as a vector, both split by the partner's species so
 * the typed part (weights s_j·s_k) costs no extra work per pair.
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
  private T = new Float64Array(64);
  private dT = new Float64Array(64);
  private g = new Float64Array(64);
  private ax = new Float64Array(64); private ay = new Float64Array(64); private az = new Float64Array(64);
  private air = new Float64Array(64); private af = new Float64Array(64); private adf = new Float64Array(64);
  private asp = new Int32Array(64); private aAtom = new Int32Array(64);
  private Sa = new Float64Array(1024);
  private V = new Float64Array(3072);
  private rowG = new Float64Array(64);
  private slot = new Int32Array(64);
  private mark = new Int32Array(64);
  private pairBuf = new Int32Array(1024);

  constructor(setups: SetupCollection) {
    this.setups = setupsByElement(setups);
    let maxOrder = 0;
    for (const [el, s] of this.setups) {
      this.prepared.set(el, prepare(s));
      maxOrder = Math.max(maxOrder, s.radialOrder, s.angularOrder);
    }
    if (maxOrder + 1 > this.T.length) {
      this.T = new Float64Array(maxOrder + 1); this.dT = new Float64Array(maxOrder + 1); this.g = new Float64Array(maxOrder + 1);
    }
  }

  featurize(s: Structure, opts: FeaturizeOptions = {}): StructureDescriptors {
    const deriv = opts.derivatives === true;
    const n = s.species.length;
    const where = { file: s.source?.file, line: s.source?.line };
    if (s.positions.length !== 3 * n) throw new LocatedError(`${s.name}: ${s.positions.length} coordinates for ${n} atoms`, { ...where, field: 'positions' }, `${3 * n} values`);
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
    nl.build(s.positions, s.cell, s.pbc, rmax, s.name);
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
        // ∂G_i/∂R_i = −Σ_{k≠i} ∂G_i/∂R_k.
        const self = this.slot[i], len = 3 * p.D;
        for (let q = pairStart![i]; q < pairStart![i + 1]; q++) {
          if (pairAtom![q] === i) continue;
          const b = blockStart![q];
          for (let t = 0; t < len; t++) jac[self + t] -= jac[b + t];
        }
      }
    }
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
      const first = np;
      const push = (k: number) => {
        if (np === this.pairBuf.length) { const b = new Int32Array(2 * np); b.set(this.pairBuf); this.pairBuf = b; }
        this.pairBuf[np++] = k;
      };
      mark[i] = i; push(i);
      for (let e = nl.start[i]; e < nl.start[i + 1]; e++) {
        const k = nl.atom[e];
        if (mark[k] !== i && nl.r[e] <= rc) { mark[k] = i; push(k); }
      }
      this.pairBuf.subarray(first, np).sort();
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
    const nl = this.nl, T = this.T, dT = this.dT, g = this.g, slot = this.slot;
    const { rr, nr1, D, offTR, typed, w } = p;
    const piR = AENET_PI / rr, twoR = 2 / rr;
    for (let e = nl.start[i], e1 = nl.start[i + 1]; e < e1; e++) {
      const r = nl.r[e];
      if (r > rr) continue;
      const fc = 0.5 * (Math.cos(piR * r) + 1);
      const dfc = -0.5 * piR * Math.sin(piR * r);
      const x = twoR * r - 1;
      chebyshev(x, nr1, T, dT);
      const k = nl.atom[e];
      const s = typed ? w[env[code[k]]] : 0;
      for (let m = 0; m < nr1; m++) {
        const v = T[m] * fc;
        G[base + m] += v;
        if (typed) G[base + offTR + m] += s * v;
      }
      if (jac === null || k === i) continue;
      for (let m = 0; m < nr1; m++) g[m] = dT[m] * twoR * fc + T[m] * dfc;
      const ir = 1 / r;
      const ux = nl.dx[e] * ir, uy = nl.dy[e] * ir, uz = nl.dz[e] * ir;
      const b = slot[k];
      for (let m = 0; m < nr1; m++) {
        const gm = g[m];
        jac[b + m] += gm * ux; jac[b + D + m] += gm * uy; jac[b + 2 * D + m] += gm * uz;
      }
      if (typed) {
        const bt = b + offTR;
        for (let m = 0; m < nr1; m++) {
          const gm = s * g[m];
          jac[bt + m] += gm * ux; jac[bt + D + m] += gm * uy; jac[bt + 2 * D + m] += gm * uz;
        }
      }
    }
  }

  private angular(i: number, p: Prepared, env: Int32Array, code: Int32Array, G: Float64Array, base: number, jac: Float64Array | null): void {
    const nl = this.nl;
    const { ra, na1, nsp, D, offA, offTA, typed, w } = p;
    const piR = AENET_PI / ra;
    // Gather the images within the angular cutoff, grouped by ENV species.
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
        ax[nA] = nl.dx[e]; ay[nA] = nl.dy[e]; az[nA] = nl.dz[e];
        air[nA] = 1 / r;
        af[nA] = 0.5 * (Math.cos(piR * r) + 1);
        adf[nA] = -0.5 * piR * Math.sin(piR * r);
        asp[nA] = sp; aAtom[nA] = k;
        nA++;
      }
    }
    if (nA < 2) return;
    const rowLen = nsp * na1;
    if (this.rowG.length < rowLen) this.rowG = new Float64Array(rowLen);
    const rowG = this.rowG, T = this.T, dT = this.dT;
    const accLen = nA * rowLen;
    if (jac && this.Sa.length < accLen) { this.Sa = new Float64Array(2 * accLen); this.V = new Float64Array(6 * accLen); }
    const Sa = this.Sa, V = this.V;
    if (jac) { Sa.fill(0, 0, accLen); V.fill(0, 0, 3 * accLen); }

    for (let j = 0; j < nA - 1; j++) {
      const xj = ax[j], yj = ay[j], zj = az[j], irj = air[j], fj = af[j], dfj = adf[j], spj = asp[j];
      rowG.fill(0, 0, rowLen);
      for (let k = j + 1; k < nA; k++) {
        const xk = ax[k], yk = ay[k], zk = az[k], irk = air[k], fk = af[k];
        const c = (xj * xk + yj * yk + zj * zk) * irj * irk;
        const ff = fj * fk;
        const rb = asp[k] * na1;
        chebyshev(c, na1, T, dT);
        if (jac === null) {
          for (let m = 0; m < na1; m++) rowG[rb + m] += T[m] * ff;
          continue;
        }
        const ajc = -c * irj * irj, bj = fk * dfj * irj;
        const akc = -c * irk * irk, bk = fj * adf[k] * irk;
        const irjk = irj * irk;
        const jb = j * rowLen + rb;          // j's accumulators for partners of k's species
        const kb = k * rowLen + spj * na1;   // k's accumulators for partners of j's species
        for (let m = 0; m < na1; m++) {
          const Tm = T[m];
          const P = dT[m] * ff;
          rowG[rb + m] += Tm * ff;
          Sa[jb + m] += P * ajc + Tm * bj;
          Sa[kb + m] += P * akc + Tm * bk;
          const beta = P * irjk;
          const vj = 3 * (jb + m), vk = 3 * (kb + m);
          V[vj] += beta * xk; V[vj + 1] += beta * yk; V[vj + 2] += beta * zk;
          V[vk] += beta * xj; V[vk + 1] += beta * yj; V[vk + 2] += beta * zj;
        }
      }
      const sj = w[spj];
      for (let sp = 0; sp < nsp; sp++) {
        const ws = sj * w[sp];
        for (let m = 0; m < na1; m++) {
          const v = rowG[sp * na1 + m];
          G[base + offA + m] += v;
          if (typed) G[base + offTA + m] += ws * v;
        }
      }
    }
    if (jac === null) return;
    const slot = this.slot;
    for (let j = 0; j < nA; j++) {
      const k = aAtom[j];
      if (k === i) continue;
      const b = slot[k];
      const xj = ax[j], yj = ay[j], zj = az[j], sj = w[asp[j]];
      for (let m = 0; m < na1; m++) {
        let su = 0, vx = 0, vy = 0, vz = 0, st = 0, tx = 0, ty = 0, tz = 0;
        for (let sp = 0; sp < nsp; sp++) {
          const idx = j * rowLen + sp * na1 + m;
          const a = Sa[idx], px = V[3 * idx], py = V[3 * idx + 1], pz = V[3 * idx + 2];
          su += a; vx += px; vy += py; vz += pz;
          const ws = w[sp];
          st += ws * a; tx += ws * px; ty += ws * py; tz += ws * pz;
        }
        jac[b + offA + m] += su * xj + vx;
        jac[b + D + offA + m] += su * yj + vy;
        jac[b + 2 * D + offA + m] += su * zj + vz;
        if (typed) {
          jac[b + offTA + m] += sj * (st * xj + tx);
          jac[b + D + offTA + m] += sj * (st * yj + ty);
          jac[b + 2 * D + offTA + m] += sj * (st * zj + tz);
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

/** T_0…T_{len−1} at x and their derivatives T_n' = n·U_{n−1} (U: Chebyshev of the second kind). */
function chebyshev(x: number, len: number, T: Float64Array, dT: Float64Array): void {
  T[0] = 1; dT[0] = 0;
  if (len < 2) return;
  T[1] = x; dT[1] = 1;
  let t2 = 1, t1 = x, u2 = 1, u1 = 2 * x; // T_{n−2}, T_{n−1}, U_{n−2}, U_{n−1}
  const x2 = 2 * x;
  for (let m = 2; m < len; m++) {
    const t = x2 * t1 - t2;
    T[m] = t; dT[m] = m * u1;
    t2 = t1; t1 = t;
    const u = x2 * u1 - u2;
    u2 = u1; u1 = u;
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
