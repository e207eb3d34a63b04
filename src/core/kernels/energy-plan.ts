/**
 * Planning and packing for the energy path (./energy-path.ts): where every element's weights, gradients,
 * activations and force buffers live in kernel memory, and θ [M·P] packed into the kernels' layout and the
 * kernels' gradients unpacked back into θ's.
 *
 * Layouts (f32, padded to groups of 4 columns, H_l = hidden width l, G_l = ⌈H_l/4⌉):
 * - layer 0 of all members at once ("wide", the input rows are shared): M·G_0 groups over D inputs, out [n][M·G_0·4];
 * - layers l ≥ 1 of all members at once too, block-diagonal (member m's G_l groups read only member m's
 *   4·G_{l−1} inputs): one dense_bd call, out [n][M·4·G_l] with member m at columns m·4·G_l …; the output
 *   layer has G = 1 (lane 0). With one output (an energy, no variance lane) the output layer runs on the
 *   one-output kernels instead (out1_bd and its backward), over each member's weights to lane 0 packed
 *   contiguously (wo): four lanes and a splat per input spent on one useful lane were 11 % of an ensemble step.
 *   Each member's weights, biases, gradients and Wᵀ are one block of a contiguous
 *   allocation (w[l][m] = w[l][0] + m·block), so one call covers every member;
 * - weights packed as packedAt() says, gradients as [groups][inputs][4];
 * - the backward product dH_{l−1} = dZ_l·W_lᵀ reuses the forward kernel with Wᵀ (G_{l−1} groups over 4·G_l inputs),
 *   block-diagonal over the members like the forward; dW_l = Xᵀ·dZ_l is one outer_acc_bd call.
 */
import type { ParamLayout } from '../models/layout';
import { kernelLayers, type KernelLayer } from './bnn-parts';
import type { MlpKernel } from './mlp-kernel';
import { packedAt, padded, type ForceBatch, type RowSet } from './rows';

type LayerPlan = KernelLayer;

/** Kernel addresses of one element's parameters, gradients and activations. */
export interface ElementPlan {
  dim: number;
  layers: LayerPlan[];
  /** Forward packed weights/biases: [layer 0 wide] then per member per layer ≥ 1 (contiguous blocks). */
  w: number[][];
  b: number[][];
  /** Wᵀ packed per member per layer ≥ 1 (index by layer). */
  wt: number[][];
  /**
   * Per member: the output layer's weights to its first output (the energy), contiguous over its 4·G_{L−1}
   * padded inputs, for the one-output kernels (out1_bd and its backward; mlp.wat).
   */
  wo: number[];
  dw: number[][];
  db: number[][];
  zeros: number;
  /**
   * Activations for up to maxRows rows, all wide (row stride rows·4·G_l bytes·4): h0; h[l][m] for l ≥ 1 and out[m]
   * the address of member m's columns in row 0 (see hiddenRows / outRows).
   */
  h0: number;
  h: number[][];
  out: number[];
  dOut: number;
  dz0: number;
  dh: [number, number];
  maxRows: number;
  /** Force training (null without): see ForcePlan. */
  force: ForcePlan | null;
}

/**
 * Buffers of the force passes for the force structures' rows (a prefix of n_f rows) of one element:
 * the tangent pass δ_L = 1, a_{l−1} = W_l δ_l, δ_{l−1} = a_{l−1}⊙(1 − h²), g = W_0 δ_0 = ∂E/∂G̃ per member;
 * and its reverse for Φ = Σ_i u_i·g_i (u = ∂loss/∂g = −Jᵀ∂loss/∂F), which adds to the weights' gradients and
 * injects h̄_l = −2h⊙δ̄⊙a into the energy backward pass.
 */
