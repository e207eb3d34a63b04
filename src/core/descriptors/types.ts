/**
 * Chebyshev descriptor set-up of one central element (aenet's `.stp` fingerprint file, or a config
 * block). Both sources map to this one type.
 */
export interface ChebyshevSetup {
  /** The central element this set-up applies to. */
  element: string;
  /** Environment species, in order: this order fixes the type weights (−n/2 … n/2, 0 skipped for even n). */
  env: string[];
  /** Minimum interatomic distance (Å) aenet warns about; not part of the descriptor values. */
  rmin: number;
  radialCutoff: number;
  radialOrder: number;
  angularCutoff: number;
  angularOrder: number;
}

/**
 * Descriptors of one structure. Per-atom vectors are packed row after row; every element has its own
 * descriptor length, so `offsets[i]` is where atom i's vector starts in `values`.
 */
export interface StructureDescriptors {
  /** Number of atoms. */
  n: number;
  /** Descriptor length of each atom (depends on its element's set-up). */
  dims: Int32Array;
  /** Start of atom i's vector in `values`; length n+1. */
  offsets: Int32Array;
  values: Float64Array;
  /** Present when derivatives were requested. */
  jacobian?: SparseJacobian;
}

/**
 * ∂G_i/∂R_k stored per (i, k) pair where k is i itself or a neighbour of i (periodic images of one atom
 * summed into one pair). Pairs are grouped by the central atom i: pairs pairStart[i] … pairStart[i+1]−1.
 * Block p holds 3·dims[i] values laid out [c][n] (c = x,y,z), starting at blockStart[p].
 */
export interface SparseJacobian {
  pairStart: Int32Array; // length n+1
  /** Atom index k of each pair. */
  pairAtom: Int32Array;
  /** Start of pair p's 3×D block in `values`; length nPairs+1. */
  blockStart: Int32Array;
  /** float64, or float32 when featurized with `float32Jacobian` (the training path: it computes in float32). */
  values: Float64Array | Float32Array;
}

/** Per-element standardisation: G̃ = (G − mean)·scale, with scale = 1/std (0 where std = 0). */
export interface Standardisation {
  element: string;
  mean: Float64Array;
  scale: Float64Array;
}
