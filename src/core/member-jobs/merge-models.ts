/**
 * The ensemble's model from its members' models (each trained alone, `train --member k`): θ [M, P] is the
 * members' θ rows stacked in member order, so the merged model predicts exactly as an in-process ensemble
 * whose members hold these weights. Everything else (descriptor set-ups, standardisation, energy
 * normalisation, reference energies) depends only on the data and the split, so it must be the same in
 * every member; a member that differs (another config, another data set) is refused with the field.
 */
import { LocatedError } from '../errors';
import type { SavedModel } from '../models/saved-model';

const sameArrays = (a: ArrayLike<number>, b: ArrayLike<number>) => a.length === b.length && Array.prototype.every.call(a, (x: number, i: number) => x === b[i]);

/** `models[k]` is member k's model; `files[k]` its path (for the error). */
export function mergeMemberModels(models: readonly SavedModel[], files: readonly string[]): SavedModel {
  const first = models[0];
  if (!first) throw new LocatedError('no member models to merge', {}, 'at least one member run');
  const { firstMember: _f, members: _m, ...shared } = first.spec;
  models.forEach((m, k) => {
    const bad = (field: string, expected: string): never => { throw new LocatedError(`member ${k + 1} does not belong to this ensemble`, { file: files[k], field }, expected); };
    const { firstMember, members, ...rest } = m.spec;
    if (m.spec.kind !== 'ensemble' || members !== 1) bad('spec.members', 'one member of a deep ensemble');
    if ((firstMember ?? 0) !== k) bad('spec.firstMember', `member index ${k}`);
    if (JSON.stringify(rest) !== JSON.stringify(shared)) bad('spec', 'the same network, elements and seed as member 1');
    if (JSON.stringify(m.setups) !== JSON.stringify(first.setups)) bad('setups', 'the descriptor set-ups of member 1');
    if (JSON.stringify([m.normalisation, m.reference, m.prediction]) !== JSON.stringify([first.normalisation, first.reference, first.prediction])) {
      bad('normalisation', 'the energy normalisation and reference energies of member 1 (the same split)');
    }
    m.standardisation.forEach((s, i) => {
      const f = first.standardisation[i];
      if (!f || s.element !== f.element || !sameArrays(s.mean, f.mean) || !sameArrays(s.scale, f.scale)) bad('standardisation', 'the descriptor standardisation of member 1 (the same training set)');
    });
    if (!m.params.theta) bad('params.theta', 'the member network weights');
  });
  const P = first.params.theta.length;
  const theta = new Float32Array(models.length * P);
  models.forEach((m, k) => theta.set(m.params.theta, k * P));
  return {
    ...first,
    spec: { ...shared, members: models.length },
    params: { theta },
    // Members keep their own best epochs (recorded in the events); the model says the latest of them.
    bestEpoch: Math.max(...models.map((m) => m.bestEpoch)),
  };
}
