/**
 * `reference_energies: fit`: atomic reference energies fitted by least squares of the structures'
 * total energies against their compositions, E_i ≈ Σ_el n_i,el·E_ref(el), with the references that
 * were given held fixed (moved to the left-hand side: y_i = E_i − Σ_fixed n_i,el·E_ref(el)).
 *
 * The normal equations XᵀXβ = Xᵀy are solved with a tiny ridge, (XᵀX + λI)β = Xᵀy with
 * λ = 1e-6·tr(XᵀX)/k, refined a few times (iterated Tikhonov: β ← β + (XᵀX + λI)⁻¹(Xᵀy − XᵀXβ)), which
 * removes the ridge's bias wherever the compositions determine β. Where they do not (every structure
 * TiO2: only E_Ti + 2·E_O is determined), XᵀX is singular; the refinement never moves β along the
 * undetermined direction, so β is the smallest-norm point of the line of exact fits: any point of it
 * gives every structure the same cohesive energy, so training is unaffected; the single values then
 * mean nothing physical, which `rankDeficient` says.
 */
import { LocatedError } from '../errors';

export interface CompositionEnergy {
  species: readonly string[];
  /** Total energy in eV. */
  energy: number;
}

export interface ReferenceFit {
  /** Every element's reference: the given ones and the fitted ones (eV per atom). */
  reference: Record<string, number>;
  /** The elements whose value was fitted, sorted. */
  fitted: string[];
  /** Structures the fit used. */
  count: number;
  /** RMS residual of the fit per atom (eV/atom): how much of the energy composition alone explains. */
  rmsPerAtom: number;
  /** Whether the compositions could not separate the fitted elements (the ridge chose among equal fits). */
  rankDeficient: boolean;
}

export function fitReferenceEnergies(data: readonly CompositionEnergy[], fit: readonly string[], given: Readonly<Record<string, number>>): ReferenceFit {
  const elements = [...new Set(fit)].sort();
  const k = elements.length;
  const col = new Map(elements.map((e, j) => [e, j]));
  if (k === 0) return { reference: { ...given }, fitted: [], count: data.length, rmsPerAtom: 0, rankDeficient: false };
  if (data.length === 0) throw new LocatedError('no training structures to fit reference energies on', { field: 'data.reference_energies' }, 'training structures with energies');
  const ata = new Float64Array(k * k);
  const aty = new Float64Array(k);
  const rows: { x: Float64Array; y: number; n: number }[] = [];
  for (const s of data) {
    const x = new Float64Array(k);
    let y = s.energy;
    for (const el of s.species) {
      const j = col.get(el);
      if (j !== undefined) x[j] += 1;
      else if (typeof given[el] === 'number') y -= given[el];
      else throw new LocatedError(`no reference energy for ${el}, given or fitted`, { field: 'data.reference_energies' }, `a value or fit for ${el}`);
    }
    rows.push({ x, y, n: s.species.length });
    for (let a = 0; a < k; a++) {
      aty[a] += x[a] * y;
      for (let b = 0; b < k; b++) ata[a * k + b] += x[a] * x[b];
    }
  }
  let trace = 0;
  for (let a = 0; a < k; a++) trace += ata[a * k + a];
  const lambda = 1e-6 * trace / k;
  const m = Float64Array.from(ata);
  for (let a = 0; a < k; a++) m[a * k + a] += lambda;
  const beta = solveSymmetric(m, aty, k);
  for (let step = 0; step < 8; step++) {
    const r = new Float64Array(k);
    for (let a = 0; a < k; a++) {
      let v = aty[a];
      for (let b = 0; b < k; b++) v -= ata[a * k + b] * beta[b];
      r[a] = v;
    }
    const d = solveSymmetric(m, r, k);
    for (let a = 0; a < k; a++) beta[a] += d[a];
  }
  // Rank: a pivot of the unregularised matrix far below its scale means a direction no composition fixes.
  const rankDeficient = smallestPivot(ata, k) < 1e-9 * (trace / k);
  let sq = 0;
  for (const r of rows) {
    let p = 0;
    for (let a = 0; a < k; a++) p += r.x[a] * beta[a];
    sq += ((r.y - p) / r.n) ** 2;
  }
  const reference: Record<string, number> = { ...given };
  elements.forEach((e, j) => { reference[e] = beta[j]; });
  return { reference, fitted: elements, count: data.length, rmsPerAtom: Math.sqrt(sq / rows.length), rankDeficient };
}

/** Gaussian elimination with partial pivoting (k is the number of elements: tiny). */
function solveSymmetric(m: Float64Array, b: Float64Array, k: number): Float64Array {
  const a = Float64Array.from(m);
  const x = Float64Array.from(b);
  for (let c = 0; c < k; c++) {
    let p = c;
    for (let r = c + 1; r < k; r++) if (Math.abs(a[r * k + c]) > Math.abs(a[p * k + c])) p = r;
    if (p !== c) {
      for (let j = 0; j < k; j++) [a[c * k + j], a[p * k + j]] = [a[p * k + j], a[c * k + j]];
      [x[c], x[p]] = [x[p], x[c]];
    }
    const d = a[c * k + c];
    for (let r = c + 1; r < k; r++) {
      const f = a[r * k + c] / d;
      if (f === 0) continue;
      for (let j = c; j < k; j++) a[r * k + j] -= f * a[c * k + j];
      x[r] -= f * x[c];
    }
  }
  for (let c = k - 1; c >= 0; c--) {
    let s = x[c];
    for (let j = c + 1; j < k; j++) s -= a[c * k + j] * x[j];
    x[c] = s / a[c * k + c];
  }
  return x;
}

/** The smallest pivot of a symmetric positive semi-definite matrix's elimination (0 when singular). */
function smallestPivot(m: Float64Array, k: number): number {
  const a = Float64Array.from(m);
  let min = Infinity;
  for (let c = 0; c < k; c++) {
    let p = c;
    for (let r = c + 1; r < k; r++) if (a[r * k + r] > a[p * k + p]) p = r;
    if (p !== c) {
      for (let j = 0; j < k; j++) [a[c * k + j], a[p * k + j]] = [a[p * k + j], a[c * k + j]];
      for (let j = 0; j < k; j++) [a[j * k + c], a[j * k + p]] = [a[j * k + p], a[j * k + c]];
    }
    const d = a[c * k + c];
    min = Math.min(min, d);
    if (d <= 0) return 0;
    for (let r = c + 1; r < k; r++) {
      const f = a[r * k + c] / d;
      for (let j = c; j < k; j++) a[r * k + j] -= f * a[c * k + j];
    }
  }
  return min;
}
