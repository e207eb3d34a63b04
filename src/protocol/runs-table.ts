/**
 * The runs table panel's contract: one row per run directory (src/core/report/run-rows.ts builds them from
 * the run's events, resolved config and report) and the messages between the host and the panel. Types,
 * constants and one guard only, so the browser bundle imports it.
 */
import type { MethodType } from '../core/method/names';

/** What the table says a run is: still going, finished (early stopping and a time budget included), stopped with a checkpoint or cut off, or failed. */
export const RUN_TABLE_STATUSES = ['running', 'completed', 'stopped', 'failed'] as const;
export type RunTableStatus = (typeof RUN_TABLE_STATUSES)[number];

export interface RunRow {
  /** The run directory: the row's identity in every request. */
  runDir: string;
  /** Its folder name (the run id). */
  name: string;
  /** The config's file name without `.mlip.yaml`, when known. */
  config?: string;
  /** "ensemble ×10", "BNN lrt", "deterministic"; '' before the runner said. */
  method: string;
  methodType?: MethodType;
  data: {
    /** The structures' file or set names, e.g. "tio2-1000-xsf.tar.gz" (given test sets after "test:"). */
    name: string;
    structures?: number;
    train?: number;
    validation?: number;
    test?: number;
  };
  /** Trained on forces (then a force RMSE may be shown). */
  forces: boolean;
  /** Test-set numbers: RMSE in eV/atom and eV/Å; MACE and NLL of σ as `sigma` says. */
  metrics: { energyRmse?: number; mace?: number; nll?: number; forceRmse?: number; sigma?: 'raw' | 'recalibrated' };
  status: RunTableStatus;
  /** The status in words: "epoch 12/30", "early stopping, best epoch 27", "interrupted", the failure message. */
  detail: string;
  /** ISO time of the first start. */
  startedAt?: string;
  /** Which row actions apply: a report to open (and compare), a checkpoint to resume from. */
  can: { report: boolean; resume: boolean };
}

/** The columns the table sorts by. */
export const RUN_SORT_KEYS = ['name', 'method', 'data', 'energyRmse', 'mace', 'nll', 'forceRmse', 'status', 'startedAt'] as const;
export type RunSortKey = (typeof RUN_SORT_KEYS)[number];

/** All rows, sent whenever a run changes; `workspace` false when no folder is open (the empty state says so). */
export type RunsTableMessage = { type: 'runs'; rows: RunRow[]; workspace: boolean };

export type RunRowAction = 'dashboard' | 'report' | 'resume';

export type RunsTableRequest =
  | { type: 'ready' }
  | { type: 'open'; action: RunRowAction; runDir: string }
  /** Two or more runs with reports, side by side in the comparison panel. */
  | { type: 'compare'; runDirs: string[] };

/** A webview is untrusted: requests are checked on arrival (the host then also checks each runDir against the rows it sent). */
export function isRunsTableRequest(x: unknown): x is RunsTableRequest {
  if (typeof x !== 'object' || x === null) return false;
  const m = x as Record<string, unknown>;
  switch (m.type) {
    case 'ready': return true;
    case 'open': return (m.action === 'dashboard' || m.action === 'report' || m.action === 'resume') && typeof m.runDir === 'string';
    case 'compare': return Array.isArray(m.runDirs) && m.runDirs.length >= 2 && m.runDirs.length <= 50 && m.runDirs.every((d) => typeof d === 'string');
    default: return false;
  }
}
