/**
 * Runs the comparison: one training run per (regime, method) in OUT/<method>-<regime>/, one after the
 * other, each with its share of the time budget, then OUT/paper-table.md and OUT/paper-results.json.
 * Full-data runs go first, so an interrupted comparison still has the paper's main table.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LocatedError } from '../../core/errors';
import type { RunEvent } from '../../protocol/events';
import { RUN_FILES } from '../../protocol/run-dir';
import { runTraining } from '../train-run';
import { nextShareMs, runWeight } from './budget';
import { paperConfig, type PaperSettings } from './paper-configs';
import type { PaperOptions } from './paper-options';
import { readRunResult, type PaperRunResult } from './paper-results';
import { paperTableMarkdown } from './paper-table';
import type { PaperMethod, PaperRegime } from './paper-values';

/** Epoch caps without --epochs: the examples' schedules; BNNs need many more epochs (paper: 100,000). */
const DEFAULT_EPOCHS: Record<PaperMethod, number> = { de: 2000, lrt: 20000, flipout: 20000, radial: 20000 };

export interface PaperRunOptions {
  log: (line: string) => void;
  cancel?: { requested: boolean };
  /** The command line, recorded under the table. */
  command: string;
  /** Seconds between progress lines during a run. */
  progressSeconds?: number;
}

export interface PaperOutcome { results: PaperRunResult[]; tableFile: string; table: string }

const runName = (m: PaperMethod, r: PaperRegime) => `${m}-${r}`;

export function budgetNote(o: PaperOptions): string {
  if (o.budgetMinutes === null) return `none; epochs ${o.epochs ?? 'DE 2000 / BNN 20000'} with early stopping.`;
  return `${o.budgetMinutes} min for all runs, shared by weight (each BNN run 1.5× the time of the ensemble run, since a BNN needs many more epochs per unit of accuracy; a subset run 0.4× its full-data twin, its epochs being ~5× cheaper); time left unused by early stopping goes to the later runs.`;
}

export async function runPaper(o: PaperOptions, ro: PaperRunOptions): Promise<PaperOutcome> {
  const plan = o.regimes.flatMap((regime) => o.methods.map((method) => ({ method, regime })));
  for (const { method, regime } of plan) {
    if (existsSync(join(o.out, runName(method, regime), RUN_FILES.events))) {
      throw new LocatedError('the output folder already holds this comparison\'s runs', { file: join(o.out, runName(method, regime)), field: '--out' }, 'a new --out folder');
    }
  }
  mkdirSync(join(o.out, 'configs'), { recursive: true });
  const settings: PaperSettings = {
    data: o.data, referenceEnergies: o.referenceEnergies, env: o.tio2Default ? ['Ti', 'O'] : null, limit: o.limit,
    subsetFraction: o.subsetFraction, seed: o.seed, forces: o.forces, members: o.members,
    epochs: o.epochs !== null ? { de: o.epochs, lrt: o.epochs, flipout: o.epochs, radial: o.epochs } : DEFAULT_EPOCHS,
  };
  const start = Date.now();
  const budgetMs = o.budgetMinutes !== null ? o.budgetMinutes * 60_000 : null;
  const results: PaperRunResult[] = [];
  ro.log(`paper: ${plan.length} runs (${plan.map((p) => runName(p.method, p.regime)).join(', ')}) → ${o.out}`);
  for (let i = 0; i < plan.length; i++) {
    const { method, regime } = plan[i];
    const name = runName(method, regime);
    const configFile = join(o.out, 'configs', `${name}.mlip.json`);
    writeFileSync(configFile, JSON.stringify(paperConfig(method, regime, settings), null, 1));
    const runStart = Date.now();
    const shareMs = budgetMs === null ? null : nextShareMs(budgetMs - (runStart - start), plan.slice(i).map((p) => runWeight(p.method, p.regime)));
    const tag = `[${i + 1}/${plan.length}] ${name}`;
    ro.log(`${tag}: started${shareMs !== null ? `, ${(shareMs / 60_000).toFixed(1)} min of the budget` : ''}`);
    let lastLine = 0;
    const onEvent = (e: RunEvent) => {
      if (e.type !== 'epoch' || Date.now() - lastLine < (ro.progressSeconds ?? 15) * 1000) return;
      lastLine = Date.now();
      const used = (Date.now() - runStart) / 60_000;
      ro.log(`${tag}: epoch ${e.epoch}, validation energy RMSE ${e.valEnergyRmse.toPrecision(3)} eV/atom, ${used.toFixed(1)}${shareMs !== null ? `/${(shareMs / 60_000).toFixed(1)}` : ''} min`);
    };
    let status: string;
    let message: string | undefined;
    try {
      const r = await runTraining({
        configFile, runDir: join(o.out, name), onEvent, cancel: ro.cancel,
        ...(shareMs !== null ? { deadline: runStart + Math.max(shareMs, 1) } : {}),
      });
      status = r.status;
      message = r.message;
    } catch (e) {
      // One broken run must not lose the others: it becomes an empty row with its reason.
      status = 'failed';
      message = e instanceof Error ? e.message : String(e);
    }
    const result = readRunResult(o.out, name, method, regime, status, message);
    results.push(result);
    const m = result.metrics;
    ro.log(`${tag}: ${status}${message ? ` (${message})` : ''} after ${result.epochs} epochs, ${((Date.now() - runStart) / 60_000).toFixed(1)} min${m ? `; test RMSE ${m.rmse.toPrecision(3)} eV/atom, NLL ${m.nllNo2pi.toPrecision(3)}, MACE ${m.mace.toPrecision(3)}` : ''}`);
    if (ro.cancel?.requested) break;
  }
  const full = results.find((r) => r.regime === 'full' && r.metrics);
  const subset = results.find((r) => r.regime === 'subset' && r.metrics);
  const subsetNote = subset ? `Subset regime: ${subset.trainCount + subset.validationCount} structures for train+validation (${Math.round(o.subsetFraction * 100)} %${full ? ` of ${full.trainCount + full.validationCount}` : ''}), same test set.` : '';
  const table = paperTableMarkdown(results, {
    command: ro.command, budgetNote: budgetNote(o), testCount: (full ?? subset)?.testCount ?? 0, subsetNote,
  });
  const tableFile = join(o.out, 'paper-table.md');
  writeFileSync(tableFile, table);
  writeFileSync(join(o.out, 'paper-results.json'), JSON.stringify({ options: o, seconds: (Date.now() - start) / 1000, results }, null, 1));
  return { results, tableFile, table };
}
