/**
 * An independent float64 evaluation of the per-element networks from raw parameter rows, used as the
 * reference for finite differences (float32 round-off would swamp a finite-difference quotient).
 */
import type { StructureDescriptors, Standardisation } from '../../../src/core/descriptors/types';
import type { ParamLayout } from '../../../src/core/models/layout';

/** Normalised energy Ê of one structure for one parameter row (tanh hidden layers, linear output). */
export function energyFloat64(row: ArrayLike<number>, layout: ParamLayout, d: StructureDescriptors, element: Int32Array, std: Standardisation[]): number {
  let total = 0;
  for (let i = 0; i < d.n; i++) {
    const e = element[i];
    const D = d.dims[i];
    let h = new Float64Array(D);
    for (let k = 0; k < D; k++) h[k] = (d.values[d.offsets[i] + k] - std[e].mean[k]) * std[e].scale[k];
    const slots = layout.slots.filter((s) => s.element === e);
    for (let l = 0; l < slots.length; l += 2) {
      const w = slots[l];
      const b = slots[l + 1];
      const z = new Float64Array(w.cols);
      for (let c = 0; c < w.cols; c++) {
        let acc = row[b.offset + c];
        for (let r = 0; r < w.rows; r++) acc += h[r] * row[w.offset + r * w.cols + c];
        z[c] = acc;
      }
      h = l + 2 < slots.length ? z.map(Math.tanh) : z;
    }
    total += h[0];
  }
  return total;
}
