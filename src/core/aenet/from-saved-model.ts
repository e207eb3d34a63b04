/**
 * A model trained by `mlip-uq train` (model.json) as aenet potentials: one `.nn` per element and weight
 * set — the network (deterministic), every member (deep ensemble: a committee), or the posterior mean
 * and optionally sampled weight sets (BNN: θ_s = μ + exp(ρ)⊙ε_s, drawn as the BNN itself draws them).
 *
 * What each aenet field receives (aenet evaluates E_i = y(G̃_i)/scale + shift with
 * G̃ = (G − avg)/√(cov − avg²), and adds E_atom of every atom for the total energy):
 * - network: our layers (W [D_in, D_out], b [D_out]; methods.md §3) as aenet's [out][in + 1] blocks, the
 *   hidden activation by aenet's code, a linear output; heteroscedastic members keep only their energy column.
 * - set-up: the Chebyshev basis (radial/angular cut-offs and orders), environment species in our order
 *   (it fixes the type weights, as in aenet), Rc_min; our standardisation G̃ = (G − mean)·scale as
 *   avg = mean and cov = mean² + 1/scale², so aenet's √(cov − avg²) is 1/scale (0 for constant functions).
 * - training-set summary: our energy normalisation Ê = (E − N·shift)·scale (aenet's own) and the
 *   reference energies as the free-atom energies E_atom.
 */
import { LocatedError } from '../errors';
import type { SavedModel } from '../models/saved-model';
import { makeLayout, type ParamLayout } from '../models/layout';
import { weightSetNoise } from '../models/weight-noise';
import { estimatorOf } from '../estimators/registry';
import { Rng } from '../rng';
import type { ActivationName } from '../method/names';
import type { AenetActivation, AenetNetwork } from './types';
import { AENET_TYPELEN, type AenetPotentialContents } from './write-potential';

/** aenet sets a fingerprint function's scale to 0 when its standard deviation is at or below this. */
const AENET_MIN_STD = 1e-10;

const HIDDEN_ACTIVATIONS: Partial<Record<ActivationName, AenetActivation>> = { tanh: 'tanh', sigmoid: 'sigmoid', linear: 'linear' };
/** The letters aenet's train.in and file names use for them (feedforward.f90: 't', 's', 'l'). */
const ACTIVATION_LETTERS: Partial<Record<ActivationName, string>> = { tanh: 't', sigmoid: 's', linear: 'l' };

/** aenet's name of a potential file: EL.<nodes><activation>-….nn, e.g. Ti.15t-15t.nn. */
export function aenetFileName(element: string, hidden: readonly number[], activation: ActivationName): string {
  const letter = ACTIVATION_LETTERS[activation] ?? 'x';
  return `${element}.${hidden.map((n) => `${n}${letter}`).join('-') || 'linear'}.nn`;
}

export interface AenetWeightSet {
  /** File-name part: "network", "member-03", "mean", "sample-02". */
  label: string;
  role: 'network' | 'member' | 'mean' | 'sample';
  /** One potential per element, in the model's element order. */
  potentials: { element: string; contents: AenetPotentialContents }[];
}

export interface AenetExportOptions {
  /** The model.json being exported (for located errors). */
  modelFile: string;
  /** What the files say they came from (aenet's training-set file field). */
  source: string;
  /** BNN only: sampled weight sets to write besides the posterior mean. */
  samples?: number;
  /** Seed of the sampled weight sets (default: the run's seed). */
  seed?: number;
}

export interface AenetExport {
  sets: AenetWeightSet[];
  /** Largest relative difference between our input scale and the one aenet derives from avg and cov. */
  maxInputScaleError: number;
  notes: string[];
}