export interface ForcePlan {
  /** Per member: W_0 alone (forward packing) and W_0ᵀ (groups over the D padded inputs). */
  w0: number[];
  w0t: number[];
  /** Per member per hidden layer: a_l and δ_l [n_f][4·G_l]. */
  a: number[][];
  delta: number[][];
  g: number;
  u: number;
  dbar: number;
  abar: number;
  /** Per member per hidden layer: h̄_l [n_f][4·G_l] (kept until the fused energy backward pass reads it). */
  hbar: number[][];
  ones: number;
  dbScratch: number;
  /** Zero biases as wide as the padded descriptor. */
  zerosD: number;
  dp: number;
}

/** A training batch as a loss sees it: targets Ê and 1/N per structure, and the structures' indices. */
export interface KernelBatch {
  size: number; samples: readonly number[]; energy: Float64Array; invAtoms: Float64Array;
  /**
   * Force structures' atoms, when the path trains forces and the batch has some: targets F̂ [atoms·3]; per
   * weight set the predicted forces and the place for dLoss/dF, both [atoms][4] (lanes 0–2 used).
   */
  forces?: { atoms: number; target: Float64Array; predicted: Float32Array[]; dF: Float32Array[] };
}

/** Validation sums: squared per-atom energy errors of the members' mean and of each member, and the same for force components. */
export interface KernelValidation {
  meanSq: number; memberSq: Float64Array; n: number;
  forceMeanSq: number; forceMemberSq: Float64Array; forceN: number;
}

export interface KernelLossParts {
  /** Σ_m RMSE_m (what is minimised) and the per-member RMSE_m. */
  total: number;
  perRow: Float64Array;
}

/** What the planning functions need: the kernel memory, the layout and the number of weight sets. */
export interface PlanInputs { readonly k: MlpKernel; readonly layout: ParamLayout; readonly members: number }

/** The energy path's working state, shared by its passes (./energy-passes.ts, ./energy-forces.ts, ./energy-validation.ts). */
export interface EnergyPathState extends PlanInputs {
  readonly plans: ElementPlan[];
  readonly train: RowSet;
  readonly val: RowSet;
  readonly trainF: ForceBatch[] | null;
  readonly valF: ForceBatch[] | null;
  /** The force weight α when forces are trained, else null. */
  readonly alpha: number | null;
  /** Per weight set: structure energies Ê of the current batch and dLoss/dÊ. */
  readonly energies: Float64Array[];
  readonly dE: Float64Array[];
  /** Heteroscedastic members: per structure variance v and dLoss/dv. */
  readonly variance: Float64Array[];
  readonly dV: Float64Array[];
  /** Per weight set: predicted forces [atoms][4] of the current batch, and dLoss/dF. */
  readonly forces: number[];
  readonly dForces: number[];
  /** Weight sets in the current call (≤ members, the capacity the buffers are sized for). */
  rows: number;
  /** Kernel memory to pack and unpack with the kernels (packStage); without it the moves run in JS. */
  readonly stage?: PackStage | null;
}

