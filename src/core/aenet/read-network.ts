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
  // aenet's bookkeeping (new_Network) follows from nnodes; the stored copies must agree with it.
  const arch = `for nnodes [${nodes.join(', ')}]`;
  const iwExpected = [0];
  const ivExpected = [0];
  for (let l = 0; l < nlayers - 1; l++) {
    iwExpected.push(iwExpected[l] + (nodes[l] + 1) * nodes[l + 1]);
    ivExpected.push(ivExpected[l] + nodes[l] + 1);
  }
  const w = iwExpected[nlayers - 1];
  const v = ivExpected[nlayers - 1] + nodes[nlayers - 1];
  if (wsize !== w) throw r.invalid(`Wsize = ${wsize} (record 3)`, 'network.Wsize', `${w} ${arch}`);
  if (nvalues !== v) throw r.invalid(`nvalues = ${nvalues} (record 4)`, 'network.nvalues', `${v} ${arch}`);
  if (nnodesMax !== Math.max(...nodes)) throw r.invalid(`nnodes_max = ${nnodesMax} (record 2)`, 'network.nnodes_max', `${Math.max(...nodes)}`);

  const codes = r.ints('network.f_a', nlayers - 1);
  const activations = Array.from(codes, (c) => {
    const a = ACTIVATIONS[c];
    if (a === undefined) throw r.invalid(`activation code ${c}`, 'network.f_a', '0 (linear), 1 (tanh), 2 (sigmoid), 3 (mtanh) or 4 (twist)');
    return a;
  });
  const iw = Array.from(r.ints('network.iw', nlayers));
  if (iw.some((x, l) => x !== iwExpected[l])) throw r.invalid(`iw = [${iw.join(', ')}]`, 'network.iw', `[${iwExpected.join(', ')}] ${arch}`);
  const iv = Array.from(r.ints('network.iv', nlayers));
  if (iv.some((x, l) => x !== ivExpected[l])) throw r.invalid(`iv = [${iv.join(', ')}]`, 'network.iv', `[${ivExpected.join(', ')}] ${arch}`);

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
