/**
 * The shape of a `model.json` checked before anything is built from it: a model file is input (it may
 * be edited, truncated or come from elsewhere), and building a network from `hidden: [1e9]` or a
 * missing spec fails deep inside tfjs with a stack instead of naming the field. Sizes are bounded so a
 * hostile file cannot ask for gigabytes: at most 10⁸ parameters in all.
 */
import { LocatedError } from '../errors';
import { elementSymbol } from '../structures/elements';

export const SAVED_MODEL_LIMITS = { maxWidth: 100_000, maxLayers: 64, maxMembers: 10_000, maxParameters: 1e8 } as const;

type Obj = Record<string, unknown>;
const isObj = (x: unknown): x is Obj => !!x && typeof x === 'object' && !Array.isArray(x);
const isCount = (x: unknown, max: number): x is number => Number.isInteger(x) && (x as number) >= 1 && (x as number) <= max;

export function checkSavedModel(o: Obj, file: string): void {
  const L = SAVED_MODEL_LIMITS;
  const bad = (field: string, expected: string): never => { throw new LocatedError('model file does not hold a usable model', { file, field }, expected); };
  const spec = o.spec;
  if (!isObj(spec)) return bad('spec', 'the model spec object');
  const elements = spec.elements;
  if (!Array.isArray(elements) || elements.length === 0 || elements.some((e) => typeof e !== 'string' || elementSymbol(e) !== e)) bad('spec.elements', 'a list of element symbols');
  const n = (elements as string[]).length;
  const dims = spec.dims;
  if (!Array.isArray(dims) || dims.length !== n || !dims.every((d) => isCount(d, L.maxWidth))) bad('spec.dims', `${n} descriptor lengths of 1…${L.maxWidth}`);
  const hidden = spec.hidden;
  if (!Array.isArray(hidden) || hidden.length > L.maxLayers || !hidden.every((h) => isCount(h, L.maxWidth))) bad('spec.hidden', `at most ${L.maxLayers} layer widths of 1…${L.maxWidth}`);
  const members = spec.members ?? 1;
  if (!isCount(members, L.maxMembers)) bad('spec.members', `a whole number of 1…${L.maxMembers}`);
  if (typeof spec.kind !== 'string') bad('spec.kind', 'the method name');
  if (typeof spec.activation !== 'string') bad('spec.activation', 'an activation name');
  if (typeof spec.seed !== 'number' || !Number.isFinite(spec.seed)) bad('spec.seed', 'a number');
  // Weights and biases of every element's network, two outputs at most, times the members (BNN: μ and ρ, ×2).
  let count = 0;
  for (const d of dims as number[]) {
    let inputs = d;
    for (const h of [...(hidden as number[]), 2]) { count += (inputs + 1) * h; inputs = h; }
  }
  if (count * (members as number) * 2 > L.maxParameters) bad('spec', `at most ${L.maxParameters} parameters`);
  // float32 arrays in base64: whole 4-byte values; standardisation float64: whole 8-byte values.
  const wholeOf = (v: unknown, size: number) => typeof v === 'string' && Buffer.byteLength(v, 'base64') % size === 0;
  if (!isObj(o.params) || !Object.values(o.params).every((v) => wholeOf(v, 4))) bad('params', 'float32 parameters as base64 strings');
  if (!Array.isArray(o.setups) || !o.setups.every((s) => isObj(s) && typeof s.element === 'string')) bad('setups', 'one descriptor set-up per element');
  if (!Array.isArray(o.standardisation) || !o.standardisation.every((s) => isObj(s) && typeof s.element === 'string' && wholeOf(s.mean, 8) && wholeOf(s.scale, 8))) {
    bad('standardisation', 'per element a mean and scale');
  }
  if (!isObj(o.normalisation)) bad('normalisation', 'the energy normalisation');
  if (!isObj(o.reference) || !Object.values(o.reference).every((v) => typeof v === 'number' && Number.isFinite(v))) bad('reference', 'reference energies in eV per element');
  if (!isObj(o.prediction) || typeof o.prediction.samples !== 'number') bad('prediction', 'the prediction settings');
}