export function planElement(s: PlanInputs, e: number, maxRows: number, forceRows: number): ElementPlan {
  const M = s.members;
  const layers = kernelLayers(s.layout, e);
  const k = s.k;
  const L = layers.length - 1;
  const g0 = layers[0].groups;
  const w: number[][] = [[k.alloc(M * g0 * layers[0].kIn * 4)]];
  const b: number[][] = [[k.alloc(M * g0 * 4)]];
  const dw: number[][] = [[k.alloc(M * g0 * layers[0].kIn * 4)]];
  const db: number[][] = [[k.alloc(M * g0 * 4)]];
  const wt: number[][] = [[]];
  const h: number[][] = [[]];
  // One allocation of M blocks of `floats` each; member m's block starts m·floats·4 bytes in.
  const blocks = (floats: number): number[] => {
    const at = k.alloc(M * floats);
    return Array.from({ length: M }, (_, m) => at + m * floats * 4);
  };
  for (let l = 1; l <= L; l++) {
    const p = layers[l];
    const inGroups = layers[l - 1].groups;
    w.push(blocks(p.groups * p.kIn * 4));
    b.push(blocks(p.groups * 4));
    dw.push(blocks(p.groups * p.kIn * 4));
    db.push(blocks(p.groups * 4));
    wt.push(blocks(inGroups * 4 * p.groups * 4));
    // Wide rows: member m's columns at m·G·16 bytes into each row (the row stride depends on the call's weight sets).
    if (l < L) { const at = k.alloc(maxRows * M * p.groups * 4); h.push(Array.from({ length: M }, (_, m) => at + m * p.groups * 16)); } else h.push([]);
  }
  const widest = Math.max(...layers.map((p) => p.groups));
  const outAt = k.alloc(maxRows * M * 4);
  return {
    dim: layers[0].rows, layers, w, b, wt, dw, db, wo: blocks(layers[L].kIn),
    zeros: k.alloc(widest * 4),
    h0: k.alloc(maxRows * M * g0 * 4), h,
    out: Array.from({ length: M }, (_, m) => outAt + m * 16),
    dOut: k.alloc(maxRows * M * 4),
    dz0: k.alloc(maxRows * M * g0 * 4),
    dh: [k.alloc(maxRows * M * widest * 4), k.alloc(maxRows * M * widest * 4)],
    maxRows,
    force: forceRows ? forcePlan(s, layers, forceRows) : null,
  };
}

export function forcePlan(s: PlanInputs, layers: LayerPlan[], n: number): ForcePlan {
  const k = s.k, M = s.members;
  const hidden = layers.slice(0, -1);
  const dp = padded(layers[0].rows), g0 = layers[0].groups, widest = Math.max(...layers.map((p) => p.groups));
  const ones = k.alloc(n * 4);
  for (let r = 0; r < n; r++) k.f32[ones / 4 + 4 * r] = 1;
  return {
    w0: Array.from({ length: M }, () => k.alloc(g0 * layers[0].rows * 4)),
    w0t: Array.from({ length: M }, () => k.alloc((dp / 4) * 4 * g0 * 4)),
    a: Array.from({ length: M }, () => hidden.map((p) => k.alloc(n * p.groups * 4))),
    delta: Array.from({ length: M }, () => hidden.map((p) => k.alloc(n * p.groups * 4))),
    g: k.alloc(n * dp), u: k.alloc(n * dp), dbar: k.alloc(n * widest * 4), abar: k.alloc(n * widest * 4),
    hbar: Array.from({ length: M }, () => hidden.map((p) => k.alloc(n * p.groups * 4))), ones, dbScratch: k.alloc(Math.max(widest, dp / 4) * 4), zerosD: k.alloc(dp), dp,
  };
}

/**
 * Where θ's entries go in one plan's kernel buffers for `rows` weight sets, worked out once per plan and
 * row count so every step's packing and unpacking are plain scatters and gathers (rebuilding the packed
 * layout entry by entry cost a 10-member ensemble ~7 % of its epoch): θ[src[i]] → f32[dst[i]] (forward W
 * and b, Wᵀ for l ≥ 1, and W_0 alone and transposed for the force passes), gradient f32[gradSrc[i]] → θ[gradDst[i]].
 */
interface PackMap { src: Int32Array; dst: Int32Array; gradSrc: Int32Array; gradDst: Int32Array }

const packMaps = new WeakMap<ElementPlan, Map<number, PackMap>>();
/** The weight-set count a plan's buffers were last packed for: its padding is zero for that layout. */
const packedRows = new WeakMap<ElementPlan, number>();

