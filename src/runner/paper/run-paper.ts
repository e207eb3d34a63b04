/**
 * Runs the comparison: one training run per (seed, regime, method) in OUT/<method>-<regime>[-s<seed>]/,
 * `--parallel` at a time (each in its own process when more than one), each with its share of the time
 * budget, then OUT/paper-table.md and OUT/paper-results.json. Full-data runs go first within a seed, so an
 * interrupted comparison still has the paper's main table; `--resume` keeps the runs that finished, continues
 * the interrupted ones from their checkpoints and writes the tables from all of them.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LocatedError } from '../../core/errors';
import type { RunEvent } from '../../protocol/events';
import { RUN_FILES } from '../../protocol/run-dir';
import { runPool } from '../executors/task-pool';
import { localExecutor } from '../executors/local-executor';
import { cliPath } from '../executors/train-process';
import { runTraining } from '../train-run';
import { nextShareMs, runWeight } from './budget';
import { paperConfig, type PaperSettings } from './paper-configs';
import type { PaperOptions } from './paper-options';
import { readRunResult, runFinished, type PaperRunResult } from './paper-results';
import { studyMarkdown } from './paper-study-table';
import { paperTableMarkdown } from './paper-table';
import { tunedNote } from './paper-tuned';
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
  if (o.budgetMinutes === null) return `none; epochs ${o.epochs ?? 'DE 2000 / BNN 20000'} (early stopping for the ensemble only, as the paper).`;
  return `${o.budgetMinutes} min for all runs, shared by weight (each BNN run 1.5× the time of the ensemble run, since a BNN needs many more epochs per unit of accuracy; a subset run 0.4× its full-data twin, its epochs being ~5× cheaper); time an ensemble leaves unused by early stopping goes to the later runs; BNN runs never stop early, as the paper's.`;
}

/** TiO2 data (the shipped archive, or Ti and O references only) gets aenet's environment order Ti, O. */
function isTiO2(o: PaperOptions): boolean {
  const els = typeof o.referenceEnergies === 'string' ? '' : Object.keys(o.referenceEnergies).sort().join();
  return o.tio2Default || els === 'O,Ti';
}

/** Wall seconds and lanes of the invocation that last wrote paper-results.json, or null (none, or unreadable). */
function readEarlierInvocation(file: string): { seconds: number; parallel: number } | null {
  try {
    const j = JSON.parse(readFileSync(file, 'utf8')) as { seconds?: unknown; parallel?: unknown };
    return typeof j.seconds === 'number' && typeof j.parallel === 'number' ? { seconds: j.seconds, parallel: j.parallel } : null;
  } catch {
    return null;
  }
}

interface PlannedRun { method: PaperMethod; regime: PaperRegime; seed: number; name: string; index: number }

/**
 * Seeds outermost, so a study cut short (cancel, budget) has every (method, regime) for its first seeds;
 * full-data runs before subset runs within a seed. One seed keeps the run folders' plain names.
 */
export function planRuns(o: Pick<PaperOptions, 'regimes' | 'methods' | 'seeds'>): PlannedRun[] {
  const plan: PlannedRun[] = [];
  for (const seed of o.seeds) {
    for (const regime of o.regimes) {
      for (const method of o.methods) {
        plan.push({ method, regime, seed, name: o.seeds.length > 1 ? `${runName(method, regime)}-s${seed}` : runName(method, regime), index: plan.length });
      }
    }
  }
  return plan;
}

