/**
 * Runs a sweep: trials proposed by the spec's sampler as executor slots free (so TPE sees every trial
 * finished by then), each a normal run directory OUT/trials/NNNN/ trained by the executor; the median
 * pruner watches each trial's validation curve and stops the ones that fall behind. OUT/sweep-state.json
 * is rewritten atomically on every change, so a killed sweep resumes (--resume) with its interrupted
 * trials continued from their checkpoints; at the end OUT/results.csv, OUT/results.md and
 * OUT/best.mlip.yaml.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { writeFileAtomic } from '../../core/atomic-write';
import { loadConfigFile } from '../../core/config';
import { LocatedError } from '../../core/errors';
import {
  asSweepState, bestTrialOf, isFinished, METRIC_EVENT_FIELD, METRIC_LABEL, padTrial, plannedTrials, resultsCsv, resultsMarkdown, shouldPrune,
  suggestParams, SWEEP_STATE_FILE, SWEEP_STATE_VERSION, trialConfig, type SweepSpec, type SweepState, type TrialRecord,
} from '../../core/sweep';
import type { RunEvent } from '../../protocol/events';
import { RUN_FILES } from '../../protocol/run-dir';
import { createExecutor } from '../executors/create-executor';
import { EventsFollower } from '../executors/events-follower';
import type { Executor } from '../executors/executor';
import { runPool } from '../executors/task-pool';

export const SWEEP_FILES = { state: SWEEP_STATE_FILE, csv: 'results.csv', markdown: 'results.md', best: 'best.mlip.yaml', trials: 'trials' } as const;
export const TRIAL_CONFIG = 'trial.mlip.json';

export interface SweepRunOptions {
  out: string;
  resume?: boolean;
  log: (line: string) => void;
  cancel: { requested: boolean };
  /** Instead of the spec's executor (tests). */
  executor?: Executor;
  /** Seconds between state saves and progress lines during a trial (default 5). */
  progressSeconds?: number;
}

export interface SweepOutcome { state: SweepState; bestConfigFile: string | null; csvFile: string; markdownFile: string }

/** Consecutive failed trials after which the sweep stops: the base config or the environment is broken. */
const MAX_FAILURES_IN_A_ROW = 3;

function loadState(file: string): SweepState {
  let v: unknown;
  try { v = JSON.parse(readFileSync(file, 'utf8')); } catch (e) { throw new LocatedError(`cannot read the sweep state: ${(e as Error).message}`, { file }); }
  const s = asSweepState(v);
  if (!s) throw new LocatedError('not a sweep state this version can resume', { file }, `a ${SWEEP_STATE_FILE} written by mlip-uq sweep`);
  return s;
}

const minutesSince = (t: number) => (Date.now() - t) / 60_000;