function buildPackMap(s: EnergyPathState, pl: ElementPlan, M: number): PackMap {
  const P = s.layout.size;
  const src: number[] = [], dst: number[] = [], gradSrc: number[] = [], gradDst: number[] = [];
  const put = (q: number, at: number) => { src.push(q); dst.push(at); };
  pl.layers.forEach((p, l) => {
    for (let m = 0; m < M; m++) {
      const row = m * P;
      // Layer 0 is wide: member m's groups follow member m−1's.
      const wAt = (l === 0 ? pl.w[0][0] : pl.w[l][m]) / 4;
      const [g0, m4] = l === 0 ? [m * p.groups, M * p.groups] : [0, p.groups];
      const bAt = (l === 0 ? pl.b[0][0] + m * p.groups * 16 : pl.b[l][m]) / 4;
      const dwAt = (l === 0 ? pl.dw[0][0] + m * p.groups * p.kIn * 16 : pl.dw[l][m]) / 4;
      const dbAt = (l === 0 ? pl.db[0][0] + m * p.groups * 16 : pl.db[l][m]) / 4;
      const kT = 4 * p.groups;
      const inGroups = l > 0 ? pl.layers[l - 1].groups : 0;
      const force = l === 0 && pl.force ? pl.force : null;
      for (let i = 0; i < p.rows; i++) {
        for (let j = 0; j < p.cols; j++) {
          const q = row + p.wOffset + i * p.cols + j;
          put(q, wAt + packedAt(g0 + (j >> 2), i, j & 3, p.kIn, m4));
          // Wᵀ for dH_{l−1} = dZ_l·W_lᵀ: groups over W's rows, inputs over W's (padded) columns.
          if (l > 0) put(q, pl.wt[l][m] / 4 + packedAt(i >> 2, j, i & 3, kT, inGroups));
          if (l === pl.layers.length - 1 && j === 0) put(q, pl.wo[m] / 4 + i);
          // Member m's W_0 alone (δ̄_0 = u·W_0) and transposed (g = δ_0·W_0ᵀ), for the force passes.
          if (force) {
            put(q, force.w0[m] / 4 + packedAt(j >> 2, i, j & 3, p.rows, p.groups));
            put(q, force.w0t[m] / 4 + packedAt(i >> 2, j, i & 3, kT, force.dp / 4));
          }
          gradSrc.push(dwAt + ((j >> 2) * p.kIn + i) * 4 + (j & 3)); gradDst.push(q);
        }
      }
      for (let j = 0; j < p.cols; j++) {
        put(row + p.bOffset + j, bAt + j);
        gradSrc.push(dbAt + j); gradDst.push(row + p.bOffset + j);
      }
    }
  });
  return { src: Int32Array.from(src), dst: Int32Array.from(dst), gradSrc: Int32Array.from(gradSrc), gradDst: Int32Array.from(gradDst) };
}

/** Zeroes a plan's packed weights (every weight set's), so a new layout's padding is zero. */
function clearPacked(s: EnergyPathState, pl: ElementPlan): void {
  const f = s.k.f32, C = s.members;
  const clear = (at: number, floats: number) => f.fill(0, at / 4, at / 4 + floats);
  pl.layers.forEach((p, l) => {
    clear(pl.w[l][0], C * p.groups * p.kIn * 4);
    clear(pl.b[l][0], C * p.groups * 4);
    if (l > 0) clear(pl.wt[l][0], C * pl.layers[l - 1].groups * 4 * p.groups * 4);
  });
  clear(pl.wo[0], C * pl.layers[pl.layers.length - 1].kIn);
  const fp = pl.force;
  if (fp) {
    const p = pl.layers[0];
    for (let m = 0; m < C; m++) { clear(fp.w0[m], p.groups * p.rows * 4); clear(fp.w0t[m], fp.dp * 4 * p.groups); }
  }
}

function packMap(s: EnergyPathState, pl: ElementPlan): PackMap {
  let maps = packMaps.get(pl);
  if (!maps) packMaps.set(pl, (maps = new Map()));
  let map = maps.get(s.rows);
  if (!map) maps.set(s.rows, (map = buildPackMap(s, pl, s.rows)));
  return map;
}

