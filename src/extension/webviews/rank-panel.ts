/**
 * The "Rank structures by uncertainty" panel: shows the rows built from `mlip-uq predict --json`,
 * opens a row's structure file (only inside the workspace or the pool's folder, via
 * resolveStructureLink) and exports the top K by σ per atom with `mlip-uq select --out`.
 */
import * as vscode from 'vscode';
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { panelHtml, webviewOptions } from './html';
import { isRankRequest, type RankMessage } from '../../protocol/webview-messages';
import { resolveStructureLink } from '../../core/report/structure-link';
import { exportSelectArgs, type RankRow } from '../../core/report/uncertainty-rank';
import { structureFileCandidates } from './rank-panel-names';

export const RANK_VIEW_TYPE = 'mlipUq.uncertaintyRank';

export interface RankPanelInput {
  runDir: string;
  runId: string;
  pool: string[];
  rows: RankRow[];
  forces: boolean;
  /** Runs the CLI with these arguments under a progress notification; resolves to its exit code (null: cancelled). */
  runCli: (args: string[], title: string) => Promise<number | null>;
}

/** Folders a pool's structure names are resolved against: each folder given, or each file's folder. */
function poolRoots(pool: readonly string[]): string[] {
  return [...new Set(pool.map((p) => (existsSync(p) && statSync(p).isDirectory() ? p : dirname(p))))];
}

export function openRankPanel(ctx: vscode.ExtensionContext, input: RankPanelInput): vscode.WebviewPanel {
  const panel = vscode.window.createWebviewPanel(RANK_VIEW_TYPE, `Uncertainty ranking: ${input.runId}`, vscode.ViewColumn.Active, webviewOptions(ctx.extensionUri));
  panel.webview.html = panelHtml(panel.webview, ctx.extensionUri, 'rank', `Uncertainty ranking: ${input.runId}`);
  const message: RankMessage = { type: 'rows', runId: input.runId, pool: input.pool, rows: input.rows, forces: input.forces };
  const sub = panel.webview.onDidReceiveMessage(async (m: unknown) => {
    if (!isRankRequest(m)) return;
    if (m.type === 'ready') void panel.webview.postMessage(message);
    else if (m.type === 'openStructure') await openStructure(input.pool, m.name);
    else await exportTop(input, m.count);
  });
  panel.onDidDispose(() => sub.dispose());
  return panel;
}

async function openStructure(pool: readonly string[], name: string): Promise<void> {
  const workspace = (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath);
  let reason = `structure file not found: ${name}`;
  for (const root of poolRoots(pool)) {
    for (const file of structureFileCandidates(name)) {
      // resolveStructureLink allows the folder of its second argument: a file name inside the pool's folder.
      const link = resolveStructureLink(file, join(root, '.pool'), workspace);
      if (link.ok) { await vscode.commands.executeCommand('vscode.open', vscode.Uri.file(link.path)); return; }
      reason = link.reason;
    }
  }
  void vscode.window.showWarningMessage(`Structure file not opened: ${reason}`);
}

async function exportTop(input: RankPanelInput, count: number): Promise<void> {
  const target = await vscode.window.showSaveDialog({
    defaultUri: vscode.Uri.file(join(poolRoots(input.pool)[0] ?? input.runDir, `top-${count}-by-sigma.extxyz`)),
    filters: { 'Extended XYZ': ['extxyz', 'xyz'] }, saveLabel: `Export top ${count}`,
  });
  if (!target) return;
  const code = await input.runCli(exportSelectArgs(input.runDir, input.pool, count, target.fsPath), `MLIP: exporting the top ${count} by σ`);
  if (code === 0) {
    const open = await vscode.window.showInformationMessage(`Wrote the top ${count} structures by σ per atom to ${target.fsPath}.`, 'Open');
    if (open) await vscode.commands.executeCommand('vscode.open', target);
  } else if (code !== null) void vscode.window.showErrorMessage(`MLIP: export failed (exit ${code}); see the output.`);
}