export function aenetExportFromModel(saved: SavedModel, o: AenetExportOptions): AenetExport {
  const { spec } = saved;
  const where = (field: string) => ({ file: o.modelFile, field });
  const activation = HIDDEN_ACTIVATIONS[spec.activation];
  if (!activation) {
    throw new LocatedError(`hidden activation "${spec.activation}" has no aenet counterpart`, where('spec.activation'),
      'tanh, sigmoid or linear hidden layers (aenet offers tanh, sigmoid, linear, mtanh and twist)');
  }
  for (const el of spec.elements) checkSymbol(el, where('spec.elements'));
  const samples = o.samples ?? 0;
  if (!Number.isInteger(samples) || samples < 0) throw new LocatedError(`${samples} sampled weight sets`, { field: '--samples' }, 'a non-negative integer');
  if (samples > 0 && spec.kind !== 'bnn') {
    throw new LocatedError(`sampled weight sets are for BNNs; this model is ${spec.kind === 'ensemble' ? 'an ensemble' : 'a deterministic network'}`, { field: '--samples' }, 'no --samples for ensembles and deterministic networks');
  }

  const notes: string[] = [];
  const layout = makeLayout(spec.elements, spec.dims, spec.hidden, spec.heteroscedastic ? 2 : 1);
  if (spec.heteroscedastic) notes.push('heteroscedastic members: only the energy output is exported (aenet networks have one output); the predicted variance is not in the files');
  let maxInputScaleError = 0;
  const setups = spec.elements.map((el, e) => {
    const s = saved.setups.find((x) => x.element === el);
    if (!s) throw new LocatedError(`no descriptor set-up for ${el}`, where('setups'), `a Chebyshev set-up for every element (${spec.elements.join(', ')})`);
    for (const env of s.env) checkSymbol(env, where(`setups.${el}.env`));
    const nsf = (s.radialOrder + s.angularOrder + 2) * (s.env.length > 1 ? 2 : 1);
    if (nsf !== spec.dims[e]) {
      throw new LocatedError(`the set-up of ${el} gives ${nsf} descriptors but its network takes ${spec.dims[e]}`, where(`spec.dims`), `${nsf} inputs`);
    }
    const st = saved.standardisation.find((x) => x.element === el);
    if (!st || st.mean.length !== nsf || st.scale.length !== nsf) throw new LocatedError(`no standardisation of ${nsf} values for ${el}`, where('standardisation'), `mean and scale of every descriptor of ${el}`);
    const avg = Float64Array.from(st.mean);
    const cov = new Float64Array(nsf);
    for (let k = 0; k < nsf; k++) {
      const scale = st.scale[k];
      if (scale === 0) { cov[k] = avg[k] * avg[k]; continue; }
      const std = 1 / scale;
      if (!(std > AENET_MIN_STD) || !Number.isFinite(std)) {
        throw new LocatedError(`descriptor ${k + 1} of ${el} has standard deviation ${std}`, where(`standardisation.${el}`),
          `a standard deviation above ${AENET_MIN_STD} (aenet treats smaller ones as constant functions and would scale them by 0)`);
      }
      cov[k] = avg[k] * avg[k] + std * std;
      const back = 1 / Math.sqrt(cov[k] - avg[k] * avg[k]);
      maxInputScaleError = Math.max(maxInputScaleError, Math.abs(back - scale) / scale);
    }
    const contentsSetup = {
      description: `mlip-uq ${spec.kind} model from ${o.source}: Chebyshev descriptors of ${el}; avg/cov hold mlip-uq's standardisation (min/max are not kept and equal avg)`,
      atomType: el, envTypes: [...s.env], rcMin: s.rmin, rcMax: Math.max(s.radialCutoff, s.angularCutoff), basisType: 'Chebyshev', nsf,
      chebyshev: { radialCutoff: s.radialCutoff, radialOrder: s.radialOrder, angularCutoff: s.angularCutoff, angularOrder: s.angularOrder },
      neval: 1, sfvalMin: avg, sfvalMax: avg, sfvalAvg: avg, sfvalCov: cov,
    };
    return contentsSetup;
  });

  const { scale, shift } = saved.normalisation;
  const trainset = {
    file: asciiOnly(o.source), normalized: true, scale, shift,
    typeNames: [...spec.elements],
    atomicEnergies: spec.elements.map((el) => saved.reference[el] ?? 0),
    nAtomsTot: 0, nStrucs: 0,
    // The per-atom range the normalisation maps onto [−1, 1] (methods.md §3).
    eMin: shift - 1 / scale, eMax: shift + 1 / scale, eAv: shift,
  };
  const setOf = (label: string, role: AenetWeightSet['role'], theta: ArrayLike<number>): AenetWeightSet => ({
    label, role,
    potentials: spec.elements.map((element, e) => ({
      element,
      contents: { network: elementNetwork(layout, theta, e, activation), setup: setups[e], trainset },
    })),
  });

  const sets: AenetWeightSet[] = [];
  const P = layout.size;
  if (spec.kind === 'bnn') {
    const mu = saved.params.mu;
    const rho = saved.params.rho;
    if (!mu || mu.length !== P || !rho || rho.length !== P) throw new LocatedError(`BNN parameters μ and ρ of ${P} values are missing`, where('params'), 'a model.json as mlip-uq train wrote it');
    sets.push(setOf('mean', 'mean', mu));
    if (samples > 0) {
      // The model's own draw (Gaussian, or radial for the radial posterior), rounded to float32 as its weights are.
      const { v } = weightSetNoise(layout, samples, new Rng(o.seed ?? spec.seed), estimatorOf(spec).radialWeightSets);
      const width = String(samples).length;
      for (let s = 0; s < samples; s++) {
        const theta = new Float32Array(P);
        for (let i = 0; i < P; i++) theta[i] = mu[i] + Math.exp(rho[i]) * v[s * P + i];
        sets.push(setOf(`sample-${String(s + 1).padStart(width, '0')}`, 'sample', theta));
      }
    }
  } else {
    const theta = saved.params.theta;
    const members = spec.kind === 'deterministic' ? 1 : spec.members;
    if (!theta || theta.length !== members * P) throw new LocatedError(`parameters θ of ${members}×${P} values are missing`, where('params'), 'a model.json as mlip-uq train wrote it');
    if (spec.kind === 'deterministic') sets.push(setOf('network', 'network', theta));
    const width = String(members).length;
    if (spec.kind !== 'deterministic') {
      for (let m = 0; m < members; m++) sets.push(setOf(`member-${String(m + 1).padStart(width, '0')}`, 'member', theta.subarray(m * P, (m + 1) * P)));
    }
  }
  return { sets, maxInputScaleError, notes };
}

