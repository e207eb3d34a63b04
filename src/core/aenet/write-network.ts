/**
 * The network block of an aenet `.nn` file, the inverse of read-network.ts (feedforward.f90
 * save_Network): nlayers, nnodes_max, Wsize, nvalues, nnodes(:), f_a(2:nlayers), iw(:), iv(:), W(:),
 * one record each. iw/iv are aenet's offsets of each layer's weights and values (new_Network).
 */
import type { AenetActivation, AenetNetwork } from './types';
import type { FortranRecordWriter } from './write-records';

/** aenet's activation codes (feedforward.f90): the index in this list. */
export const AENET_ACTIVATION_CODES: readonly AenetActivation[] = ['linear', 'tanh', 'sigmoid', 'mtanh', 'twist'];

export function writeAenetNetwork(w: FortranRecordWriter, net: AenetNetwork): void {
  const { nodes, activations, weights } = net;
  const L = nodes.length;
  if (L < 2 || activations.length !== L - 1 || weights.length !== L - 1) {
    throw new RangeError(`a network of ${L} layers needs ${L - 1} activations and weight matrices (has ${activations.length} and ${weights.length})`);
  }
  const iw = [0];
  const iv = [0];
  for (let l = 0; l < L - 1; l++) {
    iw.push(iw[l] + (nodes[l] + 1) * nodes[l + 1]);
    iv.push(iv[l] + nodes[l] + 1);
  }
  const wsize = iw[L - 1];
  const nvalues = iv[L - 1] + nodes[L - 1];
  w.int32(L);
  w.int32(Math.max(...nodes));
  w.int32(wsize);
  w.int32(nvalues);
  w.int32Array(nodes);
  w.int32Array(activations.map((a) => AENET_ACTIVATION_CODES.indexOf(a)));
  w.int32Array(iw);
  w.int32Array(iv);
  const flat = new Float64Array(wsize);
  for (let l = 0; l < L - 1; l++) {
    const nin = nodes[l] + 1;
    const nout = nodes[l + 1];
    const m = weights[l];
    if (m.length !== nout * nin) throw new RangeError(`layer ${l + 1} weights hold ${m.length} values, expected ${nout}×${nin}`);
    // Fortran block is column-major (nout × nin): element (j, k) at iw[l] + j + k·nout.
    for (let k = 0; k < nin; k++) for (let j = 0; j < nout; j++) flat[iw[l] + j + k * nout] = m[j * nin + k];
  }
  w.float64Array(flat);
}
