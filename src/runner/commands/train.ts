/**
 * `mlip-uq train CONFIG [--run-dir DIR] [--resume] [--events]`: trains as the config says and writes the
 * run directory. --events also streams the run events to stdout as NDJSON (what the worker does).
 * --members-as-jobs trains a deep ensemble's members as separate jobs (../members/run-member-jobs.ts).
 */
import { terminalMessage } from '../../core/report/escape-text';
import { slurmOptionsOf, type ExecutorSpec } from '../../core/sweep';
import { ArgError, parseArgs, type ParsedArgs } from '../args';
import { runMemberJobs } from '../members/run-member-jobs';
import { cancelOnSignals } from '../cancel-on-signals';
import { progressBar } from '../progress-bar';
import { runRecalibrationWarnings } from './predict-recalibration';
import { runTraining } from '../train-run';
import type { BackendChoice } from '../../core/backend/select-backend';
import type { Command } from './command';

const USAGE = `usage: mlip-uq train CONFIG [--run-dir DIR] [--resume] [--events] [--backend B] [--threads N]
       mlip-uq train CONFIG --members-as-jobs [--executor local|slurm] [--parallel N] [--run-dir DIR] [--resume] [Slurm options]

  CONFIG        a *.mlip.yaml or *.mlip.json training config
  --run-dir DIR where to write the run (default: output.run_dir of the config, else runs/NAME-TIME)
  --resume      continue the interrupted run in DIR from its last checkpoint
  --events      stream the run events to stdout as NDJSON
  --backend B   auto | tensorflow | wasm | cpu, overriding training.backend (env MLIP_UQ_BACKEND)
  --threads N   threads for the backend, overriding training.threads (env MLIP_UQ_THREADS)
  --time-budget-minutes M   stop training after the first epoch that ends M minutes after the start,
                keeping the best epoch so far, then predict and report as usual
  --member K    train only member K (0-based) of the config's ensemble, as it starts in the whole ensemble

A deep ensemble's members as independent jobs, merged into one ensemble run:
  --members-as-jobs   each member trains as its own job in DIR/members/member-NN/ (its seed, initial
                weights and bootstrap resample those of the in-process ensemble), then DIR becomes one
                ensemble run; --resume keeps finished members and continues the others
  --executor E  local (child processes, default) or slurm (sbatch job arrays; the run directory and
                CONFIG must be on a filesystem the nodes share)
  --parallel N  members at once (local: default every core, each on 1 thread or --threads; slurm: default 8)
  --partition P, --account A, --time T, --memory MEM, --cpus-per-task N, --max-retries N (default 2),
  --sbatch-arg ARG (repeatable), --poll-seconds S (default 5), --node PATH: as a sweep's executor.slurm`;

const BACKENDS: readonly BackendChoice[] = ['auto', 'tensorflow', 'wasm', 'cpu'];

export async function runTrain(args: string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) { process.stdout.write(`${USAGE}\n`); return 0; }
  let parsed;
  try {
    parsed = parseArgs(args, {
      values: ['run-dir', 'backend', 'threads', 'time-budget-minutes', 'member', ...JOB_VALUES], repeatable: ['sbatch-arg'], flags: ['resume', 'events', 'members-as-jobs'],
    });
  } catch (e) {
    if (!(e instanceof ArgError)) throw e;
    process.stderr.write(`mlip-uq train: ${e.message}\n${USAGE}\n`);
    return 2;
  }
  if (parsed.positionals.length !== 1) { process.stderr.write(`mlip-uq train: give exactly one CONFIG\n${USAGE}\n`); return 2; }
  // The editor passes its settings through the environment; explicit flags win.
  const backendText = parsed.values.backend ?? process.env.MLIP_UQ_BACKEND;
  const threadsText = parsed.values.threads ?? process.env.MLIP_UQ_THREADS;
  if (backendText !== undefined && !BACKENDS.includes(backendText as BackendChoice)) {
    process.stderr.write(`mlip-uq train: --backend must be one of ${BACKENDS.join(', ')}, not "${backendText}"\n`);
    return 2;
  }
  const threads = threadsText === undefined ? undefined : Number(threadsText);
  if (threads !== undefined && !(Number.isInteger(threads) && threads >= 1)) {
    process.stderr.write(`mlip-uq train: --threads must be a whole number ≥ 1, not "${threadsText}"\n`);
    return 2;
  }
  const budgetText = parsed.values['time-budget-minutes'];
  const budget = budgetText === undefined ? undefined : Number(budgetText);
  if (budget !== undefined && !(Number.isFinite(budget) && budget > 0)) {
    process.stderr.write(`mlip-uq train: --time-budget-minutes must be a positive number, not "${budgetText}"\n`);
    return 2;
  }
  const member = parsed.values.member === undefined ? undefined : Number(parsed.values.member);
  if (member !== undefined && !(Number.isInteger(member) && member >= 0)) {
    process.stderr.write(`mlip-uq train: --member must be a whole number ≥ 0, not "${parsed.values.member}"\n`);
    return 2;
  }
  if (parsed.flags.has('members-as-jobs')) return runMembersAsJobs(parsed, budget, threads);
  const jobOption = [...JOB_VALUES, 'sbatch-arg'].find((k) => parsed.values[k] !== undefined || parsed.lists[k]);
  if (jobOption) { process.stderr.write(`mlip-uq train: --${jobOption} applies only with --members-as-jobs\n`); return 2; }
  const cancel = cancelOnSignals();
  const bar = process.stderr.isTTY ? progressBar((s) => process.stderr.write(s)) : null;
  try {
    const r = await runTraining({
      configFile: parsed.positionals[0], runDir: parsed.values['run-dir'], resume: parsed.flags.has('resume'), cancel,
      backend: backendText as BackendChoice | undefined, threads, ...(member !== undefined ? { member } : {}),
      // Said before training: a warning only in the editor's Problems list is missed by a terminal run.
      onConfigWarning: (w) => process.stderr.write(terminalMessage(`mlip-uq train: ${w}`) + '\n'),
      ...(budget !== undefined ? { deadline: Date.now() + budget * 60_000 } : {}),
      onEvent: (e) => {
        bar?.(e);
        if (parsed.flags.has('events')) process.stdout.write(JSON.stringify(e) + '\n');
      },
    });
    if (!bar) process.stderr.write(terminalMessage(`mlip-uq train: ${r.status}${r.message ? `: ${r.message}` : ''} (${r.runDir})`) + '\n');
    if (r.status !== 'failed' && r.status !== 'cancelled') for (const w of runRecalibrationWarnings(r.runDir)) process.stderr.write(`mlip-uq train: ${w}\n`);
    return r.status === 'failed' ? 1 : 0;
  } finally {
    cancel.release();
  }
}