export async function runPaper(o: PaperOptions, ro: PaperRunOptions): Promise<PaperOutcome> {
  const plan = planRuns(o);
  const started = (p: PlannedRun) => existsSync(join(o.out, p.name, RUN_FILES.events));
  if (!o.resume) {
    const found = plan.find(started);
    if (found) throw new LocatedError('the output folder already holds this comparison\'s runs', { file: join(o.out, found.name), field: '--out' }, 'a new --out folder, or --resume to continue this one');
  }
  // --resume keeps the runs that finished and continues the others from their checkpoints; the budget is this invocation's.
  const kept = new Set(o.resume ? plan.filter((p) => runFinished(join(o.out, p.name))).map((p) => p.index) : []);
  const pending = plan.filter((p) => !kept.has(p.index));
  const resultsFile = join(o.out, 'paper-results.json');
  const earlier = o.resume ? readEarlierInvocation(resultsFile) : null;
  mkdirSync(join(o.out, 'configs'), { recursive: true });
  const settings: PaperSettings = {
    data: o.data, blocks: o.dataConfig, referenceEnergies: o.referenceEnergies, env: isTiO2(o) ? ['Ti', 'O'] : null, limit: o.limit,
    subsetFraction: o.subsetFraction, seed: o.seed, splitSizes: o.splitSizes, study: o.study, forces: o.forces, members: o.members,
    epochs: o.epochs !== null ? { de: o.epochs, lrt: o.epochs, flipout: o.epochs, radial: o.epochs } : DEFAULT_EPOCHS,
    tuned: o.tuned,
  };
  const start = Date.now();
  const budgetMs = o.budgetMinutes !== null ? o.budgetMinutes * 60_000 : null;
  // Child processes when more than one run can train at once (and the bundled CLI is there to run them).
  const lanes = Math.min(o.parallel, Math.max(pending.length, 1));
  const inChildren = lanes > 1 && cliPath() !== null;
  const parallel = inChildren ? lanes : 1;
  // Several at once: the local executor's child processes (one backend thread each); one: in this process.
  const executor = inChildren ? localExecutor({ parallel, threads: 1 }) : null;
  const results: (PaperRunResult | undefined)[] = new Array(plan.length);
  const deadlines = new Map<number, number>();
  ro.log(`paper: ${plan.length} run${plan.length === 1 ? '' : 's'} (${plan.map((p) => p.name).join(', ')}) → ${o.out}; ${parallel} at a time${inChildren ? ', one process each' : ''}`);
  if (kept.size) ro.log(`paper: --resume keeps ${kept.size} finished run${kept.size === 1 ? '' : 's'}; ${pending.length} to train (interrupted ones continue from their checkpoints)`);
  for (const i of kept) results[i] = { ...readRunResult(o.out, plan[i].name, plan[i].method, plan[i].regime, 'completed'), seed: plan[i].seed };
  let nextIndex = 0;
  const next = (): PlannedRun | null => (ro.cancel?.requested || nextIndex >= pending.length ? null : pending[nextIndex++]);
  const runOne = async (p: PlannedRun): Promise<PaperRunResult> => {
    const configFile = join(o.out, 'configs', `${p.name}.mlip.json`);
    writeFileSync(configFile, JSON.stringify(paperConfig(p.method, p.regime, settings, p.seed), null, 1));
    const runStart = Date.now();
    let shareMs: number | null = null;
    if (budgetMs !== null) {
      // Lane time left: every lane until the budget ends, less what the runs in flight were promised.
      const now = Date.now();
      let laneMs = (budgetMs - (now - start)) * parallel;
      for (const d of deadlines.values()) laneMs -= Math.max(0, d - now);
      shareMs = Math.max(nextShareMs(laneMs, pending.slice(pending.indexOf(p)).map((q) => runWeight(q.method, q.regime))), 1);
      deadlines.set(p.index, runStart + shareMs);
    }
    const tag = `[${p.index + 1}/${plan.length}] ${p.name}`;
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
    const resume = o.resume && started(p);
    try {
      const r = executor
        ? await executor.run({ name: p.name, configFile, runDir: join(o.out, p.name), resume, ...(shareMs !== null ? { timeBudgetMinutes: shareMs / 60_000 } : {}) }, { onEvent, cancel: ro.cancel ?? { requested: false } })
        : await runTraining({ configFile, runDir: join(o.out, p.name), resume, onEvent, cancel: ro.cancel, ...(shareMs !== null ? { deadline: runStart + shareMs } : {}) });
      status = r.status;
      message = r.message;
    } catch (e) {
      // One broken run must not lose the others: it becomes an empty row with its reason.
      status = 'failed';
      message = e instanceof Error ? e.message : String(e);
    }
    deadlines.delete(p.index);
    const result = { ...readRunResult(o.out, p.name, p.method, p.regime, status, message), seed: p.seed };
    const m = result.metrics;
    ro.log(`${tag}: ${status}${message ? ` (${message})` : ''} after ${result.epochs} epochs, ${((Date.now() - runStart) / 60_000).toFixed(1)} min${m ? `; test RMSE ${m.rmse.toPrecision(3)} eV/atom, NLL ${m.nllNo2pi.toPrecision(3)}, MACE ${m.mace.toPrecision(3)}` : ''}`);
    return result;
  };
  try {
    await runPool(parallel, next, runOne, (p, r) => { results[p.index] = r; });
  } finally {
    await executor?.close();
  }
  const done = results.filter((r): r is PaperRunResult => r !== undefined);
  const full = done.find((r) => r.regime === 'full' && r.metrics);
  const subset = done.find((r) => r.regime === 'subset' && r.metrics);
  const subsetNote = subset ? `Subset regime: ${subset.trainCount + subset.validationCount} structures for train+validation (${Math.round(o.subsetFraction * 100)} %${full ? ` of ${full.trainCount + full.validationCount}` : ''}), same test set.` : '';
  // A resumed study counts the wall time of the invocation that wrote paper-results.json before it (a killed one wrote none).
  const seconds = (Date.now() - start) / 1000 + (earlier?.seconds ?? 0);
  const lanesShown = pending.length ? parallel : earlier?.parallel ?? parallel;
  const table = paperTableMarkdown(done, {
    command: ro.command, budgetNote: budgetNote(o), testCount: (full ?? subset)?.testCount ?? 0, subsetNote, study: o.study, tuned: tunedNote(o.tuned),
    ...(o.seeds.length > 1 ? { studySection: studyMarkdown(done, { study: o.study, seeds: o.seeds, parallel: lanesShown, seconds }) } : {}),
  });
  const tableFile = join(o.out, 'paper-table.md');
  writeFileSync(tableFile, table);
  writeFileSync(resultsFile, JSON.stringify({ options: o, seconds, parallel: lanesShown, results: done }, null, 1));
  return { results: done, tableFile, table };
}
