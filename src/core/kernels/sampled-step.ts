/**
 * What the LRT and Flipout kernel steps share: the training rows (and force data) in kernel memory, the
 * kernels' generator state, per-sample energies and their gradients, and the step itself: draw, forward,
 * Gaussian NLL (with forces when trained), backward, chain rule to x = [μ; ρ], analytic KL.
 * A subclass supplies the estimator's passes.
 */
import type { Standardisation } from '../descriptors/types';
import type { MlpKernel } from './mlp-kernel';
import type { ParamLayout } from '../models/layout';
import { addForceNll, addGaussianKl, bnnParts, energyNll, kernelLayers, sampledForceData, sumParts, sumRows, type BnnStepParts, type StepShare, type BnnTerms, type KernelLayer } from './bnn-parts';
import { padded, uploadRows, type ForceBatch, type RowSet } from './rows';
import type { RowWindow } from './row-window';
import type { Rng } from '../rng';
import type { TrainingSample } from '../data/samples';

/** Kernel buffers every sampled step's force passes need (tangent δ and a per sample and hidden layer, g, u, r, h̄ …). */
export interface SampledForceBuffers {
  delta: number[][]; a: number[][];
  g: number; u: number; tmpD: number; r: number; dbar: number; abar: number;
  hbar: number[]; ones: number; zerosD: number; dp: number;
}

/** Allocates those buffers for n force rows of an element with these layers and K samples. */
export function sampledForceBuffers(k: MlpKernel, layers: readonly KernelLayer[], n: number, K: number): SampledForceBuffers {
  const L = layers.length - 1;
  const dp = padded(layers[0].rows), wide = Math.max(...layers.map((p) => p.groups));
  const perSample = (count: number) => Array.from({ length: K }, () => Array.from({ length: count }, (_, l) => k.alloc(n * layers[l].groups * 4)));
  const ones = k.alloc(n * 4);
  for (let r = 0; r < n; r++) k.f32[ones / 4 + 4 * r] = 1;
  return {
    delta: perSample(L), a: perSample(L),
    g: k.alloc(n * dp), u: k.alloc(n * dp), tmpD: k.alloc(n * dp), r: k.alloc(n * Math.max(dp, 4 * wide)),
    dbar: k.alloc(n * wide * 4), abar: k.alloc(n * wide * 4),
    hbar: layers.slice(0, L).map((p) => k.alloc(n * p.groups * 4)), ones, zerosD: k.alloc(dp), dp,
  };
}

export abstract class SampledKernelStep {
  protected readonly train: RowSet;
  protected readonly state: number;
  protected readonly scratch: number;
  protected readonly energies: Float64Array[];
  protected readonly dE: Float64Array[];
  protected readonly trainF: ForceBatch[] | null = null;
  /** Per sample: predicted forces and dLoss/dF of the batch's force atoms, [atoms][4]. */
  protected readonly forces: number[] = [];
  protected readonly dForces: number[] = [];
  /** Per element: the most rows of any batch, and of its force structures (0 without force training). */
  protected readonly maxRows: number[];
  protected readonly forceRows: number[];

  /** Scratch for one whole-batch noise draw (split by structure only). */
  private readonly noise: number = 0;

  /**
   * `squares`: also keep the descriptor rows squared; `forceLoss`: force training (α, σ_F) or null; `window`:
   * this thread's part when the batches are split by structure (./row-window.ts), `batches` then its lists.
   */
  constructor(
    protected readonly k: MlpKernel, protected readonly layout: ParamLayout, train: readonly TrainingSample[], batches: readonly number[][],
    std: readonly Standardisation[], protected readonly o: BnnTerms, protected readonly forceLoss: { alpha: number; sigma: number } | null,
    squares: boolean, private readonly window: RowWindow | null = null,
  ) {
    if (forceLoss) {
      const fd = sampledForceData(k, layout, train, batches, std, o.samples);
      ({ batches, forceBatches: this.trainF, forces: this.forces, dForces: this.dForces } = fd);
    }
    this.train = uploadRows(k, layout, train, batches, std, squares);
    this.maxRows = layout.elements.map((_, e) => Math.max(1, ...this.train.batches.map((b) => b.count[e])));
    this.forceRows = layout.elements.map((_, e) => (this.trainF ? Math.max(1, ...this.trainF.map((f) => f.rows[e])) : 0));
    this.state = k.alloc(16);
    this.scratch = k.alloc(96);
    const maxB = Math.max(1, ...batches.map((b) => b.length));
    this.energies = Array.from({ length: o.samples }, () => new Float64Array(maxB));
    this.dE = Array.from({ length: o.samples }, () => new Float64Array(maxB));
    if (window) {
      // Room for a draw over this part's rows of an element and the 31 vectors a window may start after its step's
      // first (bounded by the whole batch's rows), at most max(hidden groups, padded D/4) vectors a row.
      const most = Math.max(1, ...window.full.flat());
      const perRow = Math.max(...layout.elements.map((_, e) => Math.max(padded(layout.dims[e]) / 4, ...kernelLayers(layout, e).map((l) => l.groups))));
      this.noise = k.alloc((most * perRow + 32) * 4);
    }
  }

  /** One step on training batch `bi`: loss parts, and d(total)/dx into `grad` [2P] for x = [μ; ρ]. */
  step(x: Float32Array, bi: number, rng: Rng, grad: Float32Array): BnnStepParts {
    const perRow = this.dataGradient(x, bi, rng, grad);
    return bnnParts(perRow, this.batchSize(bi), addGaussianKl(x, this.layout.size, this.o, grad, this.variances()), this.o);
  }

