/**
 * An aenet potential file in aenet's binary `.nn` form (potential.f90 save_NNPot), the inverse of
 * read-potential.ts: the network, the fingerprint set-up (sfsetup.f90 save_Setup) and the training-set
 * summary (trainset.f90 save_TrnSet_info), one Fortran record per field. CHARACTER lengths are those
 * of aenet 2.0.4 (aeio.f90: TYPELEN 2, PATHLEN 1024; description 1024, sftype 100), since aenet reads
 * each field at its declared length.
 */
import type { AenetFingerprintSetup, AenetNetwork, AenetTrainsetInfo } from './types';
import { FortranRecordWriter } from './write-records';
import { writeAenetNetwork } from './write-network';

export const AENET_TYPELEN = 2;
const PATHLEN = 1024;
const DESCRIPTION_LEN = 1024;
const SFTYPE_LEN = 100;
/** aenet's NSFPARAM and NENV_MAX: sfparam has 4 rows and sfenv 2 for every function. */
const NSFPARAM = 4;
const NENV_MAX = 2;

export interface AenetPotentialContents {
  network: AenetNetwork;
  setup: AenetFingerprintSetup;
  trainset: AenetTrainsetInfo;
}

export function encodeAenetPotential(p: AenetPotentialContents): Uint8Array {
  const w = new FortranRecordWriter();
  writeAenetNetwork(w, p.network);
  writeSetup(w, p.setup);
  writeTrainsetInfo(w, p.trainset);
  return w.bytes();
}

/** The Chebyshev set-up as aenet's read_basis_chebyshev leaves it: the 4 basis parameters in sfparam(1:4, 1), the rest zero. */
function writeSetup(w: FortranRecordWriter, s: AenetFingerprintSetup): void {
  const c = s.chebyshev;
  if (!c) throw new RangeError(`only the Chebyshev basis can be written (set-up of ${s.atomType} is "${s.basisType}")`);
  const nsf = s.nsf;
  // aenet marks line breaks of the description with "$$" in its one-line CHARACTER field.
  w.string(s.description.replace(/\r?\n/g, '$$$$').slice(0, DESCRIPTION_LEN), DESCRIPTION_LEN);
  w.string(s.atomType, AENET_TYPELEN);
  w.int32(s.envTypes.length);
  w.stringArray(s.envTypes, AENET_TYPELEN);
  w.float64(s.rcMin);
  w.float64(s.rcMax);
  w.string(s.basisType, SFTYPE_LEN);
  w.int32(nsf);
  w.int32(NSFPARAM);
  w.int32Array(new Int32Array(nsf));
  const sfparam = new Float64Array(NSFPARAM * nsf);
  sfparam.set([c.radialCutoff, c.radialOrder, c.angularCutoff, c.angularOrder]);
  w.float64Array(sfparam);
  w.int32Array(new Int32Array(NENV_MAX * nsf));
  w.int32(s.neval);
  w.float64Array(s.sfvalMin);
  w.float64Array(s.sfvalMax);
  w.float64Array(s.sfvalAvg);
  w.float64Array(s.sfvalCov);
}

function writeTrainsetInfo(w: FortranRecordWriter, t: AenetTrainsetInfo): void {
  w.string(t.file.slice(0, PATHLEN), PATHLEN);
  w.logical(t.normalized);
  w.float64(t.scale);
  w.float64(t.shift);
  w.int32(t.typeNames.length);
  w.stringArray(t.typeNames, AENET_TYPELEN);
  w.float64Array(t.atomicEnergies);
  w.int32(t.nAtomsTot);
  w.int32(t.nStrucs);
  w.float64Array([t.eMin, t.eMax, t.eAv]);
}
