/**
 * `mlip-uq sweep SWEEP.yaml`: a hyperparameter search (grid, random or TPE with median pruning) over a
 * base config, every trial a run directory under OUT/trials/, locally in parallel or through Slurm;
 * OUT/results.csv, OUT/results.md and OUT/best.mlip.yaml at the end, OUT/sweep-state.json throughout.
 */
import { readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { loadSweepOrThrow } from '../../core/sweep';
import { LocatedError } from '../../core/errors';
import { ArgError, parseArgs } from '../args';
import { cancelOnSignals } from '../cancel-on-signals';
import { runSweep } from '../sweep/run-sweep';
import type { Command } from './command';
import { processOutput, type CommandOutput } from './command-output';

const USAGE = `usage: mlip-uq sweep SWEEP.yaml [--out DIR] [--resume] [--parallel N] [--trials N] [--minutes M] [--executor local|slurm]

  SWEEP.yaml      a *.sweep.yaml file: base config, search space, strategy, pruning, budget, executor
  --out DIR       output folder (default ./NAME-sweep in the current folder)
  --resume        continue the interrupted sweep in DIR (interrupted trials continue from their checkpoints)
  --parallel N    trials at once, overriding executor.parallel
  --trials N      overriding budget.trials
  --minutes M     overriding budget.minutes
  --executor E    overriding executor.type

SIGINT/SIGTERM stop the running trials (each checkpoints) and save the state; --resume continues.`;

function positive(name: string, text: string | undefined, integer: boolean): number | undefined {
  if (text === undefined) return undefined;
  const v = Number(text);
  if (!(Number.isFinite(v) && v > 0 && (!integer || Number.isInteger(v)))) throw new ArgError(`--${name} must be a positive ${integer ? 'whole ' : ''}number, not "${text}"`);
  return v;
}

export async function runSweepCommand(args: string[], io: CommandOutput = processOutput): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) { io.out(`${USAGE}\n`); return 0; }
  let parsed;
  let overrides;
  try {
    parsed = parseArgs(args, { values: ['out', 'parallel', 'trials', 'minutes', 'executor'], flags: ['resume'] });
    if (parsed.positionals.length !== 1) throw new ArgError('give exactly one SWEEP.yaml');
    const ex = parsed.values.executor;
    if (ex !== undefined && ex !== 'local' && ex !== 'slurm') throw new ArgError(`--executor must be local or slurm, not "${ex}"`);
    overrides = {
      parallel: positive('parallel', parsed.values.parallel, true), trials: positive('trials', parsed.values.trials, true),
      minutes: positive('minutes', parsed.values.minutes, false), executor: ex as 'local' | 'slurm' | undefined,
    };
  } catch (e) {
    if (!(e instanceof ArgError)) throw e;
    io.err(`mlip-uq sweep: ${e.message}\n${USAGE}\n`);
    return 2;
  }
  const file = resolve(parsed.positionals[0]);
  let text: string;
  try { text = readFileSync(file, 'utf8'); } catch { throw new LocatedError('sweep file not found', { file }); }
  const spec = loadSweepOrThrow(text, file);
  if (overrides.parallel !== undefined) spec.executor.parallel = overrides.parallel;
  if (overrides.trials !== undefined) spec.budget.trials = overrides.trials;
  if (overrides.minutes !== undefined) spec.budget.minutes = overrides.minutes;
  if (overrides.executor !== undefined) spec.executor.type = overrides.executor;
  const out = resolve(parsed.values.out ?? `${basename(file).replace(/\.sweep\.(ya?ml|json)$/i, '')}-sweep`);
  const cancel = cancelOnSignals();
  try {
    const r = await runSweep(spec, { out, resume: parsed.flags.has('resume'), cancel, log: (line) => io.err(`${line}\n`) });
    io.out(readFileSync(r.markdownFile, 'utf8'));
    io.err(`mlip-uq sweep: ${r.state.phase === 'cancelled' ? 'cancelled; state saved, continue with --resume' : 'done'}; results in ${r.csvFile} and ${r.markdownFile}${r.bestConfigFile ? `; best config ${r.bestConfigFile}` : ''}\n`);
    if (r.state.phase === 'cancelled') return 130;
    return r.bestConfigFile ? 0 : 1;
  } finally {
    cancel.release();
  }
}

const command: Command = { run: (args) => runSweepCommand(args) };
export default command;