/**
 * Element e's layers from one flat parameter row (layout.ts: W [D_in, D_out] then b [D_out]) as aenet's
 * row-major [out][in + 1] matrices, bias last; the output layer keeps column 0 (the atomic energy).
 */
export function elementNetwork(layout: ParamLayout, theta: ArrayLike<number>, e: number, hidden: AenetActivation): AenetNetwork {
  const nodes = [layout.dims[e], ...layout.hidden, 1];
  const weights: Float64Array[] = [];
  const slots = layout.slots.filter((s) => s.element === e);
  for (let l = 0; l + 1 < nodes.length; l++) {
    const W = slots.find((s) => s.layer === l && s.kind === 'W')!;
    const b = slots.find((s) => s.layer === l && s.kind === 'b')!;
    const nin = nodes[l];
    const nout = nodes[l + 1];
    const m = new Float64Array(nout * (nin + 1));
    for (let j = 0; j < nout; j++) {
      for (let k = 0; k < nin; k++) m[j * (nin + 1) + k] = theta[W.offset + k * W.cols + j];
      m[j * (nin + 1) + nin] = theta[b.offset + j];
    }
    weights.push(m);
  }
  return { nodes, activations: [...layout.hidden.map(() => hidden), 'linear'], weights };
}

function checkSymbol(el: string, loc: { file: string; field: string }): void {
  if (el.length < 1 || el.length > AENET_TYPELEN || !/^[A-Za-z]+$/.test(el)) {
    throw new LocatedError(`species "${el}" cannot be written to an aenet file`, loc, `a chemical symbol of 1 or ${AENET_TYPELEN} letters (aenet's TYPELEN)`);
  }
}

/** aenet's CHARACTER fields are bytes: anything outside printable ASCII becomes "?". */
function asciiOnly(s: string): string {
  return s.replace(/[^\x20-\x7e]/g, '?');
}
