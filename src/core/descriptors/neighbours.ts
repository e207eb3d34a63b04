/**
 * Neighbour lists within a cutoff, periodic images included (aenet's convention: every image j with
 * 0 < r_ij ≤ R_c, images of atom i itself too). Periodic axes are handled by generating the image
 * copies ("ghosts") that can lie within R_c of the home cell, with the image range per axis taken from
 * the cell's perpendicular widths; then ghosts are binned on a Cartesian grid of side ≥ R_c so each
 * atom only looks at the 27 bins around it. That is O(N) for large systems and exact for cells far
 * smaller than the cutoff (the 6-atom TiO2 cells need hundreds of images).
 *
 * Buffers are kept and grown between calls: featurizing thousands of structures allocates nothing here.
 */
import { LocatedError } from '../errors';
import { STRUCTURE_LIMITS as L } from '../structures/limits';

export class NeighbourList {
  /** Number of atoms. */
  n = 0;
  /** Entries of atom i are start[i] … start[i+1]−1. */
  start = new Int32Array(1);
  /** The (home) atom index an entry is an image of. */
  atom = new Int32Array(256);
  /** Displacement R_j(image) − R_i and its length. */
  dx = new Float64Array(256);
  dy = new Float64Array(256);
  dz = new Float64Array(256);
  r = new Float64Array(256);

  private gx = new Float64Array(256);
  private gy = new Float64Array(256);
  private gz = new Float64Array(256);
  private gAtom = new Int32Array(256);
  private gBin = new Int32Array(256);
  private sorted = new Int32Array(256);
  private binStart = new Int32Array(2);
  /** Home positions: wrapped into the cell along periodic axes. */
  private hx = new Float64Array(0);
  private hy = new Float64Array(0);
  private hz = new Float64Array(0);
  /** The structure being built, for located errors. */
  private where: { name?: string; file?: string; line?: number } = {};

  /**
   * cell: rows a1, a2, a3 (9 values) or null for a molecule. `where` locates errors (structure name, file, line).
   */
  build(positions: Float64Array, cell: Float64Array | null, pbc: readonly boolean[], cutoff: number, where: { name?: string; file?: string; line?: number } = {}): void {
    const n = positions.length / 3;
    this.n = n;
    this.where = where;
    if (this.start.length < n + 1) this.start = new Int32Array(n + 1);
    if (this.hx.length < n) { this.hx = new Float64Array(n); this.hy = new Float64Array(n); this.hz = new Float64Array(n); }
    const nGhost = this.makeGhosts(positions, cell, pbc, cutoff, where);
    this.binGhosts(nGhost, cutoff);
    this.search(cutoff);
  }

