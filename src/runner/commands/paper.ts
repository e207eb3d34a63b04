/**
 * `mlip-uq paper`: the comparison of Farris et al. 2025 on the user's data in one command: deep
 * ensemble and the three BNN estimators, on the full training set and on a seeded 20 % subset, the same
 * test set for all; every report under OUT/<method>-<regime>/ and OUT/paper-table.md beside the
 * paper's numbers.
 */
import { ArgError } from '../args';
import { cancelOnSignals } from '../cancel-on-signals';
import { parsePaperOptions } from '../paper/paper-options';
import { runPaper } from '../paper/run-paper';
import type { Command } from './command';
import { processOutput, type CommandOutput } from './command-output';

const USAGE = `usage: mlip-uq paper [--data PATH… | --data-config CONFIG] [--reference-energy El=eV …] [--study tio2|tio2-forces|qm7]
                    [--methods de,lrt,flipout,radial] [--regimes full,subset] [--subset-fraction 0.2]
                    [--seeds N|S1,S2,…] [--split-sizes TRAIN,VAL,TEST] [--budget-minutes N] [--epochs N]
                    [--members 10] [--limit N] [--seed 1] [--parallel N] [--out DIR] [--resume] [--forces]
                    [--tuned METHOD=CONFIG …]

  --data PATH            structure files (repeatable; default: the shipped 1,000-structure TiO2 archive)
  --data-config CONFIG   take the data, its reference energies and the descriptor from a *.mlip.yaml instead
  --reference-energy     El=eV per element (repeatable; default for TiO2: aenet's isolated-atom energies)
  --study S              which of the paper's tables to compare with: tio2 (§4.1, energy only), tio2-forces or
                         qm7 (§4.2); it brings its methods, regimes and objective (default tio2)
  --methods              de (10-member deep ensemble), lrt, flipout, radial (BNNs); default the study's
  --regimes              full (80/10/10 split), subset (a seeded share of train+validation, same test set)
  --subset-fraction X    share of train+validation in the subset regime (default 0.2, as the paper)
  --seeds N|LIST         training seeds: a count takes the paper's first N (883144, 321439, …); the table gives
                         mean ± std over them
  --split-sizes A,B,C    exact train/validation/test counts (the paper's TiO2: 6331,704,780); default 80/10/10
  --budget-minutes N     wall-clock budget for all runs, shared by weight (BNN runs get 1.5× an ensemble's time)
  --epochs N             epoch cap of every run (default DE 2000, BNN 20000; early stopping and the budget end runs sooner)
  --members N            ensemble members (default 10, as the paper)
  --limit N              only the first N structures
  --seed N               seed of the split and subset draw (default 1)
  --parallel N           runs at once, each in its own process on one thread (default: every core)
  --out DIR              output folder (default ./paper-TIME)
  --resume               continue the study in --out: finished runs are kept, interrupted ones continue from
                         their checkpoints, then the tables are written from all of them
  --forces               train on forces too (α = 0.1); default energy only, as the paper's main table
  --tuned METHOD=CONFIG  that method's batch size, learning rate and BNN values (prior, q_scale, σ_obs, weight
                         samples) from a *.mlip.yaml, e.g. the best.mlip.yaml of the paper's search run on your
                         data with \`mlip-uq sweep\` (repeatable, one per method; every regime)

Hyper-parameters are the paper's tuned values per method (methods.md §5; the paper published its TiO2 ones only).`;

export async function runPaperCommand(args: string[], io: CommandOutput = processOutput): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) { io.out(`${USAGE}\n`); return 0; }
  let options;
  try {
    options = parsePaperOptions(args);
  } catch (e) {
    if (!(e instanceof ArgError)) throw e;
    io.err(`mlip-uq paper: ${e.message}\n${USAGE}\n`);
    return 2;
  }
  const cancel = cancelOnSignals();
  try {
    const r = await runPaper(options, {
      log: (line) => io.err(`${line}\n`), cancel,
      command: ['mlip-uq paper', ...args].join(' '),
    });
    io.out(`${r.table}\n`);
    io.err(`mlip-uq paper: table written to ${r.tableFile}\n`);
    return r.results.every((x) => x.metrics) ? 0 : 1;
  } finally {
    cancel.release();
  }
}

const command: Command = { run: (args) => runPaperCommand(args) };
export default command;
