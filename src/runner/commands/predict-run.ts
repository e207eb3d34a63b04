/**
 * `mlip-uq predict --run RUN_DIR FILES… [--forces] [--json] [--raw]`: energies (and forces) with σ from a
 * model trained by `mlip-uq train` (its run directory's model.json). Ensembles: members' mean and spread
 * (heteroscedastic members: their Gaussian mixture, with σ's aleatoric and epistemic parts); BNNs: the run's
 * number of whole-weight samples. σ is recalibrated as the run's report fitted on validation
 * (predict-recalibration.ts) unless --raw.
 */
import { selectBackend } from '../../core/backend/select-backend';
import { LocatedError } from '../../core/errors';
import { atomDistance, flagPrediction, type OodFlag } from '../../core/selection/ood';
import type { StructurePrediction } from '../../core/training/evaluate';
import { readStructures } from '../../core/structures/read';
import { isEnergyUnit } from '../../core/structures/units';
import { ArgError, parseArgs } from '../args';
import { predictWithRun, readOodThresholds, readRunModel, unknownElements } from '../run-predictor';
import { processOutput, type CommandOutput } from './command-output';
import { predictRecalibration, recalibrationLine, type PredictRecalibration } from './predict-recalibration';
import { errorLines, predictErrors } from './predict-errors';
import { terminalText } from '../../core/report/escape-text';

const USAGE = `usage: mlip-uq predict --run RUN_DIR FILES… [--forces] [--json] [--raw] [--samples N] [--backend B]

  --run RUN_DIR   a run directory written by "mlip-uq train" (reads its model.json)
  FILES           structure files, folders, globs or .tar.gz archives (XSF, extended XYZ)
  --forces        also predict forces with σ (eV/Å)
  --json          print {"structures":[…]} with μ and σ per structure and per force component, and
                  the engine that predicted (wasm-simd-kernels, or tfjs-ops and why)
                  (heteroscedastic ensembles add sigmaAleatoric and sigmaEpistemic, eV/atom:
                  σ² = sigmaAleatoric² + sigmaEpistemic²)
  --raw           the model's own σ; by default σ is recalibrated as the run's report fitted it on
                  the validation set (energy; forces per element), and a σ that was more than 2×
                  off on validation is said so
  --samples N     BNN weight samples (default: the run's predict_samples)
  --backend B     auto (default), tensorflow, wasm or cpu
  --energy-unit U unit of energies in extended-XYZ inputs: eV (default) or kcal/mol

  Inputs that carry energies (forces) also get their errors and the calibration of σ: overall,
  per element (forces) and per group (config_type, or each input when several are given)`;

