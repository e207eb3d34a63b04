/**
 * The training-set summary closing an aenet `.nn` file (trainset.f90 save_TrnSet_info): file,
 * normalized, scale, shift, nTypes, typeName(:), E_atom(:), nAtomsTot, nStrucs, and one record with
 * E_min, E_max, E_av.
 */
import type { AenetFieldReader } from './field-reader';
import type { AenetTrainsetInfo } from './types';

export function readAenetTrainsetInfo(r: AenetFieldReader): AenetTrainsetInfo {
  const file = r.text('trainset.file').trim();
  const normalized = r.logical('trainset.normalized');
  const scale = r.real('trainset.scale');
  if (!(scale > 0) || !Number.isFinite(scale)) throw r.invalid(`energy scale ${scale}`, 'trainset.scale', 'a positive finite energy scaling factor');
  const shift = r.real('trainset.shift');
  const nTypes = r.int('trainset.nTypes');
  if (nTypes < 1 || nTypes > 200) throw r.invalid(`nTypes = ${nTypes}`, 'trainset.nTypes', 'between 1 and 200 species');
  const typeNames = r.words('trainset.typeName', nTypes);
  const atomicEnergies = Array.from(r.reals('trainset.E_atom', nTypes));
  const nAtomsTot = r.int('trainset.nAtomsTot');
  const nStrucs = r.int('trainset.nStrucs');
  const [eMin, eMax, eAv] = r.reals('trainset.E_min,E_max,E_av', 3);
  return { file, normalized, scale, shift, typeNames, atomicEnergies, nAtomsTot, nStrucs, eMin, eMax, eAv };
}
