/**
 * Structure readers: the public surface. Everything else in this folder is an implementation detail.
 *
 * - Formats: aenet XSF (one structure per file; energy from `# total energy = E eV`) and extended XYZ
 *   (ASE conventions, any number of frames), each optionally gzip-compressed (`.gz`).
 * - Inputs: files, folders (their .xsf/.extxyz/.xyz files, not recursive), globs (`*`, `?`, `**`,
 *   `[a-z]`, `{a,b}`) and `.tar.gz`/`.tgz`/`.tar` archives of such files.
 * - Names: the path as given, `archive.tar.gz:member` inside archives, `file.extxyz#k` for frame k
 *   (0-based). Order: inputs as given, folders and globs naturally sorted, archives in archive order.
 * - Units inside: Å, eV, eV/Å. Extended-XYZ energies may be declared in kcal/mol (converted with
 *   KCAL_PER_MOL_IN_EV); XSF energies are eV by the format's own comment.
 * - Energies may come instead from a separate table (`NAME ENERGY …` per line, e.g. QM7's
 *   hof_qm7.txt), joined by file or archive-member name: ReadOptions.energies.
 * - Bad input throws a LocatedError naming the file (or `archive:member`), the 1-based line and what
 *   was expected.
 */
export type { Structure, EnergyUnit } from './types';
export { readStructures, type ReadOptions } from './read';
export { parseXsf, type ParseOptions } from './xsf';
export { parseExtxyz } from './extxyz';
export { parseEnergyTable, type EnergyTable, type EnergyRow, type EnergyTableOptions } from './energy-table';
export { readEnergyTable, energyTableName, type EnergyTableSource } from './energy-table-source';
export { joinEnergyTable, applyEnergyTable, type JoinResult } from './energy-table-join';
export { cohesiveEnergy } from './cohesive';
export { KCAL_PER_MOL_IN_EV, toElectronvoltFactor, isEnergyUnit } from './units';
export { elementSymbol, atomicNumber, ELEMENT_SYMBOLS } from './elements';