export async function runPredictRun(args: string[], io: CommandOutput = processOutput): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) { io.out(`${USAGE}\n`); return 0; }
  let parsed;
  try {
    parsed = parseArgs(args, { values: ['run', 'samples', 'backend', 'energy-unit'], flags: ['forces', 'json', 'raw'] });
  } catch (e) {
    if (!(e instanceof ArgError)) throw e;
    io.err(`mlip-uq predict: ${e.message}\n${USAGE}\n`);
    return 2;
  }
  if (parsed.positionals.length === 0) { io.err(`mlip-uq predict: no structure files given\n${USAGE}\n`); return 2; }
  const energyUnit = parsed.values['energy-unit'] ?? 'eV';
  if (!isEnergyUnit(energyUnit)) throw new LocatedError(`unknown energy unit "${energyUnit}"`, { field: '--energy-unit' }, 'eV or kcal/mol');
  const backend = parsed.values.backend ?? 'auto';
  if (!['auto', 'tensorflow', 'wasm', 'cpu'].includes(backend)) throw new LocatedError(`unknown backend "${backend}"`, { field: '--backend' }, 'auto, tensorflow, wasm or cpu');
  const saved = readRunModel(parsed.values.run);
  const samples = parsed.values.samples !== undefined ? Number(parsed.values.samples) : saved.prediction.samples;
  if (!Number.isInteger(samples) || samples < 2 && saved.spec.kind === 'bnn') throw new LocatedError(`bad --samples ${parsed.values.samples}`, { field: '--samples' }, 'an integer ≥ 2');
  await selectBackend({ backend: backend as 'auto', source: { field: '--backend' } });
  const forces = parsed.flags.has('forces');
  // Several inputs: each is a group of the error breakdown printed when the inputs carry energies.
  const structures = readStructures(parsed.positionals, { requireEnergy: false, energyUnit, groupByEntry: true });
  const unknown = unknownElements(saved, structures);
  if (unknown.length) throw new LocatedError(`element ${unknown.join(', ')} of the structures has no network in this model: it is out of distribution and cannot be predicted`, { field: 'FILES' }, `structures of ${saved.spec.elements.join(', ')}`);
  const { predictions: preds, descriptors, engine } = predictWithRun(saved, structures, { forces, samples });
  // Flags use the model's own σ, as the thresholds were fitted on it (before recalibration scales it).
  const ood = readOodThresholds(parsed.values.run);
  const flags = ood ? preds.map((p, i) => flagPrediction(p.energy.sigma / p.nAtoms, structures[i].species, atomDistance(descriptors[i], structures[i].species, saved.standardisation, ood), ood)) : null;
  const recal = predictRecalibration(parsed.values.run, parsed.flags.has('raw'));
  preds.forEach((p, i) => applyRecalibration(p, recal, structures[i].species));
  const errors = predictErrors(preds, structures);
  const refSum = (species: string[]) => species.reduce((a, el) => a + (saved.reference[el] ?? 0), 0);
  if (parsed.flags.has('json')) {
    const body = preds.map((p, i) => JSON.stringify({
      name: p.name, atoms: p.nAtoms,
      energy: { mu: p.energy.mu, sigma: p.energy.sigma, total: p.energy.mu + refSum(structures[i].species), unit: 'eV (cohesive; total adds the reference energies)' },
      energyPerAtom: { mu: p.energy.mu / p.nAtoms, sigma: p.energy.sigma / p.nAtoms, ...varianceSplit(p.energy, p.nAtoms) },
      ...(p.forces ? { forces: { mu: p.forces.mu, sigma: p.forces.sigma, unit: 'eV/Å' } } : {}),
      ...(flags ? { outOfDistribution: flags[i] } : {}),
    })).join(',\n');
    const recalibration = { applied: recal.applied, method: recal.method, energyFactor: recal.energyFactor, forceFactors: recal.forceFactors, warnings: recal.warnings, note: recal.note };
    io.out(`{"model":${JSON.stringify({ kind: saved.spec.kind, estimator: saved.spec.estimator, members: saved.spec.members, heteroscedastic: saved.spec.heteroscedastic, samples })},"engine":${JSON.stringify({ name: engine.name, reason: engine.reason })},"recalibration":${JSON.stringify(recalibration)},"outOfDistribution":${JSON.stringify(ood)},${errors ? `"errors":${JSON.stringify({ units: { energy: 'eV/atom', forces: 'eV/Å' }, ...errors })},` : ''}"structures":[\n${body}\n]}\n`);
  } else {
    io.err(`predicted on ${engine.name} (${engine.reason})\n`);
    io.err(`${recalibrationLine(recal)}\n`);
    for (const w of recal.warnings) io.err(`${w}\n`);
    io.out(`${'structure'.padEnd(40)} ${'atoms'.padStart(5)} ${'E_coh/atom μ (eV)'.padStart(18)} ${'σ (eV/atom)'.padStart(12)}${forces ? ` ${'max |F| (eV/Å)'.padStart(15)} ${'mean σ_F'.padStart(9)}` : ''}${flags ? '  out of distribution' : ''}\n`);
    for (const [i, p] of preds.entries()) {
      let line = `${terminalText(p.name).slice(-40).padEnd(40)} ${String(p.nAtoms).padStart(5)} ${(p.energy.mu / p.nAtoms).toFixed(6).padStart(18)} ${(p.energy.sigma / p.nAtoms).toExponential(3).padStart(12)}`;
      if (p.forces) {
        const maxF = Math.max(...p.forces.mu.map(Math.abs));
        const meanS = p.forces.sigma.reduce((a, b) => a + b, 0) / p.forces.sigma.length;
        line += ` ${maxF.toFixed(4).padStart(15)} ${meanS.toExponential(2).padStart(9)}`;
      }
      if (flags) line += `  ${oodText(flags[i], structures[i].species.length)}`;
      io.out(`${line}\n`);
    }
    if (errors) for (const l of errorLines(errors, recal.applied, energyUnit)) io.err(`${l}\n`);
    if (flags && ood) io.err(`out of distribution: σ per atom above ${ood.sigmaPerAtom.toExponential(2)} eV/atom (the validation set's ${ood.percentile}th percentile) — ${flags.filter((f) => f.flagged).length} of ${flags.length} structures\n`);
  }
  return 0;
}

/**
 * σ' = factor·σ in place: energies (and σ²'s two parts, so that they still add up) by the energy factor,
 * each force component by its atom's element factor.
 */
function applyRecalibration(p: StructurePrediction, r: PredictRecalibration, species: readonly string[] | undefined): void {
  if (!r.applied) return;
  const k = r.energyFactor;
  p.energy.sigma *= k;
  if (p.energy.aleatoric !== undefined) p.energy.aleatoric *= k * k;
  if (p.energy.epistemic !== undefined) p.energy.epistemic *= k * k;
  if (p.forces) p.forces.sigma = p.forces.sigma.map((s, c) => s * (r.forceFactors[species?.[Math.floor(c / 3)] ?? ''] ?? r.forceFactor));
}

/** "yes: σ 3.2× the threshold; atoms unlike training: O12 (4.1×), Ti3 (2.0×)", or "no" (with such atoms if any). */
function oodText(f: OodFlag, atoms: number): string {
  const named = f.atoms.map((a) => `${a.element}${a.index + 1}${Number.isFinite(a.ratio) ? ` (${a.ratio.toFixed(1)}×)` : ' (unknown element)'}`);
  const where = named.length ? `; atoms unlike training: ${named.join(', ')}${atoms > named.length && f.atoms.length === 5 ? ', …' : ''}` : '';
  return f.flagged ? `yes: σ ${f.sigmaRatio.toFixed(1)}× the threshold${where}` : `no${where}`;
}

/** σ's two parts per atom (eV/atom) for heteroscedastic ensembles; nothing for other models. */
function varianceSplit(e: StructurePrediction['energy'], n: number): { sigmaAleatoric?: number; sigmaEpistemic?: number } {
  if (e.aleatoric === undefined || e.epistemic === undefined) return {};
  return { sigmaAleatoric: Math.sqrt(e.aleatoric) / n, sigmaEpistemic: Math.sqrt(e.epistemic) / n };
}
