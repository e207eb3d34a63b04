/**
 * The training-set summary closing an aenet `.nn` file (trainset.f90 save_TrnSet_info): file,
 * normalized, scale, shift, nTypes, typeName(:), E_atom(:), nAtomsTot, nStrucs, and one record with
 * E_min, E_max, E_av.
 */
import type { FortranRecordReader } from './fortran-records';
import type { AenetTrainsetInfo } from './types';

export function readAenetTrainsetInfo(r: FortranRecordReader): AenetTrainsetInfo {
  const file = r.string('trainset.file').trim();
  const normalized = r.logical('trainset.normalized');
  const scale = r.float64('trainset.scale');
  if (!(scale > 0) || !Number.isFinite(scale)) throw r.invalid(`energy scale ${scale}`, 'trainset.scale', 'a positive finite energy scaling factor');
  const shift = r.float64('trainset.shift');
  const nTypes = r.int32('trainset.nTypes');
  if (nTypes < 1 || nTypes > 200) throw r.invalid(`nTypes = ${nTypes}`, 'trainset.nTypes', 'between 1 and 200 species');
  const typeNames = r.stringArray('trainset.typeName', nTypes);
  const atomicEnergies = Array.from(r.float64Array('trainset.E_atom', nTypes));
  const nAtomsTot = r.int32('trainset.nAtomsTot');
  const nStrucs = r.int32('trainset.nStrucs');
  const e = r.record('trainset.E_min,E_max,E_av', 24);
  return {
    file, normalized, scale, shift, typeNames, atomicEnergies, nAtomsTot, nStrucs,
    eMin: e.getFloat64(0, true), eMax: e.getFloat64(8, true), eAv: e.getFloat64(16, true),
  };
}
