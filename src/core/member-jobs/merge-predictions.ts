/**
 * The ensemble's predictions.json from its members' (format: ../report/run-dir-inputs.ts). Per structure
 * the members' per-atom energies μ_m with their own σ_m (0 for a homoscedastic member, its predicted noise
 * for a heteroscedastic one) make the uniform mixture of ../training/ensemble-mixture.ts:
 *   μ = mean μ_m,   σ² = mean σ_m² + mean (μ_m − μ)²,
 * which for homoscedastic members is the population spread (ddof 0) an in-process ensemble reports. Per
 * atom values scale linearly with the totals, so mixing them per atom gives the same numbers. Force
 * components mix the same way (a member's own force σ is 0: one row has no spread).
 */
import { LocatedError } from '../errors';
import { decodeNumbers } from '../report/number-array';
import { mixtureMoments } from '../training/ensemble-mixture';
import { mae, rmse } from '../uq/accuracy';
import { SET_NAMES, type MethodSummary, type RunPredictionsFile } from '../../protocol/report';

type SetOf = NonNullable<RunPredictionsFile['sets']['test']>;

/** `files[k]`: member k's predictions; `paths[k]` its path (for errors). */
export function mergeMemberPredictions(files: readonly RunPredictionsFile[], paths: readonly string[]): RunPredictionsFile {
  const first = files[0];
  const M = files.length;
  const sets: RunPredictionsFile['sets'] = {};
  for (const name of SET_NAMES) {
    const parts = files.map((f) => f.sets[name]);
    if (!parts[0]) continue;
    parts.forEach((p, k) => {
      const same = p && p.structures.length === parts[0]!.structures.length && p.structures.every((s, i) => s.name === parts[0]!.structures[i].name);
      if (!same) throw new LocatedError(`member ${k + 1}'s ${name} set differs from member 1's`, { file: paths[k], field: `sets.${name}` }, 'the same structures in the same order (the same split)');
    });
    const members = parts as SetOf[];
    const mus = new Float64Array(M);
    const vars = new Float64Array(M);
    const structures = members[0].structures.map((s, i) => {
      members.forEach((p, k) => { mus[k] = p.structures[i].energyPred; vars[k] = p.structures[i].energyStd ** 2; });
      const mix = mixtureMoments(mus, vars);
      return { ...s, energyPred: mix.mu, energyStd: Math.sqrt(mix.variance) };
    });
    const set: SetOf = { structures };
    if (members.every((p) => p.forces)) {
      const pred = members.map((p, k) => decodeNumbers(p.forces!.pred, `${paths[k]}: sets.${name}.forces.pred`));
      const std = members.map((p, k) => decodeNumbers(p.forces!.std, `${paths[k]}: sets.${name}.forces.std`));
      const n = pred[0].length;
      const mu = new Array<number>(n), sd = new Array<number>(n);
      for (let c = 0; c < n; c++) {
        for (let k = 0; k < M; k++) { mus[k] = pred[k][c]; vars[k] = std[k][c] ** 2; }
        const mix = mixtureMoments(mus, vars);
        mu[c] = mix.mu;
        sd[c] = Math.sqrt(mix.variance);
      }
      const f = members[0].forces!;
      set.forces = { true: Array.from(decodeNumbers(f.true, `sets.${name}.forces.true`)), pred: mu, std: sd, ...(f.elements ? { elements: f.elements } : {}) };
    }
    sets[name] = set;
  }
  const method: MethodSummary | undefined = first.method ? { ...first.method, members: M } : undefined;
  // What the runner knew of the run (the engines that trained and predicted) is the same for every member.
  return { format: 'mlip-uq-predictions', version: 1, sets, ...(method ? { method } : {}), ...(first.producer ? { producer: first.producer } : {}) };
}

/** The `finished` event's summary of the test set, per atom as the report has it (eV/atom, eV/Å). */
export function testSummary(p: RunPredictionsFile): Record<string, number> {
  const t = p.sets.test;
  if (!t || !t.structures.length) return {};
  const truth = t.structures.map((x) => x.energyTrue);
  const pred = t.structures.map((x) => x.energyPred);
  const out: Record<string, number> = {
    testEnergyRmse: rmse(truth, pred),
    testEnergyMae: mae(truth, pred),
    testMeanSigma: t.structures.reduce((a, x) => a + x.energyStd, 0) / t.structures.length,
  };
  if (t.forces) {
    const ft = decodeNumbers(t.forces.true), fp = decodeNumbers(t.forces.pred);
    if (ft.length) out.testForceRmse = rmse(ft, fp);
  }
  return out;
}
