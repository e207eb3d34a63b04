/**
 * Activation: wires the language client, run manager, Runs view, status bar, dashboards, report
 * editor and commands. Restricted Mode: everything registers (validation and viewing work) but the
 * commands that spawn processes refuse to run.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { startLanguageClient } from './languageClient';
import { RunManager } from './runs/runManager';
import { RunsTreeProvider } from './runs/runsTree';
import { createRunStatusBar } from './statusBar';
import { DashboardPanel, DASHBOARD_VIEW_TYPE } from './webviews/dashboardPanel';
import { ReportEditorProvider, REPORT_VIEW_TYPE } from './webviews/reportEditor';
import { registerTrainCommands } from './commands/trainCommands';
import { registerViewCommands } from './commands/viewCommands';
import { registerPredictCommand } from './commands/predictCommand';
import { registerModelineAssociation } from './modelineAssociation';

let client: LanguageClient | undefined;

export interface MlipUqApi {
  /** Active runs' directories, for tests and other extensions. */
  activeRuns(): string[];
}

export async function activate(ctx: vscode.ExtensionContext): Promise<MlipUqApi> {
  const output = vscode.window.createOutputChannel('MLIP Uncertainty Studio');
  const runs = new RunManager(ctx.extensionPath, output);
  const tree = new RunsTreeProvider(runs);
  ctx.subscriptions.push(
    output, runs, tree,
    vscode.window.createTreeView('mlipUq.runs', { treeDataProvider: tree, showCollapseAll: false }),
    createRunStatusBar(runs),
    vscode.window.registerWebviewPanelSerializer(DASHBOARD_VIEW_TYPE, DashboardPanel.serializer(ctx, runs)),
    vscode.window.registerCustomEditorProvider(REPORT_VIEW_TYPE, new ReportEditorProvider(ctx), {
      supportsMultipleEditorsPerDocument: true,
      webviewOptions: { retainContextWhenHidden: false },
    }),
    ...registerTrainCommands(ctx, runs),
    ...registerViewCommands(ctx, runs, tree, output),
    registerPredictCommand(ctx, output),
    registerModelineAssociation(),
    vscode.workspace.onDidGrantWorkspaceTrust(() => tree.refresh()),
  );
  void vscode.commands.executeCommand('setContext', 'mlipUq.running', false);
  client = await startLanguageClient(ctx, output);
  return { activeRuns: () => runs.active.map((r) => r.runDir) };
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
