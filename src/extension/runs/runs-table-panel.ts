/**
 * The runs table: every run of the workspace as one row of a sortable, filterable table in an editor
 * panel (the DVC extension's experiments table beside its tree), with the row actions of the Runs view
 * (dashboard, report, resume) and "compare selected". It lists what the Runs view lists (run-records.ts)
 * and refreshes when the view does; rows are read by run-row-reader.ts. Requests from the
 * panel are checked twice: their shape (isRunsTableRequest) and that each run is one the panel was sent.
 */
import * as vscode from 'vscode';
import type { RunManager } from './run-manager';
import type { RunsTreeProvider } from './runs-tree';
import { collectRuns, type RunRecord } from './run-records';
import { RunRowReader } from './run-row-reader';
import { isRunsTableRequest, type RunsTableMessage } from '../../protocol/runs-table';
import { panelHtml, webviewOptions } from '../webviews/html';

export const RUNS_TABLE_VIEW_TYPE = 'mlipUq.runsTable';
const TITLE = 'MLIP: Runs';

export class RunsTablePanel implements vscode.Disposable {
  private static current: RunsTablePanel | undefined;
  private records: RunRecord[] = [];
  private readonly reader = new RunRowReader();
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
    const msg: RunsTableMessage = { type: 'runs', rows: this.reader.rows(this.records), workspace: !!vscode.workspace.workspaceFolders?.length };
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
