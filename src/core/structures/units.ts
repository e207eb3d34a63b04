import type { EnergyUnit } from './types';

/**
 * 1 kcal/mol expressed in eV per particle: 4.184 kJ/mol (thermochemical calorie) divided by
 * N_A·e = 96.485 332 123 310 01 kJ/mol per eV (exact since the 2019 SI: N_A = 6.022 140 76e23 /mol,
 * e = 1.602 176 634e-19 C). ≈ 0.043 364 104 eV.
 */
export const KCAL_PER_MOL_IN_EV = 4.184 / ((6.02214076e23 * 1.602176634e-19) / 1000);

/** Factor that converts an energy (and a force per Å) in `unit` to eV (eV/Å). */
export function toElectronvoltFactor(unit: EnergyUnit): number {
  return unit === 'kcal/mol' ? KCAL_PER_MOL_IN_EV : 1;
}

export function isEnergyUnit(u: unknown): u is EnergyUnit {
  return u === 'eV' || u === 'kcal/mol';
}
