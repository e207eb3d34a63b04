/** Dashboard, reports, comparison, HTML export, Output, the Runs view's refresh/delete, and the runs table. */
import * as vscode from 'vscode';
import { basename } from 'node:path';
import { rmSync, writeFileSync } from 'node:fs';
import type { RunManager } from '../runs/run-manager';
import type { RunsTreeProvider } from '../runs/runs-tree';
import { findReport, readRunEvents, isRunDir } from '../../core/run-dir/read-run-dir';
import { summarize } from '../../core/run-dir/run-summary';
import { DashboardPanel } from '../webviews/dashboard-panel';
import { RunsTablePanel } from '../runs/runs-table-panel';
import { REPORT_VIEW_TYPE, openComparison } from '../webviews/report-editor';
import { standaloneReportHtml } from '../webviews/export-html';
import { loadReportFile } from '../webviews/report-load';
import { pickReports, resolveRunDir } from './pickers';

export function registerViewCommands(ctx: vscode.ExtensionContext, runs: RunManager, tree: RunsTreeProvider, output: vscode.OutputChannel): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('mlipUq.openDashboard', async (arg?: unknown) => {
      const runDir = arg !== undefined ? await resolveRunDir(arg) : runs.latest?.runDir ?? await resolveRunDir(undefined, undefined, 'Run to show');
      if (runDir) DashboardPanel.show(ctx, runs, runDir);
    }),
    vscode.commands.registerCommand('mlipUq.openReport', async (arg?: unknown) => {
      let uri: vscode.Uri | undefined;
      if (arg instanceof vscode.Uri && arg.fsPath.endsWith('.uqreport.json')) uri = arg;
      else if (arg !== undefined) {
        const runDir = await resolveRunDir(arg);
        const file = runDir && isRunDir(runDir) ? findReport(runDir, summarize(basename(runDir), readRunEvents(runDir).events).report) : undefined;
        if (!file) { void vscode.window.showInformationMessage(`MLIP: ${runDir ? basename(runDir) : 'this run'} has no report yet.`); return; }
        uri = vscode.Uri.file(file);
      } else uri = (await pickReports(false))[0];
      if (uri) await vscode.commands.executeCommand('vscode.openWith', uri, REPORT_VIEW_TYPE);
    }),
    vscode.commands.registerCommand('mlipUq.compareReports', async (arg?: unknown, selected?: unknown) => {
      let uris = Array.isArray(selected) ? selected.filter((u): u is vscode.Uri => u instanceof vscode.Uri) : [];
      if (uris.length < 2) uris = await pickReports(true);
      if (uris.length < 2) { if (uris.length) void vscode.window.showInformationMessage('MLIP: pick two or more reports to compare.'); return; }
      openComparison(ctx, uris.map((u) => u.fsPath));
    }),
    vscode.commands.registerCommand('mlipUq.exportReportHtml', async (arg?: unknown) => {
      const uri = arg instanceof vscode.Uri ? arg : (await pickReports(false))[0];
      if (!uri) return undefined;
      const payload = loadReportFile(uri.fsPath);
      if (!payload.ok) { void vscode.window.showErrorMessage(`MLIP: cannot export ${payload.label}: ${payload.message}`); return undefined; }
      const target = await vscode.window.showSaveDialog({ defaultUri: vscode.Uri.file(uri.fsPath.replace(/\.uqreport\.json$/, '.html')), filters: { HTML: ['html'] } });
      if (!target) return undefined;
      writeFileSync(target.fsPath, standaloneReportHtml(ctx.asAbsolutePath('dist/webview/report.js'), ctx.asAbsolutePath('media/webview.css'), payload));
      void vscode.window.showInformationMessage(`MLIP: report exported to ${vscode.workspace.asRelativePath(target)}`);
      return target.fsPath;
    }),
    vscode.commands.registerCommand('mlipUq.showOutput', () => output.show(true)),
    vscode.commands.registerCommand('mlipUq.refreshRuns', () => tree.refresh()),
    vscode.commands.registerCommand('mlipUq.openRunsTable', () => { RunsTablePanel.show(ctx, runs, tree); }),
    vscode.commands.registerCommand('mlipUq.deleteRun', async (arg?: unknown) => {
      const runDir = await resolveRunDir(arg, (d) => !runs.get(d), 'Run to delete');
      if (!runDir) return;
      if (runs.get(runDir)) { void vscode.window.showWarningMessage('MLIP: stop the run before deleting it.'); return; }
      const ok = await vscode.window.showWarningMessage(`Delete run ${basename(runDir)} and all its files?`, { modal: true }, 'Delete');
      if (ok !== 'Delete') return;
      rmSync(runDir, { recursive: true, force: true });
      tree.refresh();
    }),
  ];
}
