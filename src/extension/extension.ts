/**
 * Activation: wires the language client, run manager, Runs view, status bar, dashboards, report
 * editor and commands. Restricted Mode: everything registers (validation and viewing work) but the
 * commands that spawn processes refuse to run.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { startLanguageClient } from './language-client';
import { RunManager } from './runs/run-manager';
import { RunsTreeProvider } from './runs/runs-tree';
import { attachLiveRuns } from './runs/run-records';
import { RunsTablePanel, RUNS_TABLE_VIEW_TYPE } from './runs/runs-table-panel';
import { createRunStatusBar } from './status-bar';
import { DashboardPanel, DASHBOARD_VIEW_TYPE } from './webviews/dashboard-panel';
import { ReportEditorProvider, REPORT_VIEW_TYPE } from './webviews/report-editor';
import { registerTrainCommands } from './commands/train-commands';
import { registerViewCommands } from './commands/view-commands';
import { registerPredictCommand } from './commands/predict-command';
import { registerRankCommand } from './commands/rank-command';
import { registerExportAenetCommand } from './commands/export-aenet-command';
import { registerModelineAssociation } from './modeline-association';
import { SweepsTreeProvider } from './sweeps/sweeps-tree';
import { registerSweepCommands } from './sweeps/sweep-commands';
import { openReportOnStart } from './open-on-start';

let client: LanguageClient | undefined;

export interface MlipUqApi {
  /** Active runs' directories, for tests and other extensions. */
  activeRuns(): string[];
}

export async function activate(ctx: vscode.ExtensionContext): Promise<MlipUqApi> {
  const output = vscode.window.createOutputChannel('MLIP Uncertainty Studio');
  const runs = new RunManager(ctx.extensionPath, output);
  // Runs outlive a window reload: the ones still training are followed again (mlipUq.running is set by it).
  const attached = attachLiveRuns(runs);
  const tree = new RunsTreeProvider(runs);
  const runsView = vscode.window.createTreeView('mlipUq.runs', { treeDataProvider: tree, showCollapseAll: false });
  const sweeps = new SweepsTreeProvider();
  ctx.subscriptions.push(
    sweeps,
    vscode.window.createTreeView('mlipUq.sweeps', { treeDataProvider: sweeps, showCollapseAll: true }),
    ...registerSweepCommands(ctx, sweeps),
    output, runs, tree,
    runsView,
    tree.attach(runsView),
    createRunStatusBar(runs),
    vscode.window.registerWebviewPanelSerializer(DASHBOARD_VIEW_TYPE, DashboardPanel.serializer(ctx, runs)),
    vscode.window.registerWebviewPanelSerializer(RUNS_TABLE_VIEW_TYPE, RunsTablePanel.serializer(ctx, runs, tree)),
    DashboardPanel.registerOverlayCommand(),
    vscode.window.registerCustomEditorProvider(REPORT_VIEW_TYPE, new ReportEditorProvider(ctx), {
      supportsMultipleEditorsPerDocument: true,
      webviewOptions: { retainContextWhenHidden: false },
    }),
    ...registerTrainCommands(ctx, runs),
    ...registerViewCommands(ctx, runs, tree, output),
    registerPredictCommand(ctx, output),
    registerRankCommand(ctx, output),
    registerExportAenetCommand(ctx, output),
    registerModelineAssociation(),
    vscode.workspace.onDidGrantWorkspaceTrust(() => tree.refresh()),
  );
  if (!attached) void vscode.commands.executeCommand('setContext', 'mlipUq.running', false);
  void openReportOnStart().catch((e) => output.appendLine(`[start] could not open the report: ${e instanceof Error ? e.message : String(e)}`));
  client = await startLanguageClient(ctx, output);
  return { activeRuns: () => runs.active.map((r) => r.runDir) };
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