export async function runSweep(spec: SweepSpec, o: SweepRunOptions): Promise<SweepOutcome> {
  const stateFile = join(o.out, SWEEP_FILES.state);
  let state: SweepState;
  const now = new Date().toISOString();
  const planned = plannedTrials(spec);
  if (o.resume) {
    if (!existsSync(stateFile)) throw new LocatedError('nothing to resume: no sweep state in this folder', { file: stateFile, field: '--resume' }, 'the --out folder of an interrupted sweep');
    state = loadState(stateFile);
    state.trialsPlanned = planned;
    state.budgetMinutes = spec.budget.minutes;
  } else {
    if (existsSync(stateFile)) throw new LocatedError('the output folder already holds a sweep', { file: o.out, field: '--out' }, 'a new --out folder, or --resume to continue that sweep');
    state = {
      version: SWEEP_STATE_VERSION, sweepFile: spec.file, strategy: spec.strategy, objective: spec.objective, seed: spec.seed,
      trialsPlanned: planned, budgetMinutes: spec.budget.minutes, executor: spec.executor.type, startedAt: now, updatedAt: now,
      elapsedMinutes: 0, phase: 'running', trials: [], bestTrial: null,
    };
  }
  mkdirSync(join(o.out, SWEEP_FILES.trials), { recursive: true });
  const executor = o.executor ?? createExecutor(spec.executor, o.out, `mlip-uq-sweep`);
  const sessionStart = Date.now();
  const elapsedBefore = state.elapsedMinutes;
  const elapsed = () => elapsedBefore + minutesSince(sessionStart);
  state.phase = 'running';
  state.driver = { host: hostname(), pid: process.pid };
  const save = () => {
    state.updatedAt = new Date().toISOString();
    state.elapsedMinutes = elapsed();
    state.bestTrial = bestTrialOf(state.trials)?.number ?? null;
    writeFileAtomic(stateFile, JSON.stringify(state, null, 1) + '\n');
  };
  // Interrupted trials (a killed or cancelled sweep) run again first, continuing from their checkpoints.
  const reruns = state.trials.filter((t) => t.status === 'running' || t.status === 'cancelled');
  for (const t of reruns) t.status = 'running';
  save();
  const budgetLeft = () => (spec.budget.minutes === null ? Infinity : spec.budget.minutes - elapsed());
  const field = METRIC_EVENT_FIELD[spec.objective];
  const pruneField = spec.pruning ? METRIC_EVENT_FIELD[spec.pruning.metric] : field;
  let failuresInARow = 0;
  let stopReason: string | null = null;
  o.log(`sweep: ${planned} trials (${spec.strategy}${spec.strategy === 'tpe' ? `, ${spec.startupTrials} random start-up trials` : ''}, seed ${spec.seed}) on ${executor.name}${spec.budget.minutes !== null ? `, ${spec.budget.minutes} min budget` : ''}${spec.pruning ? `, median pruning (patience ${spec.pruning.patience})` : ''} → ${o.out}${reruns.length ? `; resuming ${reruns.length} interrupted trial${reruns.length === 1 ? '' : 's'}` : ''}`);

  const next = (): TrialRecord | null => {
    if (o.cancel.requested || stopReason) return null;
    if (budgetLeft() <= 0) { stopReason ??= 'time budget spent'; return null; }
    const rerun = reruns.shift();
    if (rerun) return rerun;
    if (state.trials.length >= planned) return null;
    const k = state.trials.length;
    const t: TrialRecord = {
      number: k, params: suggestParams(spec, k, state.trials), status: 'running', runDir: `${SWEEP_FILES.trials}/${padTrial(k)}`,
      curve: [], best: null, bestEpoch: null, epochs: 0, minutes: 0,
    };
    state.trials.push(t);
    save();
    return t;
  };

  const completedCurves = () => state.trials.filter((t) => t.status === 'completed').map((t) => t.curve);

  const runTrial = async (t: TrialRecord): Promise<void> => {
    const runDir = join(o.out, t.runDir);
    const configFile = join(runDir, TRIAL_CONFIG);
    const resume = existsSync(join(runDir, RUN_FILES.events));
    if (!existsSync(configFile)) {
      mkdirSync(runDir, { recursive: true });
      writeFileAtomic(configFile, JSON.stringify(trialConfig(spec, t.params), null, 1) + '\n');
    }
    const tag = `trial ${padTrial(t.number)}`;
    // The sampled values are checked as a config before a process starts (a batch size of 0, a broken path).
    const checked = loadConfigFile(configFile, { semantics: false });
    const error = checked.diagnostics.find((d) => d.severity === 'error');
    if (error) {
      Object.assign(t, { status: 'failed', message: `config: ${error.message}${error.path ? ` (${error.path})` : ''}` });
      save();
      o.log(`${tag}: failed (${t.message})`);
      return;
    }
    const started = Date.now();
    const minutesBefore = t.minutes;
    let pruned: string | null = null;
    /** One epoch's values into the trial's curve and best. */
    const absorb = (e: RunEvent): number | undefined => {
      if (e.type !== 'epoch') return undefined;
      const v = (e as unknown as Record<string, unknown>)[pruneField];
      const obj = (e as unknown as Record<string, unknown>)[field];
      // A resumed run replays from its checkpoint: values from that epoch on replace the old ones.
      t.curve = t.curve.filter(([ep]) => ep < e.epoch);
      if (typeof v === 'number' && Number.isFinite(v)) t.curve.push([e.epoch, v]);
      if (typeof obj === 'number' && Number.isFinite(obj) && (t.best === null || obj < t.best)) { t.best = obj; t.bestEpoch = e.epoch; }
      t.epochs = e.epoch;
      return typeof obj === 'number' ? obj : NaN;
    };
    if (resume) {
      // What the interrupted run wrote; a run that had finished when the sweep was killed is only recorded.
      t.curve = [];
      t.best = null;
      t.bestEpoch = null;
      const before = new EventsFollower(join(runDir, RUN_FILES.events), absorb);
      before.poll();
      if (before.last?.type === 'finished' && before.last.stopped !== 'cancelled') {
        t.status = 'completed';
        save();
        o.log(`${tag}: had finished before the sweep was interrupted (best ${t.best ?? '–'})`);
        return;
      }
    }
    const control = {
      cancel: { get requested() { return o.cancel.requested || pruned !== null; } },
      onNote: (line: string) => o.log(line),
      onEvent: (e: RunEvent) => {
        const obj = absorb(e);
        if (obj === undefined || e.type !== 'epoch') return;
        if (spec.pruning && pruned === null) {
          const d = shouldPrune(t.curve, completedCurves(), spec.pruning);
          if (d.prune) { pruned = d.why; o.log(`${tag}: pruned at epoch ${e.epoch}: ${d.why}`); }
        }
        if (Date.now() - lastSave > (o.progressSeconds ?? 5) * 1000) {
          lastSave = Date.now();
          t.minutes = minutesBefore + minutesSince(started);
          save();
          o.log(`${tag}: epoch ${e.epoch}, ${METRIC_LABEL[spec.objective]} ${Number.isFinite(obj) ? obj.toPrecision(3) : '–'} (best ${t.best?.toPrecision(3) ?? '–'})`);
        }
      },
    };
    let lastSave = Date.now();
    const left = budgetLeft();
    o.log(`${tag}: started${resume ? ' (resumed)' : ''}: ${Object.entries(t.params).map(([k, v]) => `${k}=${typeof v === 'number' && !Number.isInteger(v) ? v.toPrecision(4) : JSON.stringify(v)}`).join(', ')}`);
    const r = await executor.run({ name: tag, configFile, runDir, resume, ...(Number.isFinite(left) ? { timeBudgetMinutes: Math.max(left, 0.05) } : {}) }, control);
    t.minutes = minutesBefore + minutesSince(started);
    t.attempts = (t.attempts ?? 0) + r.attempts;
    if (pruned !== null) { t.status = 'pruned'; t.message = pruned; }
    else if (r.status === 'cancelled') t.status = 'cancelled';
    else if (r.status === 'failed') { t.status = 'failed'; t.message = r.message ?? 'failed'; }
    else { t.status = 'completed'; delete t.message; }
    failuresInARow = t.status === 'failed' ? failuresInARow + 1 : t.status === 'cancelled' ? failuresInARow : 0;
    if (failuresInARow >= MAX_FAILURES_IN_A_ROW) stopReason ??= `${failuresInARow} trials in a row failed (last: ${t.message})`;
    save();
    const done = state.trials.filter(isFinished).length;
    const best = bestTrialOf(state.trials);
    const perTrial = elapsed() / Math.max(1, done);
    const eta = Math.min(perTrial * Math.max(0, planned - done), budgetLeft());
    o.log(`[${done}/${planned}] ${tag} ${t.status}${t.status === 'failed' ? ` (${t.message})` : ''}: best ${t.best?.toPrecision(4) ?? '–'} at epoch ${t.bestEpoch ?? '–'} of ${t.epochs}, ${t.minutes.toFixed(1)} min; best so far ${best ? `trial ${padTrial(best.number)} ${best.best!.toPrecision(4)}` : '–'}; ${elapsed().toFixed(1)} min elapsed, ETA ${done >= planned ? 0 : eta.toFixed(1)} min`);
  };

  try {
    await runPool(executor.slots, next, runTrial);
  } finally {
    await executor.close();
  }
  state.phase = o.cancel.requested ? 'cancelled' : 'finished';
  save();
  if (stopReason && !o.cancel.requested) o.log(`sweep: stopped early: ${stopReason}`);
  const csvFile = join(o.out, SWEEP_FILES.csv);
  const markdownFile = join(o.out, SWEEP_FILES.markdown);
  writeFileAtomic(csvFile, resultsCsv(state));
  writeFileAtomic(markdownFile, resultsMarkdown(state));
  const best = bestTrialOf(state.trials);
  let bestConfigFile: string | null = null;
  if (best) {
    bestConfigFile = join(o.out, SWEEP_FILES.best);
    const cfg = JSON.parse(readFileSync(join(o.out, best.runDir, TRIAL_CONFIG), 'utf8')) as Record<string, unknown>;
    const header = [
      `# The best trial (${padTrial(best.number)}) of the sweep ${spec.file}: best ${METRIC_LABEL[spec.objective]}`,
      `# ${best.best} at epoch ${best.bestEpoch} (${best.status}); its run: ${best.runDir}/. Paths are absolute; train it with`,
      `#   mlip-uq train ${SWEEP_FILES.best}`,
      `# Values found by the sweep: ${Object.entries(best.params).map(([k, v]) => `${k} = ${JSON.stringify(v)}`).join(', ')}`,
      '',
    ].join('\n');
    writeFileAtomic(bestConfigFile, header + stringify(cfg, { lineWidth: 0 }));
  }
  return { state, bestConfigFile, csvFile, markdownFile };
}
