/** Builds the model a spec asks for. */
import { BnnModel } from './bnn-model';
import { EnsembleModel } from '../models/ensemble';
import type { ModelSpec, PotentialModel } from '../models/potential';

export function createModel(spec: ModelSpec): PotentialModel {
  if (spec.kind === 'bnn') return new BnnModel(spec);
  return new EnsembleModel({ ...spec, members: spec.kind === 'deterministic' ? 1 : spec.members });
}
