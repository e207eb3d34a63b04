/**
 * `mlip-uq select --run RUN POOL… --count K`: which unlabelled structures to compute next with DFT. Every
 * pool structure is predicted by the run's model (no energies needed), scored by energy σ per atom or by its
 * largest force-component σ, and K are picked by the strategy (src/core/selection/strategies.ts); the
 * picks are printed as a ranked list and, with --out, written as extended XYZ with σ per pick.
 */
import { writeFileAtomic } from '../../core/atomic-write';
import { selectBackend } from '../../core/backend/select-backend';
import { LocatedError } from '../../core/errors';
import { structureFingerprint } from '../../core/selection/fingerprint';
import { SELECTION_STRATEGIES, selectStructures, type SelectionStrategy } from '../../core/selection/strategies';
import { readStructures } from '../../core/structures/read';
import { isEnergyUnit } from '../../core/structures/units';
import { extxyzFrame } from '../../core/structures/write-extxyz';
import type { Structure } from '../../core/structures/types';
import { ArgError, parseArgs } from '../args';
import { predictWithRun, readRunModel, unknownElements } from '../run-predictor';
import type { Command } from './command';
import { processOutput, type CommandOutput } from './command-output';

const USAGE = `usage: mlip-uq select --run RUN_DIR POOL… --count K [--strategy sigma|sigma-diverse|random]
                     [--quantity energy|forces] [--out FILE.extxyz] [--json] [--seed N] [--samples N]

  --run RUN_DIR    a finished "mlip-uq train" run (its model.json)
  POOL             unlabelled structures: files, folders, globs or .tar.gz archives (XSF, extended XYZ)
  --count K        how many structures to pick
  --strategy S     sigma (largest σ first, the default), sigma-diverse (largest σ, but no near-duplicates:
                   farthest-point in descriptor space among the 3K most uncertain), random (the baseline)
  --quantity Q     energy (σ per atom, eV/atom; the default) or forces (largest force-component σ, eV/Å)
  --out FILE       write the picks as extended XYZ (positions, cell, rank and σ per frame) for DFT input
  --json           print the picks as JSON instead of a table
  --seed N         seed of the random strategy (default 1)
  --samples N      BNN weight samples (default: the run's predict_samples)`;

const QUANTITIES = ['energy', 'forces'] as const;
type Quantity = typeof QUANTITIES[number];

interface Pick { rank: number; name: string; atoms: number; sigmaEnergyPerAtom: number; sigmaForceMax: number | null; score: number }

function choice<T extends string>(text: string | undefined, known: readonly T[], fallback: T, option: string): T {
  if (text === undefined) return fallback;
  if (!known.includes(text as T)) throw new ArgError(`--${option} ${text}: expected ${known.join(', ')}`);
  return text as T;
}

function positiveInt(text: string | undefined, option: string, fallback?: number): number {
  if (text === undefined) {
    if (fallback === undefined) throw new ArgError(`--${option} is required`);
    return fallback;
  }
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0) throw new ArgError(`--${option} ${text}: expected a whole number`);
  return n;
}

