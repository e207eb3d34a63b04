/**
 * The network block of an aenet `.nn` file (feedforward.f90 save_Network): nlayers, nnodes_max,
 * Wsize, nvalues, then nnodes(:), f_a(2:nlayers), iw(:), iv(:), W(:), one record each.
 * The bookkeeping arrays are redundant with nnodes, so they are checked, not trusted.
 */
import type { AenetFieldReader } from './field-reader';
import type { AenetActivation, AenetNetwork } from './types';

const ACTIVATIONS: AenetActivation[] = ['linear', 'tanh', 'sigmoid', 'mtanh', 'twist'];

export function readAenetNetwork(r: AenetFieldReader): AenetNetwork {
  const nlayers = r.int('network.nlayers');
  if (nlayers < 2 || nlayers > 1000) throw r.invalid(`nlayers = ${nlayers}`, 'network.nlayers', 'at least 2 layers (input and output)');
  const nnodesMax = r.int('network.nnodes_max');
  const wsize = r.int('network.Wsize');
  const nvalues = r.int('network.nvalues');

  const nodes = Array.from(r.ints('network.nnodes', nlayers));
  if (nodes.some((n) => n < 1)) throw r.invalid(`nnodes = [${nodes.join(', ')}]`, 'network.nnodes', 'positive node counts');
  const codes = r.ints('network.f_a', nlayers - 1);
  const activations = Array.from(codes, (c) => {
    const a = ACTIVATIONS[c];
    if (a === undefined) throw r.invalid(`activation code ${c}`, 'network.f_a', '0 (linear), 1 (tanh), 2 (sigmoid), 3 (mtanh) or 4 (twist)');
    return a;
  });
  const iw = r.ints('network.iw', nlayers);
  const iv = r.ints('network.iv', nlayers);

  // Recompute aenet's bookkeeping (new_Network) and require the stored values to agree.
  let w = 0;
  let v = 0;
  for (let l = 0; l < nlayers - 1; l++) {
    if (iw[l] !== w || iv[l] !== v) throw r.invalid(`iw/iv of layer ${l + 1} are ${iw[l]}/${iv[l]}`, 'network.iw', `${w}/${v} for nnodes [${nodes.join(', ')}]`);
    w += (nodes[l] + 1) * nodes[l + 1];
    v += nodes[l] + 1;
  }
  if (iw[nlayers - 1] !== w || iv[nlayers - 1] !== v) {
    throw r.invalid(`iw/iv of the output layer are ${iw[nlayers - 1]}/${iv[nlayers - 1]}`, 'network.iw', `${w}/${v}`);
  }
  if (wsize !== w) throw r.invalid(`Wsize = ${wsize}`, 'network.Wsize', `${w} for nnodes [${nodes.join(', ')}]`);
  if (nvalues !== v + nodes[nlayers - 1]) throw r.invalid(`nvalues = ${nvalues}`, 'network.nvalues', `${v + nodes[nlayers - 1]}`);
  if (nnodesMax !== Math.max(...nodes)) throw r.invalid(`nnodes_max = ${nnodesMax}`, 'network.nnodes_max', `${Math.max(...nodes)}`);

  const flat = r.reals('network.W', wsize);
  const weights: Float64Array[] = [];
  let base = 0;
  for (let l = 0; l < nlayers - 1; l++) {
    const nin = nodes[l] + 1;
    const nout = nodes[l + 1];
    const m = new Float64Array(nout * nin);
    // Fortran block is column-major (nout × nin): element (j, k) at base + j + k·nout.
    for (let k = 0; k < nin; k++) for (let j = 0; j < nout; j++) m[j * nin + k] = flat[base + j + k * nout];
    weights.push(m);
    base += nout * nin;
  }
  return { nodes, activations, weights };
}
