/**
 * Builders of Fortran unformatted sequential bytes for tests: the framing is written here by hand,
 * independently of the reader under test.
 */
export function int32s(...v: number[]): Uint8Array {
  const b = new Uint8Array(4 * v.length);
  const dv = new DataView(b.buffer);
  v.forEach((x, i) => dv.setInt32(4 * i, x, true));
  return b;
}

export function float64s(...v: number[]): Uint8Array {
  const b = new Uint8Array(8 * v.length);
  const dv = new DataView(b.buffer);
  v.forEach((x, i) => dv.setFloat64(8 * i, x, true));
  return b;
}

/** CHARACTER(len) values, blank-padded as Fortran writes them. */
export function chars(len: number, ...v: string[]): Uint8Array {
  const b = new Uint8Array(len * v.length).fill(0x20);
  v.forEach((s, i) => { for (let k = 0; k < Math.min(len, s.length); k++) b[i * len + k] = s.charCodeAt(k); });
  return b;
}

export function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let o = 0;
  for (const p of parts) { out.set(p, o); o += p.length; }
  return out;
}

/** Frames each payload with `marker`-byte little-endian lengths before and after. */
export function records(payloads: Uint8Array[], marker: 4 | 8 = 4): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const p of payloads) {
    const m = new Uint8Array(marker);
    new DataView(m.buffer).setUint32(0, p.length, true);
    parts.push(m, p, m);
  }
  return concat(parts);
}

export interface TinyNetwork {
  nodes: number[];
  /** aenet activation codes of layers 2…n. */
  fa: number[];
  /** Per transition, row-major [out][in+1] with the bias last. */
  weights: number[][][];
}

/**
 * The network block of a `.nn` file as aenet's save_Network writes it: four scalars, then nnodes,
 * f_a, iw, iv, and W with each layer's (out × in+1) matrix column-major.
 */
export function networkRecords(net: TinyNetwork): Uint8Array[] {
  const { nodes } = net;
  const iw = [0];
  const iv = [0];
  let w = 0;
  let v = 0;
  for (let l = 0; l < nodes.length - 1; l++) {
    w += (nodes[l] + 1) * nodes[l + 1];
    v += nodes[l] + 1;
    iw.push(w);
    iv.push(v);
  }
  const flat: number[] = [];
  for (const m of net.weights) {
    const nout = m.length;
    const nin = m[0].length;
    for (let k = 0; k < nin; k++) for (let j = 0; j < nout; j++) flat.push(m[j][k]);
  }
  return [
    int32s(nodes.length), int32s(Math.max(...nodes)), int32s(w), int32s(v + nodes[nodes.length - 1]),
    int32s(...nodes), int32s(...net.fa), int32s(...iw), int32s(...iv), float64s(...flat),
  ];
}

export interface TinySetup {
  atom: string;
  env: string[];
  radial: [number, number];
  angular: [number, number];
  avg: number[];
  cov: number[];
}

/** The set-up block as save_Setup writes it (Chebyshev parameters in sfparam(1:4,1)). */
export function setupRecords(s: TinySetup): Uint8Array[] {
  const nsf = s.avg.length;
  const sfparam = new Array(4 * nsf).fill(0);
  sfparam[0] = s.radial[0]; sfparam[1] = s.radial[1]; sfparam[2] = s.angular[0]; sfparam[3] = s.angular[1];
  return [
    chars(1024, 'Tiny set-up.$$'), chars(2, s.atom), int32s(s.env.length), chars(2, ...s.env),
    float64s(0.5), float64s(Math.max(s.radial[0], s.angular[0])), chars(100, 'Chebyshev'),
    int32s(nsf), int32s(4), int32s(...new Array(nsf).fill(0)), float64s(...sfparam), int32s(...new Array(2 * nsf).fill(0)),
    int32s(123), float64s(...s.avg.map((a) => a - 1)), float64s(...s.avg.map((a) => a + 1)), float64s(...s.avg), float64s(...s.cov),
  ];
}

export interface TinyTrainset { types: string[]; eAtom: number[]; scale: number; shift: number }

/** The training-set block as save_TrnSet_info writes it. */
export function trainsetRecords(t: TinyTrainset): Uint8Array[] {
  return [
    chars(1024, 'tiny.train.scaled'), int32s(1), float64s(t.scale), float64s(t.shift), int32s(t.types.length),
    chars(2, ...t.types), float64s(...t.eAtom), int32s(10), int32s(2), float64s(-1, 1, 0),
  ];
}
