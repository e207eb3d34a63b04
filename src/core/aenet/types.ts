/**
 * The contents of one aenet `.nn` potential file: the network, the structural fingerprint set-up
 * (with the input normalisation statistics) and the training-set summary (energy normalisation and
 * atomic reference energies), in the order aenet writes them.
 */

/** aenet's activation codes 0…4 (feedforward.f90), by name. */
export type AenetActivation = 'linear' | 'tanh' | 'sigmoid' | 'mtanh' | 'twist';

export interface AenetNetwork {
  /** Nodes per layer without bias, input first: e.g. [60, 40, 40, 1]. */
  nodes: number[];
  /** Activation of every layer after the input (length nodes.length − 1). */
  activations: AenetActivation[];
  /**
   * One matrix per layer transition l → l+1, row-major [out][in + 1]; column `in` holds the bias.
   * (aenet stores each as a column-major (out × in+1) block of one flat vector.)
   */
  weights: Float64Array[];
}

export interface ChebyshevBasisParams {
  radialCutoff: number;
  radialOrder: number;
  angularCutoff: number;
  angularOrder: number;
}

export interface AenetFingerprintSetup {
  description: string;
  /** The central element. */
  atomType: string;
  /** Environment species in set-up order (fixes the type weights). */
  envTypes: string[];
  rcMin: number;
  rcMax: number;
  /** `Chebyshev` or `Behler2011`, as written in the file. */
  basisType: string;
  nsf: number;
  /** Present for the Chebyshev basis (aenet keeps them in the first column of sfparam). */
  chebyshev: ChebyshevBasisParams | null;
  /** Number of descriptor evaluations the statistics below were accumulated over. */
  neval: number;
  sfvalMin: Float64Array;
  sfvalMax: Float64Array;
  /** Running mean of G and of G² over the reference structures (aenet's sfval_avg, sfval_cov). */
  sfvalAvg: Float64Array;
  sfvalCov: Float64Array;
}

export interface AenetTrainsetInfo {
  /** Path of the training-set file the potential was trained on. */
  file: string;
  normalized: boolean;
  /** Energy normalisation: Ê = scale·(E − N·shift). */
  scale: number;
  shift: number;
  typeNames: string[];
  /** Atomic reference energies (eV), aligned with typeNames. */
  atomicEnergies: number[];
  nAtomsTot: number;
  nStrucs: number;
  eMin: number;
  eMax: number;
  eAv: number;
}

export interface AenetPotential {
  file: string;
  element: string;
  network: AenetNetwork;
  setup: AenetFingerprintSetup;
  trainset: AenetTrainsetInfo;
  /** Atomic energy E_i = energyScale·y + energyShift (cohesive, relative to the free atoms). */
  energyScale: number;
  energyShift: number;
  /** Free-atom reference energy of this element (eV): E_total = Σ E_i + Σ atomicEnergy. */
  atomicEnergy: number;
  /** Input normalisation G̃ = (G − mean)·scale, as aenet's stp_normalize does it. */
  inputMean: Float64Array;
  inputScale: Float64Array;
}
