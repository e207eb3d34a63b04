/**
 * The read-only custom editor for *.uqreport.json ("Reopen With → Text Editor" still works), and the
 * comparison panel that shows two or more reports side by side with the same bundle.
 */
import * as vscode from 'vscode';
import { dirname, join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { resolveStructureLink } from '../../core/report/structure-link';
import { isReportRequest, type ReportMessage } from '../../protocol/webview-messages';
import { panelHtml, webviewOptions } from './html';
import { loadReportFile } from './report-load';

export const REPORT_VIEW_TYPE = 'mlipUq.reportViewer';
export const COMPARE_VIEW_TYPE = 'mlipUq.reportCompare';

/** Wires a panel to show the given report files, reloading when one of them changes on disk. */
export function attachReportPanel(ctx: vscode.ExtensionContext, panel: vscode.WebviewPanel, files: string[]): vscode.Disposable {
  panel.webview.options = webviewOptions(ctx.extensionUri);
  panel.webview.html = panelHtml(panel.webview, ctx.extensionUri, 'report', panel.title);
  const send = () => {
    const msg: ReportMessage = { type: 'reports', reports: files.map(loadReportFile) };
    void panel.webview.postMessage(msg);
  };
  const subs: vscode.Disposable[] = [];
  subs.push(panel.webview.onDidReceiveMessage((m: unknown) => {
    if (!isReportRequest(m)) return;
    if (m.type === 'ready') send();
    else if (m.type === 'exportHtml') void vscode.commands.executeCommand('mlipUq.exportReportHtml', vscode.Uri.file(files[0]));
    else if (m.type === 'openStructure') void openStructure(files[0], m.file);
    else void saveExport(files[0], m);
  }));
  for (const f of files) {
    const w = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(dirname(f)), '*.uqreport.json'));
    subs.push(w, w.onDidChange((u) => { if (u.fsPath === f) send(); }));
  }
  const all = vscode.Disposable.from(...subs);
  panel.onDidDispose(() => all.dispose());
  return all;
}

/** A figure as PNG or its data as CSV, next to the report unless the user picks elsewhere. */
async function saveExport(reportFile: string, m: { type: 'exportPng'; chart: string; dataUrl: string } | { type: 'exportCsv'; chart: string; csv: string }): Promise<void> {
  const png = m.type === 'exportPng';
  const target = await vscode.window.showSaveDialog({
    defaultUri: vscode.Uri.file(join(dirname(reportFile), `${m.chart}.${png ? 'png' : 'csv'}`)),
    filters: png ? { 'PNG image': ['png'] } : { 'CSV table': ['csv'] },
  });
  if (!target) return;
  writeFileSync(target.fsPath, png ? Buffer.from(m.dataUrl.slice(m.dataUrl.indexOf(',') + 1), 'base64') : Buffer.from(m.csv, 'utf8'));
}

/** Structure paths in a report are relative to the report, the workspace, or absolute; only files inside those folders open. */
async function openStructure(reportFile: string, file: string): Promise<void> {
  const link = resolveStructureLink(file, reportFile, (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath));
  if (!link.ok) { void vscode.window.showWarningMessage(`Structure file not opened: ${link.reason}`); return; }
  await vscode.commands.executeCommand('vscode.open', vscode.Uri.file(link.path));
}

export class ReportEditorProvider implements vscode.CustomReadonlyEditorProvider {
  constructor(private readonly ctx: vscode.ExtensionContext) {}

  openCustomDocument(uri: vscode.Uri): vscode.CustomDocument {
    return { uri, dispose: () => undefined };
  }

  resolveCustomEditor(doc: vscode.CustomDocument, panel: vscode.WebviewPanel): void {
    attachReportPanel(this.ctx, panel, [doc.uri.fsPath]);
  }
}

export function openComparison(ctx: vscode.ExtensionContext, files: string[]): void {
  const panel = vscode.window.createWebviewPanel(COMPARE_VIEW_TYPE, `MLIP: compare ${files.length} reports`, vscode.ViewColumn.Active, webviewOptions(ctx.extensionUri));
  attachReportPanel(ctx, panel, files);
}