  private makeGhosts(pos: Float64Array, cell: Float64Array | null, pbc: readonly boolean[], rc: number, where: { name?: string; file?: string; line?: number }): number {
    const n = this.n;
    const { hx, hy, hz } = this;
    const periodic = cell !== null && (pbc[0] || pbc[1] || pbc[2]);
    if (!periodic) {
      this.ensureGhosts(n);
      for (let i = 0; i < n; i++) {
        hx[i] = this.gx[i] = pos[3 * i]; hy[i] = this.gy[i] = pos[3 * i + 1]; hz[i] = this.gz[i] = pos[3 * i + 2];
        this.gAtom[i] = i;
      }
      return n;
    }
    const c = cell!;
    const [ax, ay, az, bx, by, bz, cx, cy, cz] = c;
    // Rows of the inverse (fractional = r · A⁻¹), via cross products: A⁻¹ columns are (b×c, c×a, a×b)/V.
    const bcx = by * cz - bz * cy, bcy = bz * cx - bx * cz, bcz = bx * cy - by * cx;
    const cax = cy * az - cz * ay, cay = cz * ax - cx * az, caz = cx * ay - cy * ax;
    const abx = ay * bz - az * by, aby = az * bx - ax * bz, abz = ax * by - ay * bx;
    const vol = ax * bcx + ay * bcy + az * bcz;
    if (!(Math.abs(vol) > 1e-10)) throw new LocatedError(`cell of ${where.name || 'structure'} has zero volume`, { file: where.file, line: where.line, field: 'cell' }, 'three linearly independent lattice vectors');
    const wA = Math.abs(vol) / Math.hypot(bcx, bcy, bcz);
    const wB = Math.abs(vol) / Math.hypot(cax, cay, caz);
    const wC = Math.abs(vol) / Math.hypot(abx, aby, abz);
    // Checked before any image is made: a cell far thinner than the cutoff needs (R_c/h)³ images per atom.
    const loc = { file: where.file, line: where.line, field: 'cell' };
    const name = where.name || 'structure';
    const widths = [wA, wB, wC];
    for (let k = 0; k < 3; k++) {
      if (pbc[k] && widths[k]! * L.maxCutoffPerHeight < rc) {
        throw new LocatedError(`cell of ${name} is ${widths[k]!.toPrecision(3)} Å high along a${k + 1}, under the cutoff ${rc} Å / ${L.maxCutoffPerHeight}`, loc,
          `periodic cell heights of at least ${(rc / L.maxCutoffPerHeight).toPrecision(3)} Å`);
      }
    }
    if (pbc[0] && pbc[1] && pbc[2] && n / Math.abs(vol) > L.maxAtomsPerCubicAngstrom) {
      throw new LocatedError(`cell of ${name} packs ${n} atoms into ${Math.abs(vol).toPrecision(3)} Å³`, loc,
        `at most ${L.maxAtomsPerCubicAngstrom} atom per Å³ (diamond has 0.18)`);
    }
    const reachA = pbc[0] ? rc / wA : 0, reachB = pbc[1] ? rc / wB : 0, reachC = pbc[2] ? rc / wC : 0;
    // Count first so the ghost buffers are sized once.
    const fa = new Float64Array(3 * n);
    let count = 0;
    for (let i = 0; i < n; i++) {
      const x = pos[3 * i], y = pos[3 * i + 1], z = pos[3 * i + 2];
      let f0 = (x * bcx + y * bcy + z * bcz) / vol;
      let f1 = (x * cax + y * cay + z * caz) / vol;
      let f2 = (x * abx + y * aby + z * abz) / vol;
      if (pbc[0]) f0 -= Math.floor(f0);
      if (pbc[1]) f1 -= Math.floor(f1);
      if (pbc[2]) f2 -= Math.floor(f2);
      fa[3 * i] = f0; fa[3 * i + 1] = f1; fa[3 * i + 2] = f2;
      // Wrapping only shifts by lattice vectors; a non-periodic axis keeps its fractional coordinate.
      hx[i] = f0 * ax + f1 * bx + f2 * cx;
      hy[i] = f0 * ay + f1 * by + f2 * cy;
      hz[i] = f0 * az + f1 * bz + f2 * cz;
      count += (Math.floor(1 + reachA - f0) - Math.ceil(-reachA - f0) + 1)
        * (Math.floor(1 + reachB - f1) - Math.ceil(-reachB - f1) + 1)
        * (Math.floor(1 + reachC - f2) - Math.ceil(-reachC - f2) + 1);
    }
    if (count > L.maxImages) {
      throw new LocatedError(`${name} needs ${count} periodic images within the cutoff`, { file: where.file, line: where.line, field: 'cell' },
        `at most ${L.maxImages} (a larger cell or a smaller cutoff)`);
    }
    this.ensureGhosts(count);
    const { gx, gy, gz, gAtom } = this;
    let g = 0;
    for (let i = 0; i < n; i++) {
      const f0 = fa[3 * i], f1 = fa[3 * i + 1], f2 = fa[3 * i + 2];
      const a0 = pbc[0] ? Math.ceil(-reachA - f0) : 0, a1 = pbc[0] ? Math.floor(1 + reachA - f0) : 0;
      const b0 = pbc[1] ? Math.ceil(-reachB - f1) : 0, b1 = pbc[1] ? Math.floor(1 + reachB - f1) : 0;
      const c0 = pbc[2] ? Math.ceil(-reachC - f2) : 0, c1 = pbc[2] ? Math.floor(1 + reachC - f2) : 0;
      for (let na = a0; na <= a1; na++) {
        for (let nb = b0; nb <= b1; nb++) {
          for (let nc = c0; nc <= c1; nc++) {
            gx[g] = hx[i] + na * ax + nb * bx + nc * cx;
            gy[g] = hy[i] + na * ay + nb * by + nc * cy;
            gz[g] = hz[i] + na * az + nb * bz + nc * cz;
            gAtom[g++] = i;
          }
        }
      }
    }
    return g;
  }

  private ensureGhosts(m: number): void {
    if (this.gx.length >= m) return;
    const cap = Math.max(m, 2 * this.gx.length);
    this.gx = new Float64Array(cap); this.gy = new Float64Array(cap); this.gz = new Float64Array(cap);
    this.gAtom = new Int32Array(cap); this.gBin = new Int32Array(cap); this.sorted = new Int32Array(cap);
  }

  // Grid of bins with side ≥ rc over the ghosts' bounding box; counting sort of ghosts by bin.
  private nbx = 1; private nby = 1; private nbz = 1;
  private x0 = 0; private y0 = 0; private z0 = 0;
  private sx = 1; private sy = 1; private sz = 1;

