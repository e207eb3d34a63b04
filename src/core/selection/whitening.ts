/**
 * A descriptor distance that sees how features vary together, per element: for an atom's standardised
 * descriptor g̃ (G̃ = (G − mean)·scale, ../descriptors standardisation of the training split),
 *   d(g̃) = √( g̃ᵀ (C + λI)⁻¹ g̃ / m ),
 * C the second moment of the training atoms' g̃ of that element (their mean is 0 by the standardisation), m the
 * number of features that vary in training, λ = 10⁻³·tr C / m a small ridge (directions the training atoms never
 * span would otherwise weigh without bound). With C = I it is, up to the ridge, ./fingerprint.ts atomNovelty's
 * diagonal √mean G̃².
 * Why: a distorted molecule can keep every single feature inside its training range while their combination is
 * unlike anything trained on (measured in test/bench/results/ood-cross.md: thermal ethanol frames against a QM7
 * model, 0 % of frames with an atom beyond the diagonal line, 83 % beyond this one).
 * Stored as W = L⁻¹ with L·Lᵀ = C + λI (Cholesky), lower triangular, packed by rows, so d² = |W·g̃|² / m.
 */
import type { TrainingSample } from '../data/samples';
import type { Standardisation, StructureDescriptors } from '../descriptors/types';
import { atomNovelty } from './fingerprint';

/** Ridge relative to the mean variance. */
export const WHITENING_RIDGE = 1e-3;
/** At most this many training atoms per element (evenly strided) estimate C: plenty for ~100 features. */
export const WHITENING_MAX_ATOMS = 20_000;

/** Per element, W packed by rows (row i holds i + 1 values). */
export type Whitening = Record<string, number[]>;

/** W for every element of `std` with atoms in `samples`. */
export function fitWhitening(samples: readonly TrainingSample[], elements: readonly string[], std: readonly Standardisation[]): Whitening {
  const out: Whitening = {};
  for (const s of std) {
    const e = elements.indexOf(s.element);
    let count = 0;
    for (const x of samples) for (let i = 0; i < x.nAtoms; i++) if (x.element[i] === e) count++;
    if (count === 0) continue;
    const stride = Math.max(1, Math.ceil(count / WHITENING_MAX_ATOMS));
    const m = s.mean.length;
    const c = new Float64Array(m * m);
    const g = new Float64Array(m);
    let k = 0, used = 0;
    for (const x of samples) {
      for (let i = 0; i < x.nAtoms; i++) {
        if (x.element[i] !== e) continue;
        if (k++ % stride !== 0) continue;
        standardised(x.descriptors, i, s, g);
        for (let a = 0; a < m; a++) for (let b = 0; b <= a; b++) c[a * m + b] += g[a] * g[b];
        used++;
      }
    }
    out[s.element] = whiteningMatrix(c, m, used);
  }
  return out;
}

/** W = L⁻¹ from the lower triangle of Σ g̃g̃ᵀ over `n` atoms, packed by rows. */
export function whiteningMatrix(sums: Float64Array, m: number, n: number): number[] {
  const a = new Float64Array(m * m);
  let trace = 0;
  for (let i = 0; i < m; i++) for (let j = 0; j <= i; j++) a[i * m + j] = sums[i * m + j] / n;
  for (let i = 0; i < m; i++) trace += a[i * m + i];
  const lambda = WHITENING_RIDGE * (trace > 0 ? trace / m : 1);
  for (let i = 0; i < m; i++) a[i * m + i] += lambda;
  // Cholesky, in place on the lower triangle.
  for (let j = 0; j < m; j++) {
    let d = a[j * m + j];
    for (let k = 0; k < j; k++) d -= a[j * m + k] ** 2;
    const l = Math.sqrt(Math.max(d, lambda * 1e-12));
    a[j * m + j] = l;
    for (let i = j + 1; i < m; i++) {
      let v = a[i * m + j];
      for (let k = 0; k < j; k++) v -= a[i * m + k] * a[j * m + k];
      a[i * m + j] = v / l;
    }
  }
  // W = L⁻¹ by forward substitution, column by column.
  const w = new Float64Array(m * m);
  for (let j = 0; j < m; j++) {
    w[j * m + j] = 1 / a[j * m + j];
    for (let i = j + 1; i < m; i++) {
      let v = 0;
      for (let k = j; k < i; k++) v -= a[i * m + k] * w[k * m + j];
      w[i * m + j] = v / a[i * m + i];
    }
  }
  const packed: number[] = [];
  for (let i = 0; i < m; i++) for (let j = 0; j <= i; j++) packed.push(w[i * m + j]);
  return packed;
}

/**
 * Per atom, the whitened distance of its descriptor; the diagonal one for an element without W, Infinity for an
 * element the model never saw (as atomNovelty).
 */
export function whitenedNovelty(d: StructureDescriptors, species: readonly string[], std: readonly Standardisation[], w: Whitening): Float64Array {
  const byElement = new Map(std.map((s) => [s.element, s]));
  const out = atomNovelty(d, species, std);
  for (let i = 0; i < d.n; i++) {
    const s = byElement.get(species[i]);
    const packed = Object.hasOwn(w, species[i]) ? w[species[i]] : undefined;
    if (!s || !packed) continue;
    const m = s.mean.length;
    const g = standardised(d, i, s, new Float64Array(m));
    let sum = 0, p = 0;
    for (let r = 0; r < m; r++) {
      let v = 0;
      for (let c = 0; c <= r; c++) v += packed[p++] * g[c];
      sum += v * v;
    }
    let varying = 0;
    for (let c = 0; c < m; c++) if (s.scale[c] !== 0) varying++;
    out[i] = varying ? Math.sqrt(sum / varying) : 0;
  }
  return out;
}

function standardised(d: StructureDescriptors, atom: number, s: Standardisation, out: Float64Array): Float64Array {
  const o = d.offsets[atom];
  for (let c = 0; c < out.length; c++) out[c] = (d.values[o + c] - s.mean[c]) * s.scale[c];
  return out;
}
