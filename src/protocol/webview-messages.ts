/**
 * Messages between the extension host and the webview panels (dashboard, report viewer), each defined
 * once. Both sides import these types; the host checks what comes back from a panel with
 * `isDashboardRequest` / `isReportRequest` because a webview is a separate, untrusted context.
 */
import type { RunEvent } from './events';

/** What a dashboard shows: one run, identified by its directory. Persisted with setState for reloads. */
export interface DashboardState {
  runDir: string;
  runId: string;
  /** Run directories overlaid on the same axes, asked for again after a reload. */
  overlays?: string[];
}

export type DashboardMessage =
  /** Replaces everything the panel shows (first load, reload, or replay after being hidden). */
  | { type: 'init'; runId: string; runDir: string; events: RunEvent[]; live: boolean; maxPoints: number }
  /** New events of the shown run, in order. */
  | { type: 'events'; runId: string; events: RunEvent[] }
  /** The run process ended (its last event has been sent already). */
  | { type: 'ended'; runId: string; exitCode: number | null }
  /** The run could not be shown at all (missing or unreadable events file). */
  | { type: 'error'; message: string }
  /** A file the panel asked to export was written. */
  | { type: 'saved'; path: string }
  /** Events of another run drawn on the same axes: all of them (`reset`) or the next ones of a live run. */
  | { type: 'overlay'; runId: string; runDir: string; events: RunEvent[]; reset: boolean };

export type DashboardRequest =
  | { type: 'ready' }
  | { type: 'exportPng'; chart: string; dataUrl: string }
  | { type: 'exportCsv'; chart: string; csv: string }
  | { type: 'stop' }
  /** Continue a stopped or interrupted run from its checkpoint. */
  | { type: 'resume' }
  | { type: 'openReport' }
  /** Overlay another run: this directory, or (none given) the one the user picks. */
  | { type: 'addOverlay'; runDir?: string }
  | { type: 'removeOverlay'; runDir: string };

/**
 * One report as the viewer receives it: validated on the host and sent as JSON text (a 20 MB string
 * crosses postMessage far faster than a structured clone of 100,000 objects), or why it is invalid.
 */
export type ReportPayload =
  | { ok: true; label: string; file: string; json: string }
  | { ok: false; label: string; file: string; message: string; line?: number; column?: number; field?: string };

export type ReportMessage = { type: 'reports'; reports: ReportPayload[] };

export type ReportRequest =
  | { type: 'ready' }
  | { type: 'openStructure'; file: string; name: string }
  | { type: 'exportHtml' }
  | { type: 'exportPng'; chart: string; dataUrl: string }
  | { type: 'exportCsv'; chart: string; csv: string };

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null;
}

export function isDashboardRequest(x: unknown): x is DashboardRequest {
  if (!isObject(x)) return false;
  switch (x.type) {
    case 'ready': case 'stop': case 'resume': case 'openReport': return true;
    case 'exportPng': return typeof x.chart === 'string' && typeof x.dataUrl === 'string' && x.dataUrl.startsWith('data:image/png;base64,');
    case 'exportCsv': return typeof x.chart === 'string' && typeof x.csv === 'string';
    case 'addOverlay': return x.runDir === undefined || typeof x.runDir === 'string';
    case 'removeOverlay': return typeof x.runDir === 'string';
    default: return false;
  }
}

export function isReportRequest(x: unknown): x is ReportRequest {
  if (!isObject(x)) return false;
  switch (x.type) {
    case 'ready': case 'exportHtml': return true;
    case 'openStructure': return typeof x.file === 'string' && typeof x.name === 'string';
    case 'exportPng': case 'exportCsv': return isDashboardRequest(x);
    default: return false;
  }
}

/** One structure of a ranked pool; σ in eV/atom and eV/Å (the panel shows meV). */
export interface RankRow {
  /** Position by σ per atom, largest first (1-based), fixed when the rows are built. */
  rank: number;
  name: string;
  atoms: number;
  sigmaEnergyPerAtom: number;
  /** max over force components of σ_F; null when predict ran without --forces. */
  sigmaForceMax: number | null;
  /** null when the run has no ood-thresholds.json. */
  ood: { flagged: boolean; sigmaRatio: number; atoms: string } | null;
}

/** The columns the rank table sorts by. */
export type RankKey = 'rank' | 'name' | 'atoms' | 'sigmaEnergyPerAtom' | 'sigmaForceMax' | 'ood';

/** The "Rank structures by uncertainty" panel: the rows of one pool, ranked by σ per atom (src/core/report/uncertainty-rank.ts builds them). */
export type RankMessage = {
  type: 'rows'; runId: string; pool: string[];
  rows: RankRow[];
  /** Whether the rows carry force σ (predict ran with --forces). */
  forces: boolean;
};

export type RankRequest =
  | { type: 'ready' }
  | { type: 'openStructure'; name: string }
  /** Write the top `count` by σ per atom as extended XYZ (`mlip-uq select --strategy sigma --out`). */
  | { type: 'exportTop'; count: number };

export function isRankRequest(x: unknown): x is RankRequest {
  if (!isObject(x)) return false;
  switch (x.type) {
    case 'ready': return true;
    case 'openStructure': return typeof x.name === 'string';
    case 'exportTop': return typeof x.count === 'number' && Number.isInteger(x.count) && x.count >= 1 && x.count <= 1_000_000;
    default: return false;
  }
}
