/**
 * Structure readers: the public surface. Everything else in this folder is an implementation detail.
 */
export type { Structure, EnergyUnit } from './types';
export { readStructures, type ReadOptions } from './read';
export { parseXsf, type ParseOptions } from './xsf';
export { parseExtxyz } from './extxyz';
export { cohesiveEnergy } from './cohesive';
export { KCAL_PER_MOL_IN_EV, toElectronvoltFactor, isEnergyUnit } from './units';
export { elementSymbol, atomicNumber, ELEMENT_SYMBOLS } from './elements';
