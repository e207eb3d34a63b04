/**
 * A set of aenet potentials, one per element, ready to evaluate: each with its network evaluator and
 * its fingerprint set-up in the descriptor module's terms.
 */
import { LocatedError } from '../errors';
import type { ChebyshevSetup } from '../descriptors/types';
import { NetworkEvaluator } from './evaluate-network';
import type { AenetFingerprintSetup, AenetPotential } from './types';

export interface AenetElementModel {
  potential: AenetPotential;
  evaluator: NetworkEvaluator;
  setup: ChebyshevSetup;
}

export interface AenetModel {
  elements: Map<string, AenetElementModel>;
  /** Descriptor set-ups of all elements, in the order the potentials were given. */
  setups: ChebyshevSetup[];
}

export function createAenetModel(potentials: AenetPotential[]): AenetModel {
  const elements = new Map<string, AenetElementModel>();
  for (const p of potentials) {
    const prior = elements.get(p.element);
    if (prior) {
      throw new LocatedError(`a second potential for ${p.element} (the first is ${prior.potential.file})`,
        { file: p.file, field: 'setup.atomtype' }, 'one potential per element');
    }
    elements.set(p.element, { potential: p, evaluator: new NetworkEvaluator(p.network), setup: toChebyshevSetup(p.setup, p.file) });
  }
  return { elements, setups: [...elements.values()].map((e) => e.setup) };
}

export function toChebyshevSetup(s: AenetFingerprintSetup, file: string): ChebyshevSetup {
  if (!s.chebyshev) {
    throw new LocatedError(`fingerprint basis "${s.basisType}" is not supported`, { file, field: 'setup.sftype' },
      'the Chebyshev basis (BASIS type=Chebyshev)');
  }
  return {
    element: s.atomType,
    env: [...s.envTypes],
    rmin: s.rcMin,
    radialCutoff: s.chebyshev.radialCutoff,
    radialOrder: s.chebyshev.radialOrder,
    angularCutoff: s.chebyshev.angularCutoff,
    angularOrder: s.chebyshev.angularOrder,
  };
}