export async function runSelect(args: string[], io: CommandOutput = processOutput): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) { io.out(`${USAGE}\n`); return 0; }
  let o;
  try {
    const p = parseArgs(args, { values: ['run', 'count', 'strategy', 'quantity', 'out', 'seed', 'samples', 'energy-unit'], flags: ['json'] });
    if (!p.values.run) throw new ArgError('--run is required');
    if (!p.positionals.length) throw new ArgError('no pool structures given');
    o = {
      run: p.values.run, pool: p.positionals, count: positiveInt(p.values.count, 'count'),
      strategy: choice<SelectionStrategy>(p.values.strategy, SELECTION_STRATEGIES, 'sigma', 'strategy'),
      quantity: choice<Quantity>(p.values.quantity, QUANTITIES, 'energy', 'quantity'),
      out: p.values.out, json: p.flags.has('json'), seed: positiveInt(p.values.seed, 'seed', 1),
      samples: p.values.samples === undefined ? undefined : positiveInt(p.values.samples, 'samples'),
      energyUnit: p.values['energy-unit'] ?? 'eV',
    };
    if (o.count < 1) throw new ArgError('--count must be at least 1');
    if (!isEnergyUnit(o.energyUnit)) throw new ArgError(`--energy-unit ${o.energyUnit}: expected eV or kcal/mol`);
  } catch (e) {
    if (!(e instanceof ArgError)) throw e;
    io.err(`mlip-uq select: ${e.message}\n${USAGE}\n`);
    return 2;
  }
  const saved = readRunModel(o.run);
  await selectBackend({ backend: 'auto' });
  const all = readStructures(o.pool, { requireEnergy: false, energyUnit: o.energyUnit as 'eV' });
  // A structure with an element the model has no network for cannot be predicted: said, not picked.
  const known = new Set(saved.spec.elements);
  const pool: Structure[] = [];
  for (const s of all) {
    const bad = unknownElements(saved, [s]);
    if (bad.length) io.err(`mlip-uq select: ${s.name}: element ${bad.join(', ')} unknown to the model (${[...known].join(', ')}); left out\n`);
    else pool.push(s);
  }
  if (!pool.length) throw new LocatedError('no pool structure can be predicted by this model', { field: 'POOL' }, `structures of ${[...known].join(', ')}`);
  const forces = o.quantity === 'forces';
  const { predictions, descriptors, engine } = predictWithRun(saved, pool, { forces, samples: o.samples });
  const sigmaForceMax = (i: number) => {
    const f = predictions[i].forces;
    return f && f.sigma.length ? Math.max(...f.sigma) : null;
  };
  const scores = predictions.map((p, i) => (forces ? sigmaForceMax(i) ?? 0 : p.energy.sigma / p.nAtoms));
  const fingerprints = o.strategy === 'sigma-diverse' ? pool.map((s, i) => structureFingerprint(descriptors[i], s.species, saved.standardisation)) : undefined;
  const picked = selectStructures(o.strategy, { scores, fingerprints, count: o.count, seed: o.seed });
  const picks: Pick[] = picked.map((i, r) => ({
    rank: r + 1, name: pool[i].name, atoms: pool[i].species.length, sigmaEnergyPerAtom: predictions[i].energy.sigma / predictions[i].nAtoms,
    sigmaForceMax: sigmaForceMax(i), score: scores[i],
  }));
  if (o.out) {
    const text = picked.map((i, r) => extxyzFrame(pool[i], {
      selection_rank: r + 1, selection_strategy: o.strategy, sigma_energy_per_atom: picks[r].sigmaEnergyPerAtom,
      ...(picks[r].sigmaForceMax !== null ? { sigma_force_max: picks[r].sigmaForceMax! } : {}), source: pool[i].name,
    })).join('');
    writeFileAtomic(o.out, text);
  }
  if (o.json) {
    io.out(`${JSON.stringify({ strategy: o.strategy, quantity: o.quantity, pool: pool.length, engine: { name: engine.name, reason: engine.reason }, units: { sigmaEnergyPerAtom: 'eV/atom', sigmaForceMax: 'eV/Å' }, picks }, null, 1)}\n`);
  } else {
    const unit = forces ? 'max σ_F (eV/Å)' : 'σ (eV/atom)';
    io.out(`${'rank'.padStart(4)} ${unit.padStart(15)}  structure\n`);
    for (const p of picks) io.out(`${String(p.rank).padStart(4)} ${p.score.toExponential(3).padStart(15)}  ${p.name}\n`);
    io.out(`${picks.length} of ${pool.length} picked by ${o.strategy} (predicted on ${engine.name})${o.out ? `; written to ${o.out}` : ''}\n`);
  }
  return 0;
}

const command: Command = { run: (args) => runSelect(args) };
export default command;
