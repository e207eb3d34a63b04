/**
 * The runs table: every run of the workspace as one row of a sortable, filterable table in an editor
 * panel (the DVC extension's experiments table beside its tree), with the row actions of the Runs view
 * (dashboard, report, resume) and "compare selected". It lists what the Runs view lists (run-records.ts)
 * and refreshes when the view does; rows are built by src/core/report/run-rows.ts. Requests from the
 * panel are checked twice: their shape (isRunsTableRequest) and that each run is one the panel was sent.
 */
import * as vscode from 'vscode';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { RunManager } from './run-manager';
import type { RunsTreeProvider } from './runs-tree';
import { collectRuns, type RunRecord } from './run-records';
import { buildRunRow } from '../../core/report/run-rows';
import { readReport } from '../../core/report/read-report';
import { RUN_FILES } from '../../protocol/run-dir';
import type { UqReport } from '../../protocol/report';
import { isRunsTableRequest, type RunRow, type RunsTableMessage } from '../../protocol/runs-table';
import { panelHtml, webviewOptions } from '../webviews/html';

export const RUNS_TABLE_VIEW_TYPE = 'mlipUq.runsTable';
const TITLE = 'MLIP: Runs';

/** Parsed files kept while their size and modification time stay the same: a live run refreshes the table often, its report and config never change meanwhile. */
class FileCache<T> {
  private readonly entries = new Map<string, { stamp: string; value: T | undefined }>();
  constructor(private readonly parse: (file: string) => T) {}
  get(file: string): T | undefined {
    let stamp: string;
    try { const st = statSync(file); stamp = `${st.size}:${st.mtimeMs}`; } catch { this.entries.delete(file); return undefined; }
    const hit = this.entries.get(file);
    if (hit?.stamp === stamp) return hit.value;
    let value: T | undefined;
    try { value = this.parse(file); } catch { value = undefined; /* unreadable or invalid: the row shows what the events say */ }
    this.entries.set(file, { stamp, value });
    return value;
  }
}

const reports = new FileCache<UqReport>((f) => readReport({ path: f }));
const configs = new FileCache<unknown>((f) => JSON.parse(readFileSync(f, 'utf8')) as unknown);

/** The table's rows for the runs the Runs view lists. */
export function runRows(records: readonly RunRecord[]): RunRow[] {
  return records.map((r) => buildRunRow({
    runDir: r.runDir, summary: r.summary, active: r.active, resumable: r.resumable,
    ...(r.reportFile ? { reportFile: r.reportFile, report: reports.get(r.reportFile) } : {}),
    config: configs.get(join(r.runDir, RUN_FILES.config)),
  }));
}

export class RunsTablePanel implements vscode.Disposable {
  private static current: RunsTablePanel | undefined;
  private records: RunRecord[] = [];
  private readonly subs: vscode.Disposable[] = [];

  static show(ctx: vscode.ExtensionContext, runs: RunManager, tree: RunsTreeProvider): RunsTablePanel {
    if (RunsTablePanel.current) { RunsTablePanel.current.panel.reveal(); return RunsTablePanel.current; }
    const panel = vscode.window.createWebviewPanel(RUNS_TABLE_VIEW_TYPE, TITLE, vscode.ViewColumn.Active, webviewOptions(ctx.extensionUri));
    return new RunsTablePanel(ctx, runs, tree, panel);
  }

  /** After a window reload the panel comes back with fresh rows (it keeps no state of its own). */
  static serializer(ctx: vscode.ExtensionContext, runs: RunManager, tree: RunsTreeProvider): vscode.WebviewPanelSerializer {
    return {
      async deserializeWebviewPanel(panel) {
        panel.webview.options = webviewOptions(ctx.extensionUri);
        RunsTablePanel.current?.panel.dispose();
        new RunsTablePanel(ctx, runs, tree, panel);
      },
    };
  }

  private constructor(ctx: vscode.ExtensionContext, private readonly runs: RunManager, tree: RunsTreeProvider, private readonly panel: vscode.WebviewPanel) {
    RunsTablePanel.current = this;
    panel.webview.html = panelHtml(panel.webview, ctx.extensionUri, 'runs', TITLE);
    this.subs.push(
      // The tree's refresh is already debounced and fed by the run manager and the file watchers.
      tree.onDidChangeTreeData(() => this.send()),
      panel.webview.onDidReceiveMessage((m: unknown) => this.handle(m)),
      panel.onDidChangeViewState((e) => { if (e.webviewPanel.visible) this.send(); }),
    );
    panel.onDidDispose(() => this.dispose());
  }

  private send(): void {
    this.records = collectRuns(this.runs);
    const msg: RunsTableMessage = { type: 'runs', rows: runRows(this.records), workspace: !!vscode.workspace.workspaceFolders?.length };
    void this.panel.webview.postMessage(msg);
  }

  private handle(m: unknown): void {
    if (!isRunsTableRequest(m)) return;
    if (m.type === 'ready') { this.send(); return; }
    const known = (dir: string) => this.records.find((r) => r.runDir === dir);
    if (m.type === 'open') {
      if (!known(m.runDir)) return;
      const command = { dashboard: 'mlipUq.openDashboard', report: 'mlipUq.openReport', resume: 'mlipUq.resume' }[m.action];
      void vscode.commands.executeCommand(command, m.runDir);
      return;
    }
    const files = m.runDirs.map((d) => known(d)?.reportFile).filter((f): f is string => !!f);
    if (files.length < 2) { void vscode.window.showInformationMessage('MLIP: select two or more runs that have a report to compare them.'); return; }
    void vscode.commands.executeCommand('mlipUq.compareReports', undefined, files.map((f) => vscode.Uri.file(f)));
  }

  dispose(): void {
    if (RunsTablePanel.current === this) RunsTablePanel.current = undefined;
    for (const s of this.subs) s.dispose();
  }
}
