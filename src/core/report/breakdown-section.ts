/**
 * Errors where users look for them: force errors per element of the atom, and energy and force errors
 * per group of structures (extended-XYZ config_type, or the input entry a structure was read from),
 * each with the full metric set of src/core/uq (accuracy and the interval calibration metrics: MACE,
 * RMSCE, miscalibration area, PICP95), on the model's raw σ. A set gets a breakdown only where there is
 * something to break down: more than one element with forces, or structures that carry a group.
 */
import type { GroupMetrics, SetBreakdown, StructurePrediction, UqMetricSet } from '../../protocol/report';
import { evaluatePredictions } from '../uq/evaluate';

export interface BreakdownInput {
  structures: StructurePrediction[];
  forces?: { true: ArrayLike<number>; pred: ArrayLike<number>; std: ArrayLike<number>; elements?: string[] };
}

function metrics(yTrue: number[], yPred: number[], yStd: number[], field: string): UqMetricSet {
  return evaluatePredictions({ yTrue, yPred, yStd }, { field }).metrics;
}

/** Force component indices of each structure, when the force arrays hold every structure's atoms in order. */
function forceRanges(p: BreakdownInput): [number, number][] | null {
  if (!p.forces) return null;
  const out: [number, number][] = [];
  let k = 0;
  for (const s of p.structures) { out.push([k, k + 3 * s.atoms]); k += 3 * s.atoms; }
  return k === p.forces.true.length ? out : null;
}

export function setBreakdown(p: BreakdownInput, set: string): SetBreakdown | undefined {
  const out: SetBreakdown = {};
  const f = p.forces;
  const elements = f?.elements;
  if (f && elements && 3 * elements.length === f.true.length && new Set(elements).size > 1) {
    const by = new Map<string, { t: number[]; p: number[]; s: number[] }>();
    elements.forEach((el, a) => {
      const v = by.get(el) ?? { t: [], p: [], s: [] };
      for (let c = 3 * a; c < 3 * a + 3; c++) { v.t.push(f.true[c]); v.p.push(f.pred[c]); v.s.push(f.std[c]); }
      by.set(el, v);
    });
    out.forcesByElement = Object.fromEntries([...by.keys()].sort().map((el) => {
      const v = by.get(el)!;
      return [el, metrics(v.t, v.p, v.s, `predictions.${set}.forces.${el}`)];
    }));
  }
  if (p.structures.some((s) => s.group !== undefined)) {
    const ranges = forceRanges(p);
    const groups = new Map<string, number[]>();
    p.structures.forEach((s, i) => {
      if (s.group === undefined) return;
      groups.set(s.group, [...(groups.get(s.group) ?? []), i]);
    });
    const result: Record<string, GroupMetrics> = {};
    for (const g of [...groups.keys()].sort()) {
      const idx = groups.get(g)!;
      const st = idx.map((i) => p.structures[i]);
      const gm: GroupMetrics = {
        structures: idx.length,
        energy: metrics(st.map((s) => s.energyTrue), st.map((s) => s.energyPred), st.map((s) => s.energyStd), `predictions.${set}.groups.${g}.energy`),
      };
      if (f && ranges) {
        const t: number[] = [], pr: number[] = [], sd: number[] = [];
        for (const i of idx) for (let c = ranges[i][0]; c < ranges[i][1]; c++) { t.push(f.true[c]); pr.push(f.pred[c]); sd.push(f.std[c]); }
        if (t.length) gm.forces = metrics(t, pr, sd, `predictions.${set}.groups.${g}.forces`);
      }
      result[g] = gm;
    }
    out.groups = result;
  }
  return out.forcesByElement || out.groups ? out : undefined;
}