/**
 * Kernel memory for packing with the kernels' scatter and gather: θ and the gradient staged as [M·P] f32,
 * every plan's (θ index, f32 index) pairs for the current weight-set count, and per θ index the f32 index of
 * its gradient. Allocated with the plans (before anything a caller may release), sized for `members`.
 */
export interface PackStage { theta: number; grad: number; pairs: number; gather: number; rows: number; nPairs: number }

export function packStage(s: EnergyPathState): PackStage {
  const k = s.k, n = s.members * s.layout.size;
  // Every weight set has the same entries, so members × one set's pairs bounds any count's.
  const perSet = s.plans.reduce((a, pl) => a + buildPackMap(s, pl, 1).src.length, 0);
  return { theta: k.alloc(n), grad: k.alloc(n), gather: k.alloc(n), pairs: k.alloc(2 * s.members * perSet), rows: 0, nPairs: 0 };
}

/** Writes the current weight-set count's pairs and gradient indices into the stage. */
function fillStage(s: EnergyPathState, st: PackStage): void {
  const i32 = s.k.i32, n = s.rows * s.layout.size;
  const gather = i32.subarray(st.gather / 4, st.gather / 4 + n).fill(-1);
  let at = st.pairs / 4;
  for (const pl of s.plans) {
    const { src, dst, gradSrc, gradDst } = packMap(s, pl);
    for (let i = 0; i < src.length; i++) { i32[at++] = src[i]; i32[at++] = dst[i]; }
    for (let i = 0; i < gradSrc.length; i++) gather[gradDst[i]] = gradSrc[i];
  }
  if (gather.includes(-1)) throw new Error('packStage: a θ entry has no place in the kernel layout');
  st.nPairs = (at - st.pairs / 4) / 2;
  st.rows = s.rows;
}

/** Packs θ [M·P] into every element's kernel weights (forward and transposed). */
export function packTheta(s: EnergyPathState, theta: Float32Array): void {
  const f = s.k.f32;
  for (const pl of s.plans) {
    // Another weight-set count lays member m's layer-0 groups elsewhere: clear the old layout's entries first.
    if (packedRows.get(pl) !== s.rows) { clearPacked(s, pl); packedRows.set(pl, s.rows); }
  }
  const st = s.stage;
  if (st) {
    if (st.rows !== s.rows) fillStage(s, st);
    f.set(theta.subarray(0, s.rows * s.layout.size), st.theta / 4);
    s.k.k.scatter(st.theta, st.pairs, st.nPairs);
    return;
  }
  for (const pl of s.plans) {
    const { src, dst } = packMap(s, pl);
    for (let i = 0; i < src.length; i++) f[dst[i]] = theta[src[i]];
  }
}

/** Kernel gradients → dLoss/dθ in the θ layout. */
export function unpackGradient(s: EnergyPathState, grad: Float32Array): void {
  const f = s.k.f32;
  const st = s.stage;
  if (st) {
    const n = s.rows * s.layout.size;
    if (st.rows !== s.rows) fillStage(s, st);
    s.k.k.gather(st.grad, st.gather, n);
    grad.set(f.subarray(st.grad / 4, st.grad / 4 + n));
    return;
  }
  for (const pl of s.plans) {
    const { gradSrc, gradDst } = packMap(s, pl);
    for (let i = 0; i < gradSrc.length; i++) grad[gradDst[i]] = f[gradSrc[i]];
  }
}

/** Rows of hidden layer l's outputs for member m: address and row stride (every layer is wide). */
export function hiddenRows(s: EnergyPathState, pl: ElementPlan, l: number, m: number): [number, number] {
  const g = pl.layers[l].groups;
  return l === 0 ? [pl.h0 + m * g * 16, s.rows * g * 16] : [pl.h[l][m], s.rows * g * 16];
}

/** Float index of member m's output row r (lane 0 the energy, lane 1 the variance logit). */
export function outAt(s: EnergyPathState, pl: ElementPlan, m: number, r: number): number {
  return pl.out[m] / 4 + r * s.rows * 4;
}
