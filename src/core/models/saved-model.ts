/**
 * The trained model as a self-contained JSON document (`model.json` in a run directory): the model spec,
 * its parameters (float32, base64), and everything needed to turn new structures into predictions in eV:
 * descriptor set-ups, standardisation, energy normalisation, reference energies and the BNN's sampling
 * settings.
 */
import type { ChebyshevSetup, Standardisation } from '../descriptors/types';
import { LocatedError } from '../errors';
import type { EnergyNormalisation } from '../data/energy-normalisation';
import { checkSavedModel } from './check-saved-model';
import type { ModelSpec } from './potential';

export const MODEL_FORMAT = 'mlip-uq-model';

export interface SavedModel {
  spec: ModelSpec;
  params: Record<string, Float32Array>;
  setups: ChebyshevSetup[];
  standardisation: Standardisation[];
  normalisation: EnergyNormalisation;
  reference: Record<string, number>;
  prediction: { samples: number; observationNoise: { energy: number; forces: number } | null };
  bestEpoch: number;
}

const b64 = (a: Float32Array | Float64Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');
function f32(s: string): Float32Array {
  const b = Buffer.from(s, 'base64');
  return new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
}
function f64(s: string): Float64Array {
  const b = Buffer.from(s, 'base64');
  return new Float64Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
}

export function encodeModel(m: SavedModel): string {
  return JSON.stringify({
    format: MODEL_FORMAT, version: 1,
    spec: m.spec,
    params: Object.fromEntries(Object.entries(m.params).map(([k, v]) => [k, b64(v)])),
    setups: m.setups,
    standardisation: m.standardisation.map((s) => ({ element: s.element, mean: b64(s.mean), scale: b64(s.scale) })),
    normalisation: m.normalisation, reference: m.reference, prediction: m.prediction, bestEpoch: m.bestEpoch,
  });
}

export function decodeModel(text: string, file: string): SavedModel {
  let o: Record<string, unknown>;
  try {
    o = JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw new LocatedError('model file is not valid JSON', { file }, `a ${MODEL_FORMAT} JSON document`);
  }
  if (o.format !== MODEL_FORMAT || o.version !== 1) throw new LocatedError('not a model written by mlip-uq train', { file, field: 'format' }, `"${MODEL_FORMAT}" version 1`);
  checkSavedModel(o, file);
  const std = o.standardisation as { element: string; mean: string; scale: string }[];
  return {
    spec: o.spec as ModelSpec,
    params: Object.fromEntries(Object.entries(o.params as Record<string, string>).map(([k, v]) => [k, f32(v)])),
    setups: o.setups as ChebyshevSetup[],
    standardisation: std.map((s) => ({ element: s.element, mean: f64(s.mean), scale: f64(s.scale) })),
    normalisation: o.normalisation as EnergyNormalisation,
    reference: o.reference as Record<string, number>,
    prediction: o.prediction as SavedModel['prediction'],
    bestEpoch: o.bestEpoch as number,
  };
}
