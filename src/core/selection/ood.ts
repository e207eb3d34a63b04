/**
 * Out-of-distribution flags (issue 16): a prediction is flagged when its energy σ per atom exceeds the 95th
 * percentile of the validation set's (the model is less sure than on 95 % of data like its training data), and
 * the atoms to blame are named: those whose standardised descriptor lies further from the training data than
 * 95 % of the validation atoms of the same element (the whitened distance of ./whitening.ts, which sees how
 * features vary together; ./fingerprint.ts atomNovelty's diagonal one in thresholds without it), and far
 * enough beyond that line that atoms are named in only about 5 % of the validation structures (`atomRatio`).
 * An element the model has no network for is always out of distribution. Thresholds are fitted once, at the end
 * of training, and stored beside the model (RUN_FILES.ood).
 */
import type { TrainingSample } from '../data/samples';
import type { Standardisation, StructureDescriptors } from '../descriptors/types';
import { atomNovelty } from './fingerprint';
import { fitWhitening, whitenedNovelty, type Whitening } from './whitening';

export const OOD_PERCENTILE = 95;

export interface OodThresholds {
  percentile: number;
  /** Energy σ per atom (eV/atom) at the percentile over the validation structures. */
  sigmaPerAtom: number;
  /** Per element, atom novelty (atomDistance) at the percentile over the validation atoms of that element. */
  novelty: Record<string, number>;
  /** Validation structures the thresholds come from. */
  count: number;
  /**
   * The naming line of atoms, in units of their element's `novelty` line: the percentile over the validation
   * structures of r_s = max_i n_i / novelty[el_i], their most novel atom's ratio (never below 1). A per-atom
   * line alone names some atom in 1 − 0.95^N of in-distribution structures of N atoms (40 % at N = 10); atoms
   * beyond this line are named in about 5 % of them, the false-alarm rate of the σ flag. Absent (1) in
   * thresholds written before it.
   */
  atomRatio?: number;
  /** Per element, the whitening of the training atoms' descriptors (./whitening.ts); absent: the diagonal distance. */
  whitening?: Whitening;
}

/** Per atom, its distance from the training data as the thresholds measure it (whitened when they carry W). */
export function atomDistance(d: StructureDescriptors, species: readonly string[], std: readonly Standardisation[], t: Pick<OodThresholds, 'whitening'> | null): Float64Array {
  return t?.whitening ? whitenedNovelty(d, species, std, t.whitening) : atomNovelty(d, species, std);
}

/** The p-th percentile by linear interpolation between order statistics (numpy's default). */
export function percentile(values: readonly number[], p: number): number {
  const v = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (!v.length) return NaN;
  const x = (p / 100) * (v.length - 1);
  const lo = Math.floor(x), hi = Math.ceil(x);
  return v[lo] + (v[hi] - v[lo]) * (x - lo);
}

/**
 * Thresholds from the validation set: σ per atom per structure, and every atom's element and novelty; with each
 * atom's `structure` (its index in `sigmaPerAtom`) also the structure-level naming line `atomRatio`.
 */
export function fitOodThresholds(sigmaPerAtom: readonly number[], atoms: readonly { element: string; novelty: number; structure?: number }[], p = OOD_PERCENTILE): OodThresholds {
  const byElement = new Map<string, number[]>();
  for (const a of atoms) (byElement.get(a.element) ?? byElement.set(a.element, []).get(a.element)!).push(a.novelty);
  const novelty: Record<string, number> = {};
  for (const [el, xs] of [...byElement].sort(([a], [b]) => a.localeCompare(b))) novelty[el] = percentile(xs, p);
  const t: OodThresholds = { percentile: p, sigmaPerAtom: percentile(sigmaPerAtom, p), novelty, count: sigmaPerAtom.length };
  if (!atoms.length || atoms.some((a) => a.structure === undefined)) return t;
  const most = new Map<number, number>(); // structure → its most novel atom's ratio to its element's line
  for (const a of atoms) {
    const th = novelty[a.element];
    const r = th > 0 ? a.novelty / th : a.novelty > 0 ? Infinity : 0;
    if (Number.isFinite(a.novelty)) most.set(a.structure!, Math.max(most.get(a.structure!) ?? 0, r));
  }
  const line = percentile([...most.values()], p);
  return { ...t, atomRatio: Number.isFinite(line) ? Math.max(1, line) : 1 };
}

export interface OodFlag {
  /** σ per atom above the validation percentile. */
  flagged: boolean;
  /** σ per atom over the threshold (1 = at the threshold). */
  sigmaRatio: number;
  /**
   * The atoms furthest from training beyond their naming line (their element's threshold × `atomRatio`), most
   * novel first (at most `limit`); `ratio` is the novelty over that line.
   */
  atoms: { index: number; element: string; novelty: number; ratio: number }[];
}

export function flagPrediction(sigmaPerAtom: number, species: readonly string[], novelty: ArrayLike<number>, t: OodThresholds, limit = 5): OodFlag {
  const atoms: OodFlag['atoms'] = [];
  const scale = Math.max(1, t.atomRatio ?? 1);
  species.forEach((element, index) => {
    const th = t.novelty[element];
    const n = novelty[index];
    if (th === undefined || !Number.isFinite(n)) atoms.push({ index, element, novelty: n, ratio: Infinity }); // an element never trained on
    else if (n > th * scale) atoms.push({ index, element, novelty: n, ratio: th > 0 ? n / (th * scale) : Infinity });
  });
  atoms.sort((a, b) => b.ratio - a.ratio || a.index - b.index);
  const unknownElement = atoms.some((a) => a.ratio === Infinity);
  const sigmaRatio = t.sigmaPerAtom > 0 ? sigmaPerAtom / t.sigmaPerAtom : Infinity;
  return { flagged: sigmaRatio > 1 || unknownElement, sigmaRatio, atoms: atoms.slice(0, limit) };
}

/**
 * The thresholds of a trained model: its validation predictions (σ, eV) and the samples' raw descriptors; with
 * the training samples, distances are whitened by their descriptors' covariance (fitted on training, so that
 * the validation lines measure atoms the covariance has not seen, as new structures will be).
 */
export function oodFromValidation(
  samples: readonly TrainingSample[], predictions: readonly { energy: { sigma: number }; nAtoms: number }[], elements: readonly string[], std: readonly Standardisation[],
  training: readonly TrainingSample[] = [],
): OodThresholds {
  const whitening = training.length ? { whitening: fitWhitening(training, elements, std) } : {};
  const atoms: { element: string; novelty: number; structure: number }[] = [];
  samples.forEach((s, structure) => {
    const species = Array.from(s.element, (e) => elements[e]);
    const n = atomDistance(s.descriptors, species, std, whitening);
    species.forEach((element, i) => atoms.push({ element, novelty: n[i], structure }));
  });
  return { ...fitOodThresholds(predictions.map((p) => p.energy.sigma / p.nAtoms), atoms), ...whitening };
}
