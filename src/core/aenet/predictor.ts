/**
 * Evaluates a set of aenet potentials on whole structures: descriptors (with derivatives when forces
 * are wanted) from the shared featurizer, then the per-element networks.
 */
import { Featurizer } from '../descriptors/featurize';
import type { Structure } from '../structures/types';
import type { AenetModel } from './model';
import { predictFromDescriptors, type AenetPrediction } from './predict-from-descriptors';

export class AenetPredictor {
  readonly model: AenetModel;
  private readonly featurizer: Featurizer;

  constructor(model: AenetModel) {
    this.model = model;
    this.featurizer = new Featurizer(model.setups);
  }

  predict(structure: Structure, opts: { forces?: boolean } = {}): AenetPrediction {
    const forces = opts.forces === true;
    const d = this.featurizer.featurize(structure, { derivatives: forces });
    return predictFromDescriptors(this.model, structure.species, d, forces, structure.name);
  }
}
