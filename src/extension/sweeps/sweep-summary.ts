/**
 * What the Sweeps view shows of an OUT/sweep-state.json: plain functions without VS Code, so they are
 * tested in Node. The view re-reads the state file when the runner rewrites it (atomically, so a read
 * never sees half a file).
 */
import { readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { asSweepState, bestTrialOf, isFinished, padTrial, type SweepState, type TrialRecord } from '../../core/sweep';

export function readSweepState(file: string): SweepState | null {
  try { return asSweepState(JSON.parse(readFileSync(file, 'utf8'))); } catch { return null; }
}

const num = (v: number | null) => (v === null ? '–' : v.toPrecision(4));

/** A process on this host that is still there (signal 0 checks without touching it). */
export function driverAlive(s: SweepState, host: string, exists: (pid: number) => boolean): boolean {
  return s.phase === 'running' && !!s.driver && s.driver.host === host && exists(s.driver.pid);
}

export function sweepLabel(stateFile: string): string {
  return basename(dirname(stateFile));
}

/** `7/20 trials · best 0.04123 (trial 0004) · running` */
export function sweepDescription(s: SweepState, alive: boolean): string {
  const done = s.trials.filter(isFinished).length;
  const best = bestTrialOf(s.trials);
  const phase = s.phase === 'running' ? (alive ? 'running' : 'interrupted (--resume)') : s.phase;
  return `${done}/${s.trialsPlanned} trials · best ${best ? `${num(best.best)} (trial ${padTrial(best.number)})` : '–'} · ${phase}`;
}

/** `pruned · 0.0812 at epoch 12 · 14 ep · 0.3 min` (★ on the best trial) */
export function trialDescription(t: TrialRecord, bestNumber: number | null): string {
  return `${t.status}${t.number === bestNumber ? ' ★' : ''} · ${num(t.best)}${t.bestEpoch !== null ? ` at epoch ${t.bestEpoch}` : ''} · ${t.epochs} ep · ${t.minutes.toFixed(1)} min`;
}

/** The best-so-far value after each trial in order of trial number (for a running-best line). */
export function bestSoFar(s: SweepState): (number | null)[] {
  let best: number | null = null;
  return s.trials.map((t) => {
    if ((t.status === 'completed' || t.status === 'pruned') && t.best !== null && (best === null || t.best < best)) best = t.best;
    return best;
  });
}

export function trialTooltip(t: TrialRecord): string {
  const params = Object.entries(t.params).map(([k, v]) => `- \`${k}\` = ${typeof v === 'number' && !Number.isInteger(v) ? v.toPrecision(4) : JSON.stringify(v)}`);
  return [`**trial ${padTrial(t.number)}**: ${t.status}`, '', ...params, ...(t.message ? ['', t.message] : [])].join('\n');
}

export const TRIAL_ICON: Record<TrialRecord['status'], string> = {
  running: 'sync~spin', completed: 'pass', pruned: 'debug-step-over', failed: 'error', cancelled: 'debug-pause',
};

/** The config to open for "open the best config": OUT/best.mlip.yaml once written, else the best trial's own. */
export function bestConfigPath(stateFile: string, s: SweepState, exists: (p: string) => boolean): string | null {
  const out = dirname(stateFile);
  if (exists(join(out, 'best.mlip.yaml'))) return join(out, 'best.mlip.yaml');
  const best = bestTrialOf(s.trials);
  return best ? join(out, best.runDir, 'trial.mlip.json') : null;
}
