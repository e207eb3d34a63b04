/** aenet potentials: read `.nn` / `.nn.ascii` files and evaluate them on structures; write trained models as `.nn`. */
export type { AenetActivation, AenetNetwork, AenetFingerprintSetup, AenetTrainsetInfo, AenetPotential } from './types';
export { loadAenetPotential, parseAenetPotential } from './read-potential';
export { createAenetModel, toChebyshevSetup, type AenetModel } from './model';
export { AenetPredictor } from './predictor';
export { predictFromDescriptors, type AenetPrediction } from './predict-from-descriptors';
export { parseAenetEnergies, type AenetEnergiesRow } from './energies-file';
export { FortranRecordReader } from './fortran-records';
export { encodeAenetPotential, type AenetPotentialContents } from './write-potential';
export { aenetExportFromModel, aenetFileName, type AenetExport, type AenetWeightSet } from './from-saved-model';
