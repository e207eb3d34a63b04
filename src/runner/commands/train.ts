/**
 * `mlip-uq train CONFIG [--run-dir DIR] [--resume] [--events]`: trains as the config says and writes the
 * run directory. --events also streams the run events to stdout as NDJSON (what the worker does).
 */
import { terminalMessage } from '../../core/report/escape-text';
import { ArgError, parseArgs } from '../args';
import { cancelOnSignals } from '../cancel-on-signals';
import { progressBar } from '../progress-bar';
import { runRecalibrationWarnings } from './predict-recalibration';
import { runTraining } from '../train-run';
import type { BackendChoice } from '../../core/backend/select-backend';
import type { Command } from './command';

const USAGE = `usage: mlip-uq train CONFIG [--run-dir DIR] [--resume] [--events] [--backend B] [--threads N]

  CONFIG        a *.mlip.yaml or *.mlip.json training config
  --run-dir DIR where to write the run (default: output.run_dir of the config, else runs/NAME-TIME)
  --resume      continue the interrupted run in DIR from its last checkpoint
  --events      stream the run events to stdout as NDJSON
  --backend B   auto | tensorflow | wasm | cpu, overriding training.backend (env MLIP_UQ_BACKEND)
  --threads N   threads for the backend, overriding training.threads (env MLIP_UQ_THREADS)
  --time-budget-minutes M   stop training after the first epoch that ends M minutes after the start,
                keeping the best epoch so far, then predict and report as usual`;

const BACKENDS: readonly BackendChoice[] = ['auto', 'tensorflow', 'wasm', 'cpu'];

export async function runTrain(args: string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) { process.stdout.write(`${USAGE}\n`); return 0; }
  let parsed;
  try {
    parsed = parseArgs(args, { values: ['run-dir', 'backend', 'threads', 'time-budget-minutes'], flags: ['resume', 'events'] });
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
  const cancel = cancelOnSignals();
  const bar = process.stderr.isTTY ? progressBar((s) => process.stderr.write(s)) : null;
  try {
    const r = await runTraining({
      configFile: parsed.positionals[0], runDir: parsed.values['run-dir'], resume: parsed.flags.has('resume'), cancel,
      backend: backendText as BackendChoice | undefined, threads,
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

const train: Command = { run: runTrain };
export default train;
