import { LocatedError } from '../errors';
import { STRUCTURE_LIMITS } from './limits';
import type { Where } from './text-lines';

/** Volume of the cell spanned by the row vectors a1, a2, a3 (9 values), signed. */
export function cellVolume(c: ArrayLike<number>): number {
  return (
    c[0] * (c[4] * c[8] - c[5] * c[7]) -
    c[1] * (c[3] * c[8] - c[5] * c[6]) +
    c[2] * (c[3] * c[7] - c[4] * c[6])
  );
}

/**
 * Rejects a cell whose vectors are (nearly) linearly dependent: neighbour searches over such a cell
 * would loop forever or divide by zero far from the place that caused it.
 */
export function checkCell(cell: Float64Array, where: Where): void {
  if (cell.some((x) => Math.abs(x) > STRUCTURE_LIMITS.maxCoordinate)) {
    throw new LocatedError('lattice vector too long', where, `|lattice component| ≤ ${STRUCTURE_LIMITS.maxCoordinate} Å`);
  }
  const lengths = [0, 3, 6].map((o) => Math.hypot(cell[o], cell[o + 1], cell[o + 2]));
  const scale = lengths[0] * lengths[1] * lengths[2];
  if (!(scale > 0) || Math.abs(cellVolume(cell)) < 1e-8 * scale) {
    throw new LocatedError('degenerate cell (zero volume)', where, 'three linearly independent lattice vectors');
  }
}
