/** An atomic structure in the units used everywhere inside: Å, eV, eV/Å. */
export interface Structure {
  /** Display name: the file path, `archive.tar.gz:member`, or `file.extxyz#frame`. */
  name: string;
  /** Where it came from, for located errors and "open the structure file" links. */
  source: { file: string; member?: string; frame?: number; line?: number };
  /** Chemical symbol per atom. */
  species: string[];
  /** Cartesian positions, 3N values (x0,y0,z0,x1,…) in Å. */
  positions: Float64Array;
  /** Cell as three row vectors a1,a2,a3 (9 values, Å), or null for a molecule. */
  cell: Float64Array | null;
  /** Periodicity along a1,a2,a3. All false for a molecule. */
  pbc: [boolean, boolean, boolean];
  /** Total energy in eV, or null when the file holds none. */
  energy: number | null;
  /** Forces, 3N values in eV/Å, or null when the file holds none. */
  forces: Float64Array | null;
  /**
   * Group for per-group errors: an extended-XYZ `config_type`, or else the `data.structures` entry
   * (folder, glob, file) it was read from when the data name several; absent = no group.
   */
  group?: string;
}

export type EnergyUnit = 'eV' | 'kcal/mol';
