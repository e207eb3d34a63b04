/**
 * A structure's place in descriptor space, for diversity: per element the mean of its atoms' standardised
 * descriptors (G̃ = (G − mean)·scale, the training split's statistics), concatenated in the model's element
 * order; an element the structure lacks contributes zeros (the training mean). Mean pooling makes the
 * fingerprint independent of the cell size, so a supercell sits on its primitive cell.
 */
import type { Standardisation, StructureDescriptors } from '../descriptors/types';

export function structureFingerprint(d: StructureDescriptors, species: readonly string[], std: readonly Standardisation[]): Float64Array {
  const width = std.reduce((a, s) => a + s.mean.length, 0);
  const out = new Float64Array(width);
  let base = 0;
  for (const s of std) {
    const dim = s.mean.length;
    let count = 0;
    for (let i = 0; i < d.n; i++) {
      if (species[i] !== s.element) continue;
      count++;
      const o = d.offsets[i];
      for (let c = 0; c < dim; c++) out[base + c] += (d.values[o + c] - s.mean[c]) * s.scale[c];
    }
    if (count > 0) for (let c = 0; c < dim; c++) out[base + c] /= count;
    base += dim;
  }
  return out;
}

/**
 * Per atom, how far its standardised descriptor lies from the training data's centre: √mean G̃² (the training
 * atoms of its element have mean 0 and unit spread per feature, so values ≫ 1 are unlike anything trained on).
 */
export function atomNovelty(d: StructureDescriptors, species: readonly string[], std: readonly Standardisation[]): Float64Array {
  const byElement = new Map(std.map((s) => [s.element, s]));
  const out = new Float64Array(d.n);
  for (let i = 0; i < d.n; i++) {
    const s = byElement.get(species[i]);
    if (!s) { out[i] = Infinity; continue; } // an element the model never saw
    const o = d.offsets[i];
    let sum = 0, used = 0;
    for (let c = 0; c < s.mean.length; c++) {
      if (s.scale[c] === 0) continue; // a constant feature in training carries no distance
      sum += ((d.values[o + c] - s.mean[c]) * s.scale[c]) ** 2;
      used++;
    }
    out[i] = used ? Math.sqrt(sum / used) : 0;
  }
  return out;
}
