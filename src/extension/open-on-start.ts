/**
 * `npm start` serves VS Code with the report of the run it has just trained: it names the report in
 * MLIP_UQ_OPEN_REPORT and the extension opens it in the report viewer once the window is up (a
 * window reload does not open it again while its tab is there).
 */
import * as vscode from 'vscode';
import { REPORT_VIEW_TYPE } from './webviews/report-editor';
import { reportToOpenOnStart } from './start-report';

export async function openReportOnStart(): Promise<void> {
  const file = reportToOpenOnStart(process.env);
  if (!file) return;
  const uri = vscode.Uri.file(file);
  const open = vscode.window.tabGroups.all.some((g) => g.tabs.some((t) => t.input instanceof vscode.TabInputCustom && t.input.uri.fsPath === uri.fsPath));
  if (!open) await vscode.commands.executeCommand('vscode.openWith', uri, REPORT_VIEW_TYPE);
}