  private binGhosts(m: number, rc: number): void {
    const { gx, gy, gz, gBin } = this;
    let xmin = Infinity, ymin = Infinity, zmin = Infinity, xmax = -Infinity, ymax = -Infinity, zmax = -Infinity;
    for (let g = 0; g < m; g++) {
      const x = gx[g], y = gy[g], z = gz[g];
      if (x < xmin) xmin = x; if (x > xmax) xmax = x;
      if (y < ymin) ymin = y; if (y > ymax) ymax = y;
      if (z < zmin) zmin = z; if (z > zmax) zmax = z;
    }
    if (m === 0) { xmin = ymin = zmin = 0; xmax = ymax = zmax = 0; }
    let nbx = Math.max(1, Math.floor((xmax - xmin) / rc));
    let nby = Math.max(1, Math.floor((ymax - ymin) / rc));
    let nbz = Math.max(1, Math.floor((zmax - zmin) / rc));
    // Sparse, spread-out systems must not make a grid far larger than the number of ghosts.
    while (nbx * nby * nbz > 8 * m + 64) {
      if (nbx >= nby && nbx >= nbz) nbx = Math.ceil(nbx / 2); else if (nby >= nbz) nby = Math.ceil(nby / 2); else nbz = Math.ceil(nbz / 2);
    }
    this.nbx = nbx; this.nby = nby; this.nbz = nbz;
    this.x0 = xmin; this.y0 = ymin; this.z0 = zmin;
    this.sx = Math.max((xmax - xmin) / nbx, rc); this.sy = Math.max((ymax - ymin) / nby, rc); this.sz = Math.max((zmax - zmin) / nbz, rc);
    const nBins = nbx * nby * nbz;
    if (this.binStart.length < nBins + 1) this.binStart = new Int32Array(nBins + 1);
    const bs = this.binStart;
    bs.fill(0, 0, nBins + 1);
    for (let g = 0; g < m; g++) {
      const b = this.binOf(gx[g], gy[g], gz[g]);
      gBin[g] = b;
      bs[b + 1]++;
    }
    for (let b = 0; b < nBins; b++) bs[b + 1] += bs[b];
    // Fill using a running cursor per bin (reusing gBin as the cursor would lose the bin; use a copy).
    const cursor = bs.slice(0, nBins);
    const sorted = this.sorted;
    for (let g = 0; g < m; g++) sorted[cursor[gBin[g]]++] = g;
  }

  private binOf(x: number, y: number, z: number): number {
    const ix = Math.min(this.nbx - 1, Math.max(0, Math.floor((x - this.x0) / this.sx)));
    const iy = Math.min(this.nby - 1, Math.max(0, Math.floor((y - this.y0) / this.sy)));
    const iz = Math.min(this.nbz - 1, Math.max(0, Math.floor((z - this.z0) / this.sz)));
    return (ix * this.nby + iy) * this.nbz + iz;
  }

  private search(rc: number): void {
    const { n, hx, hy, hz, gx, gy, gz, gAtom, sorted, binStart, nbx, nby, nbz } = this;
    const rc2 = rc * rc;
    const minR2 = L.minAtomDistance * L.minAtomDistance;
    let e = 0;
    for (let i = 0; i < n; i++) {
      this.start[i] = e;
      const xi = hx[i], yi = hy[i], zi = hz[i];
      const ix = Math.min(nbx - 1, Math.max(0, Math.floor((xi - this.x0) / this.sx)));
      const iy = Math.min(nby - 1, Math.max(0, Math.floor((yi - this.y0) / this.sy)));
      const iz = Math.min(nbz - 1, Math.max(0, Math.floor((zi - this.z0) / this.sz)));
      for (let bx = Math.max(0, ix - 1); bx <= Math.min(nbx - 1, ix + 1); bx++) {
        for (let by = Math.max(0, iy - 1); by <= Math.min(nby - 1, iy + 1); by++) {
          for (let bz = Math.max(0, iz - 1); bz <= Math.min(nbz - 1, iz + 1); bz++) {
            const b = (bx * nby + by) * nbz + bz;
            for (let s = binStart[b], s1 = binStart[b + 1]; s < s1; s++) {
              const g = sorted[s];
              const dx = gx[g] - xi, dy = gy[g] - yi, dz = gz[g] - zi;
              const r2 = dx * dx + dy * dy + dz * dz;
              if (r2 > rc2) continue;
              if (r2 < minR2) {
                if (r2 === 0 && gAtom[g] === i) continue; // the atom itself
                this.overlap(i, gAtom[g]!, Math.sqrt(r2));
              }
              if (e === this.atom.length) this.grow();
              this.atom[e] = gAtom[g];
              this.dx[e] = dx; this.dy[e] = dy; this.dz[e] = dz;
              this.r[e] = Math.sqrt(r2);
              e++;
            }
          }
        }
      }
    }
    this.start[n] = e;
  }

  /** Two atoms (or an atom and an image) closer than any bond: duplicated or corrupted positions. */
  private overlap(i: number, j: number, r: number): never {
    const w = this.where;
    throw new LocatedError(`atoms ${i + 1} and ${j + 1} of ${w.name || 'structure'} are ${r.toPrecision(3)} Å apart`, { file: w.file, line: w.line, field: 'positions' },
      `atoms at least ${L.minAtomDistance} Å apart`);
  }

  private grow(): void {
    const cap = 2 * this.atom.length;
    const a = new Int32Array(cap); a.set(this.atom); this.atom = a;
    for (const k of ['dx', 'dy', 'dz', 'r'] as const) {
      const f = new Float64Array(cap); f.set(this[k]); this[k] = f;
    }
  }
}
