/**
 * `mlip-uq metrics FILE.json|FILE.csv [--validation VAL.json|VAL.csv]`: every uncertainty metric of
 * methods.md §6 for predictions made by any code, printed as JSON, so they are judged the same way as
 * our own runs. With --validation, a σ scale is fitted there and the metrics with scaled σ are added.
 */
import { readFileSync } from 'node:fs';
import { LocatedError } from '../../core/errors';
import { compactJson } from '../../core/report/write-report';
import { evaluatePredictions } from '../../core/uq/evaluate';
import { parsePredictionTable } from '../../core/uq/prediction-table';
import { applySigmaScale, fitSigmaScale } from '../../core/uq/recalibration';
import type { Predictions } from '../../core/uq/inputs';
import { ArgError, parseArgs } from '../args';
import type { Command } from './command';
import { processOutput, type CommandOutput } from './command-output';

const USAGE = `usage: mlip-uq metrics FILE.json|FILE.csv [--validation VAL.json|VAL.csv]

  FILE          {"y_true": […], "y_pred": […], "y_std": […]} or a CSV whose header names y_true, y_pred, y_std
  --validation  predictions to fit the σ scale on (s² = mean(e²/σ²)); adds "recalibrated" metrics for FILE

Prints {"file", "metrics", "curves", "errorVsSigma"[, "recalibration", "recalibrated"]} as JSON.
NLL and CRPS assume a Gaussian N(y_pred, y_std²); σ is floored at 1e-8.`;

function readTable(file: string, field: string): Predictions {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new LocatedError(`cannot read (${(e as NodeJS.ErrnoException).code ?? 'error'})`, { file, field }, 'a readable JSON or CSV file');
  }
  return parsePredictionTable(text, file);
}

export async function runMetrics(args: string[], io: CommandOutput = processOutput): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) { io.out(`${USAGE}\n`); return 0; }
  let parsed;
  try {
    parsed = parseArgs(args, { values: ['validation'] });
  } catch (e) {
    if (!(e instanceof ArgError)) throw e;
    io.err(`mlip-uq metrics: ${e.message}\n${USAGE}\n`);
    return 2;
  }
  if (parsed.positionals.length !== 1) { io.err(`mlip-uq metrics: give exactly one predictions file\n${USAGE}\n`); return 2; }
  const file = parsed.positionals[0];
  const p = readTable(file, 'FILE');
  const ev = evaluatePredictions(p, { file });
  const out: Record<string, unknown> = { file, ...ev };
  const valFile = parsed.values.validation;
  if (valFile) {
    const fit = fitSigmaScale(readTable(valFile, '--validation'));
    out.recalibration = { ...fit, fittedOn: valFile };
    out.recalibrated = evaluatePredictions({ ...p, yStd: applySigmaScale(p.yStd, fit.scale) }, { file });
  }
  io.out(compactJson(out, 2));
  return 0;
}

const command: Command = { run: (args) => runMetrics(args) };
export default command;
