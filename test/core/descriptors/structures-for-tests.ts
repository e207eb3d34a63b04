// Small structures built for derivative and force checks.
import type { Structure } from '../../../src/core/structures/types';
import type { ChebyshevSetup } from '../../../src/core/descriptors/types';

/** First frame of the MD17 ethanol fixture (test/fixtures/data/ethanol-2000.extxyz.gz), Å. */
export function ethanol(): Structure {
  const rows: [string, number, number, number][] = [
    ['C', 0.32528930, -0.20828107, -0.37292856],
    ['C', -1.17217626, -0.14702492, -0.70509080],
    ['O', 0.81816897, 0.37484311, 0.96408684],
    ['H', 0.67018280, -1.28755968, -0.45732001],
    ['H', 0.96513310, 0.19732866, -1.19333897],
    ['H', -1.53320064, 0.78000217, -1.03660268],
    ['H', -1.17230691, -0.98649653, -1.44263173],
    ['H', -1.95714758, -0.50790263, 0.04870915],
    ['H', 0.13083296, 0.08696300, 1.62365316],
  ];
  return molecule('ethanol', rows);
}

export function molecule(name: string, rows: [string, number, number, number][]): Structure {
  return {
    name, source: { file: name }, species: rows.map((r) => r[0]),
    positions: Float64Array.from(rows.flatMap((r) => [r[1], r[2], r[3]])),
    cell: null, pbc: [false, false, false], energy: null, forces: null,
  };
}

/** A distorted 5-atom perovskite cell (3.9 Å, far below the cutoff), three species. */
export function perovskite(): Structure {
  return {
    name: 'SrTiO3-distorted', source: { file: 'SrTiO3-distorted' }, species: ['Sr', 'Ti', 'O', 'O', 'O'],
    positions: Float64Array.from([0.05, -0.02, 0.01, 1.97, 1.93, 1.99, 1.95, 2.02, 0.08, 1.9, -0.04, 1.96, 0.03, 1.98, 1.91]),
    cell: Float64Array.from([3.9, 0, 0, 0.15, 3.95, 0, -0.1, 0.2, 3.85]),
    pbc: [true, true, true], energy: null, forces: null,
  };
}

export function setupsFor(env: string[], rc = [4.5, 8, 3.5, 5]): ChebyshevSetup[] {
  return env.map((element) => ({ element, env: [...env], rmin: 0.5, radialCutoff: rc[0], radialOrder: rc[1], angularCutoff: rc[2], angularOrder: rc[3] }));
}

export function displaced(s: Structure, k: number, c: number, h: number): Structure {
  const positions = Float64Array.from(s.positions);
  positions[3 * k + c] += h;
  return { ...s, positions };
}
