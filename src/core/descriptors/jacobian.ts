/** Reading a SparseJacobian: one (i, k) block, or the dense form for small structures and JSON output. */
import type { StructureDescriptors } from './types';

/** Index of the (i, k) pair in the jacobian, or −1 when atom k does not influence atom i. */
export function findPair(d: StructureDescriptors, i: number, k: number): number {
  const J = d.jacobian;
  if (!J) throw new Error('descriptors were computed without derivatives');
  // Pairs of one atom are sorted by k: binary search.
  let lo = J.pairStart[i], hi = J.pairStart[i + 1] - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const a = J.pairAtom[mid];
    if (a === k) return mid;
    if (a < k) lo = mid + 1; else hi = mid - 1;
  }
  return -1;
}

/** ∂G_i[n]/∂R_k[c], zero when k is outside i's cutoff. */
export function jacobianEntry(d: StructureDescriptors, i: number, k: number, c: number, n: number): number {
  const p = findPair(d, i, k);
  return p < 0 ? 0 : d.jacobian!.values[d.jacobian!.blockStart[p] + c * d.dims[i] + n];
}

/** Dense dG_dR[i][k][c][n] as nested arrays (JSON output, tests); N²·3·D numbers, so small structures only. */
export function denseJacobian(d: StructureDescriptors): number[][][][] {
  const J = d.jacobian;
  if (!J) throw new Error('descriptors were computed without derivatives');
  const out: number[][][][] = [];
  for (let i = 0; i < d.n; i++) {
    const D = d.dims[i];
    const rows: number[][][] = [];
    for (let k = 0; k < d.n; k++) rows.push([new Array(D).fill(0), new Array(D).fill(0), new Array(D).fill(0)]);
    for (let p = J.pairStart[i]; p < J.pairStart[i + 1]; p++) {
      const b = J.blockStart[p], k = J.pairAtom[p];
      for (let c = 0; c < 3; c++) for (let n = 0; n < D; n++) rows[k][c][n] = J.values[b + c * D + n];
    }
    out.push(rows);
  }
  return out;
}

/** Atom i's descriptor vector (a view, not a copy). */
export function atomDescriptor(d: StructureDescriptors, i: number): Float64Array {
  return d.values.subarray(d.offsets[i], d.offsets[i + 1]);
}
