/**
 * The runs of the open workspace as the Runs view and the runs table both list them: each run directory
 * (run-list.ts) with its summary (the live one while a process is attached, else folded from
 * events.ndjson), whether it can be resumed and its report file. One reader, so the two views never
 * disagree about a run's status or its "Open report".
 */
import * as vscode from 'vscode';
import { basename } from 'node:path';
import type { RunManager } from './run-manager';
import { readRunEvents, hasCheckpoint, findReport, isRunDir } from '../../core/run-dir/read-run-dir';
import { emptySummary, summarize, type RunSummary } from '../../core/run-dir/run-summary';
import { runHasLiveWriter } from '../../core/run-dir/run-lock-file';
import { listRuns, runRoots } from './run-list';
import { readSettings } from '../settings';

export interface RunRecord {
  runDir: string;
  summary: RunSummary;
  /** A runner process of this window is attached. */
  active: boolean;
  /** Stopped before the end with a checkpoint left behind. */
  resumable: boolean;
  /** The report, when the run wrote one (never offered while the run is going). */
  reportFile?: string;
}

function workspaceRunDirs(runs: RunManager): string[] {
  const roots = (vscode.workspace.workspaceFolders ?? []).flatMap((f) => runRoots(f.uri.fsPath, readSettings(f.uri).runsFolder));
  return listRuns(roots, runs.active.map((r) => r.runDir));
}

/** Follows every run of the workspace still training on this machine (after a window reload: the runs it had started). */
export function attachLiveRuns(runs: RunManager): number {
  return runs.attachAll(workspaceRunDirs(runs));
}

export function collectRuns(runs: RunManager): RunRecord[] {
  const out: RunRecord[] = [];
  for (const dir of workspaceRunDirs(runs)) {
    // A run training on this machine that this window did not start (a terminal, an earlier window) is followed.
    const run = runs.get(dir) ?? runs.attach(dir);
    let summary: RunSummary;
    // One written on another host (a Slurm task on a shared filesystem) is live while its lock is.
    const elsewhere = !run && runHasLiveWriter(dir);
    try {
      summary = run ? run.summary : isRunDir(dir) ? summarize(basename(dir), readRunEvents(dir).events, elsewhere) : emptySummary(basename(dir));
    } catch { continue; }
    let resumable = false, reportFile: string | undefined;
    try { resumable = !run && !elsewhere && summary.status !== 'done' && hasCheckpoint(dir); } catch { /* unreadable */ }
    try { reportFile = run ? undefined : findReport(dir, summary.report); } catch { /* unreadable */ }
    out.push({ runDir: dir, summary, active: !!run, resumable, ...(reportFile ? { reportFile } : {}) });
  }
  return out;
}