  /** This thread's structures of the step step() takes with this rng (see RowWindow): their d(data)/dx [2P]. */
  share(x: Float32Array, bi: number, rng: Rng): StepShare {
    const part = new Float32Array(2 * this.layout.size);
    if (this.window && this.window.count[bi] === 0) {
      this.draw(x, rng); // moves rng on as a step does
      return { perRow: new Float64Array(this.o.samples), size: this.batchSize(bi), part };
    }
    return { perRow: this.dataGradient(x, bi, rng, part), size: this.batchSize(bi), part };
  }

  /** step()'s parts from every thread's share: ∂data/∂x = Σ_t part_t and NLL_k = Σ_t NLL_k,t (share order), then the KL's. */
  combine(x: Float32Array, shares: readonly StepShare[], grad: Float32Array): BnnStepParts {
    sumParts(shares, grad);
    return bnnParts(sumRows(shares), shares[0].size, addGaussianKl(x, this.layout.size, this.o, grad, this.variances()), this.o);
  }

  /** e^{2ρ} per parameter of the last draw's x, where the estimator keeps it (the KL's variances), else null. */
  protected variances(): ArrayLike<number> | null {
    return null;
  }

  /** The whole batch's structures (this thread's part of them when split). */
  private batchSize(bi: number): number {
    return this.window ? this.window.size[bi] : this.train.batches[bi].members.length;
  }

  /**
   * Noise for element e's rows of batch bi from the kernels' generator (`kind`: normals or signs, `perRow`
   * vectors of 4 per row) into `out`, as one draw over the whole batch's rows would give this thread's window:
   * the generator skips the vectors before and after it. Signs take one generator step per 32 vectors, normals
   * two a pair of vectors (the second of a pair kept only when asked for), so a window starting inside a step's
   * vectors draws from that step's first vector into scratch.
   */
  protected drawRows(kind: 'normals' | 'signs', out: number, perRow: number, bi: number, e: number, n: number): void {
    const k = this.k.k;
    if (!this.window) {
      k[kind](this.state, out, n * perRow);
      return;
    }
    const total = this.window.full[bi][e] * perRow, start = this.window.offset[bi][e] * perRow, count = n * perRow;
    // Generator steps of v vectors, and how many vectors one step gives.
    const [steps, per] = kind === 'signs' ? [(v: number) => Math.ceil(v / 32), 32] : [(v: number) => 2 * Math.ceil(v / 2), 2];
    if (count === 0) {
      k.rng_skip(this.state, steps(total));
      return;
    }
    const aligned = start - (start % per);
    k.rng_skip(this.state, steps(aligned));
    k[kind](this.state, this.noise, start - aligned + count);
    this.k.f32.copyWithin(out / 4, this.noise / 4 + (start - aligned) * 4, this.noise / 4 + (start - aligned + count) * 4);
    k.rng_skip(this.state, steps(total) - steps(aligned) - steps(start - aligned + count));
  }

  /** Draw, forward, NLL (with forces), backward: d(data)/dx into grad; per-sample NLLs over the batch's (this thread's) structures. */
  private dataGradient(x: Float32Array, bi: number, rng: Rng, grad: Float32Array): Float64Array {
    const batch = this.train.batches[bi];
    const B = this.batchSize(bi);
    this.draw(x, rng);
    this.forward(bi);
    const fb = this.trainF && this.trainF[bi].atoms > 0 ? this.trainF[bi] : null;
    const perRow = energyNll(this.energies, batch.energy, batch.invAtoms, this.o, this.dE, B);
    if (fb) {
      this.tangent(bi, fb);
      addForceNll(this.k.f32, this.forces, this.dForces, fb, B, perRow, this.dE, this.o, this.forceLoss!);
    }
    this.backward(bi, fb);
    this.unpack(x, grad);
    return perRow;
  }

  /** Zeroes the per-sample energies, then runs `pass` for every element with atom rows in training batch `bi`. */
  protected forEachElement(bi: number, pass: (e: number, n: number, batch: RowSet['batches'][number]) => void): void {
    const batch = this.train.batches[bi];
    for (let s = 0; s < this.o.samples; s++) this.energies[s].fill(0);
    // Split by structure: an element with rows in the whole batch draws its noise even when this part has none (n = 0).
    const rows = this.window ? this.window.full[bi] : batch.count;
    for (let e = 0; e < this.layout.elements.length; e++) if (rows[e] > 0) pass(e, batch.count[e], batch);
  }

  /** Adds sample s's atomic energies (lane 0 of element e's n output rows at `out`) into their structures. */
  protected addEnergies(s: number, out: number, batch: RowSet['batches'][number], e: number, n: number): void {
    const f = this.k.f32, o = out / 4, en = this.energies[s], st = batch.structure[e];
    for (let r = 0; r < n; r++) en[st[r]] += f[o + 4 * r];
  }

  /** Batch `bi`'s atom rows of element e in the order the kernels see them: batch positions per row. */
  rowStructures(bi: number, e: number): Int32Array {
    return this.train.batches[bi].structure[e];
  }

  /** Packs x into the kernels' weights and draws this step's noise (seeding the kernels' generator from rng). */
  protected abstract draw(x: Float32Array, rng: Rng): void;
  /** Per-sample structure energies of batch `bi` into `energies`. */
  protected abstract forward(bi: number): void;
  /** Per-sample forces of the batch's force atoms into `forces` (after forward). */
  protected abstract tangent(bi: number, fb: ForceBatch): void;
  /** Gradients of every weight from dE (and dForces when fb is given). */
  protected abstract backward(bi: number, fb: ForceBatch | null): void;
  /** The kernels' gradients → d(data)/dμ and d(data)/dρ in `grad`. */
  protected abstract unpack(x: Float32Array, grad: Float32Array): void;
}
