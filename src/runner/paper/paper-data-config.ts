/**
 * `mlip-uq paper --data-config FILE`: the comparison on the data of a config the user already has. Its `data`
 * section (structures, format, units, energy table, reference energies, MAXENERGY filter) and `descriptor`
 * section are taken as they are, with every path made absolute, since the paper's configs are written to
 * OUT/configs/; the split, subset and limit stay the paper's, and so do network, method and training.
 */
import { dirname, isAbsolute, resolve } from 'node:path';
import { loadConfigOrThrow } from '../../core/config';

export interface DataBlocks {
  data: Record<string, unknown>;
  descriptor: Record<string, unknown>;
  /** The data's elements where the reference energies name them (empty for `fit`). */
  elements: string[];
}

const absolute = (base: string, p: string) => (isAbsolute(p) ? p : resolve(base, p));

export function readDataConfig(file: string): DataBlocks {
  const { config } = loadConfigOrThrow(file);
  const base = dirname(resolve(file));
  // The paper fixes the split itself: a given split file or given sets of the config would override it.
  const { split: _split, subset: _subset, limit: _limit, split_file: _splitFile, test_structures: _test, validation_structures: _val, ...data } = config.data;
  // Energies from a table: its path made absolute. Energies in the structure files: no `energies` section at all (the
  // loaded config's defaults, e.g. its unit, would be an energies section without a file, which a config refuses).
  const { energies, ...rest } = data;
  const table = energies.file ? { energies: { ...energies, file: absolute(base, energies.file) } } : {};
  const stp = Object.fromEntries(Object.entries(config.descriptor.stp_files).map(([el, p]) => [el, absolute(base, p)]));
  return {
    data: { ...rest, structures: data.structures.map((p) => absolute(base, p)), ...table },
    descriptor: { ...config.descriptor, stp_files: stp },
    elements: typeof config.data.reference_energies === 'string' ? [] : Object.keys(config.data.reference_energies).sort(),
  };
}
