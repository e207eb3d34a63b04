/**
 * An aenet potential file (potential.f90 load_NNPot): the network, the fingerprint set-up and the
 * training-set summary, one after the other, either in aenet's binary `.nn` (Fortran unformatted
 * sequential) or in the `.nn.ascii` text form that aenet-PyTorch writes; the content decides which.
 */
import { readFileSync } from 'node:fs';
import { LocatedError } from '../errors';
import { FortranRecordReader } from './fortran-records';
import { AsciiFieldReader } from './ascii-field-reader';
import { BinaryFieldReader, type AenetFieldReader } from './field-reader';
import { readAenetNetwork } from './read-network';
import { readAenetFingerprintSetup } from './read-fingerprint-setup';
import { readAenetTrainsetInfo } from './read-trainset-info';
import type { AenetPotential } from './types';

/** aenet treats a fingerprint function with a standard deviation at or below this as constant. */
const MIN_STD = 1e-10;

export function loadAenetPotential(path: string): AenetPotential {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    throw new LocatedError(`cannot read the potential file: ${(e as Error).message}`, { file: path }, 'a readable aenet .nn file');
  }
  return parseAenetPotential(bytes, path);
}

export function parseAenetPotential(bytes: Uint8Array, file: string): AenetPotential {
  const r: AenetFieldReader = looksLikeText(bytes)
    ? new AsciiFieldReader(new TextDecoder().decode(bytes), file)
    : new BinaryFieldReader(new FortranRecordReader(bytes, file));
  const network = readAenetNetwork(r);
  const setup = readAenetFingerprintSetup(r);
  const trainset = readAenetTrainsetInfo(r);

  if (network.nodes[0] !== setup.nsf) {
    throw new LocatedError(`the network takes ${network.nodes[0]} inputs but the fingerprint set-up has ${setup.nsf} functions`,
      { file, field: 'network.nnodes' }, 'equal input and descriptor sizes');
  }
  if (network.nodes[network.nodes.length - 1] !== 1) {
    throw new LocatedError(`the network has ${network.nodes[network.nodes.length - 1]} outputs`, { file, field: 'network.nnodes' },
      'one output node (the atomic energy)');
  }
  const element = setup.atomType;
  const itype = trainset.typeNames.indexOf(element);
  if (itype < 0) {
    throw new LocatedError(`central species ${element} is not among the training-set species [${trainset.typeNames.join(', ')}]`,
      { file, field: 'trainset.typeName' }, `${element} in the training-set species`);
  }

  const n = setup.nsf;
  const inputMean = new Float64Array(n);
  const inputScale = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const avg = setup.sfvalAvg[k];
    const s = Math.sqrt(setup.sfvalCov[k] - avg * avg);
    inputMean[k] = avg;
    // A constant function (or round-off making the variance negative) gets scale 0, as in aenet.
    inputScale[k] = s > MIN_STD ? 1 / s : 0;
  }

  return {
    file, element, network, setup, trainset,
    energyScale: 1 / trainset.scale,
    energyShift: trainset.shift,
    atomicEnergy: trainset.atomicEnergies[itype],
    inputMean, inputScale,
  };
}

/**
 * A binary `.nn` starts with a record marker (04 00 00 00 for nlayers): bytes no text file holds.
 * The ASCII form starts with the layer count in digits and blanks.
 */
function looksLikeText(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 64);
  if (n === 0) return false;
  for (let i = 0; i < n; i++) {
    const c = bytes[i];
    if (!(c === 9 || c === 10 || c === 13 || (c >= 32 && c < 127))) return false;
  }
  return /^\s*\d+\s*$/.test(new TextDecoder().decode(bytes.subarray(0, n)).split(/\r?\n/)[0]);
}
