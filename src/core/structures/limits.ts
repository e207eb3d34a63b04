/**
 * Limits on structure data, checked while reading and before any work sized by the data: a declared
 * atom count, a coordinate or a decompressed size far beyond any real data set is a damaged or hostile
 * file, and trusting it would mean minutes of looping or gigabytes of memory before the first error.
 */
export const STRUCTURE_LIMITS = {
  /** Atoms in one structure (the largest training structures hold a few thousand). */
  maxAtoms: 1_000_000,
  /** |coordinate| and |lattice component| in Å (a light-year is 1e26 Å; a simulation box is < 1e4). */
  maxCoordinate: 1e6,
  /** Bytes a gzip stream may expand to (a 165,000-atom data set is about 20 MB of text). */
  maxDecompressedBytes: 1024 * 1024 * 1024,
  /** Atoms per Å³ of a periodic cell (diamond, the densest solid, has 0.18). */
  maxAtomsPerCubicAngstrom: 1,
  /** A periodic cell's height along each lattice vector must be at least cutoff / this (each atom then has at most (2·10+1)³ images). */
  maxCutoffPerHeight: 10,
  /** Atoms closer than this (Å) overlap: the shortest bond, H₂'s, is 0.74 Å. */
  minAtomDistance: 0.1,
  /** |energy| per atom in eV (all-electron total energies of the heaviest atoms are about 1e6 eV). */
  maxEnergyPerAtom: 1e7,
  /** |force component| in eV/Å. */
  maxForce: 1e7,
  /** Periodic images the neighbour search may generate for one structure (memory: 40 bytes each). */
  maxImages: 20_000_000,
} as const;