/** The options of --members-as-jobs (besides --run-dir, --resume and --time-budget-minutes). */
const JOB_VALUES = ['executor', 'parallel', 'partition', 'account', 'time', 'memory', 'cpus-per-task', 'max-retries', 'poll-seconds', 'node'];

function jobExecutor(v: Record<string, string>, lists: Record<string, string[]>): ExecutorSpec {
  const count = (name: string, min: number): number | undefined => {
    const text = v[name];
    if (text === undefined) return undefined;
    const n = Number(text);
    if (!(Number.isInteger(n) && n >= min)) throw new ArgError(`--${name} must be a whole number ≥ ${min}, not "${text}"`);
    return n;
  };
  const type = v.executor ?? 'local';
  if (type !== 'local' && type !== 'slurm') throw new ArgError(`--executor must be local or slurm, not "${type}"`);
  const poll = v['poll-seconds'] === undefined ? undefined : Number(v['poll-seconds']);
  if (poll !== undefined && !(poll > 0)) throw new ArgError(`--poll-seconds must be a positive number, not "${v['poll-seconds']}"`);
  return {
    type, parallel: count('parallel', 1) ?? null, threads: null,
    slurm: slurmOptionsOf({
      partition: v.partition, account: v.account, time: v.time, memory: v.memory, node: v.node,
      cpus_per_task: count('cpus-per-task', 1), max_retries: count('max-retries', 0), poll_seconds: poll, extra_args: lists['sbatch-arg'],
    }),
  };
}

async function runMembersAsJobs(parsed: ParsedArgs, budget: number | undefined, threads: number | undefined): Promise<number> {
  if (parsed.values.member !== undefined) { process.stderr.write('mlip-uq train: --member and --members-as-jobs exclude each other\n'); return 2; }
  let executor: ExecutorSpec;
  try {
    executor = { ...jobExecutor(parsed.values, parsed.lists), threads: threads ?? null };
  } catch (e) {
    if (!(e instanceof ArgError)) throw e;
    process.stderr.write(`mlip-uq train: ${e.message}\n${USAGE}\n`);
    return 2;
  }
  const cancel = cancelOnSignals();
  try {
    const r = await runMemberJobs({
      configFile: parsed.positionals[0], runDir: parsed.values['run-dir'], resume: parsed.flags.has('resume'), executor, cancel,
      log: (line) => process.stderr.write(terminalMessage(`mlip-uq train: ${line}`) + '\n'),
      ...(budget !== undefined ? { timeBudgetMinutes: budget } : {}),
    });
    process.stderr.write(terminalMessage(`mlip-uq train: ${r.status}${r.message ? `: ${r.message}` : ''} (${r.runDir})`) + '\n');
    if (r.status !== 'failed' && r.status !== 'cancelled') for (const w of runRecalibrationWarnings(r.runDir)) process.stderr.write(`mlip-uq train: ${w}\n`);
    return r.status === 'failed' ? 1 : r.status === 'cancelled' ? 130 : 0;
  } finally {
    cancel.release();
  }
}

const train: Command = { run: runTrain };
export default train;
