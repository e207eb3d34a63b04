/**
 * Sweeps view commands: run the current `*.sweep.yaml` in a terminal, cancel a running sweep (SIGTERM to
 * its driver, as Ctrl-C: trials checkpoint, the state is saved, --resume continues), open the best config,
 * plot each hyperparameter against the validation metric (redrawn when the state file changes).
 */
import * as vscode from 'vscode';
import { processAlive } from '../../core/run-dir/run-lock-file';
import { existsSync } from 'node:fs';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { isSweepFile } from '../../core/sweep';
import { sweepPlotHtml } from './sweep-plot-html';
import { bestConfigPath, driverAlive, readSweepState, sweepLabel } from './sweep-summary';
import { SweepItem, type SweepsTreeProvider } from './sweeps-tree';

async function pickSweep(arg: unknown, tree: SweepsTreeProvider, running: boolean): Promise<SweepItem | undefined> {
  if (arg instanceof SweepItem) return arg;
  const items = (await tree.getChildren()).filter((i): i is SweepItem => i instanceof SweepItem && (!running || i.contextValue === 'sweep.running'));
  if (!items.length) { void vscode.window.showInformationMessage(`MLIP: no ${running ? 'running ' : ''}sweep in the workspace.`); return undefined; }
  if (items.length === 1) return items[0];
  const pick = await vscode.window.showQuickPick(items.map((i) => ({ label: String(i.label), description: String(i.description ?? ''), item: i })), { title: 'Sweep' });
  return pick?.item;
}

export function registerSweepCommands(ctx: vscode.ExtensionContext, tree: SweepsTreeProvider): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('mlipUq.sweeps.refresh', () => tree.refresh()),
    vscode.commands.registerCommand('mlipUq.sweeps.run', async (arg?: unknown) => {
      if (!vscode.workspace.isTrusted) { void vscode.window.showWarningMessage('MLIP: running a sweep needs a trusted workspace.'); return; }
      const uri = arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
      if (!uri || !isSweepFile(uri.fsPath)) { void vscode.window.showErrorMessage('MLIP: open a *.sweep.yaml file first.'); return; }
      const out = join(dirname(uri.fsPath), `${basename(uri.fsPath).replace(/\.sweep\.(ya?ml|json)$/i, '')}-sweep`);
      const resume = existsSync(join(out, 'sweep-state.json')) ? ' --resume' : '';
      const term = vscode.window.createTerminal({ name: 'MLIP sweep', cwd: dirname(uri.fsPath) });
      term.sendText(`node "${ctx.asAbsolutePath('dist/cli.js')}" sweep "${uri.fsPath}" --out "${out}"${resume}`);
      term.show();
      setTimeout(() => tree.refresh(), 3000);
    }),
    vscode.commands.registerCommand('mlipUq.sweeps.cancel', async (arg?: unknown) => {
      const item = await pickSweep(arg, tree, true);
      if (!item) return;
      const s = readSweepState(item.stateFile);
      if (!s || !driverAlive(s, hostname(), processAlive)) { void vscode.window.showInformationMessage('MLIP: that sweep is not running on this machine.'); return; }
      process.kill(s.driver!.pid, 'SIGTERM');
      void vscode.window.showInformationMessage(`MLIP: stopping ${String(item.label)}; its trials checkpoint and it can be resumed.`);
      tree.refreshSoon();
    }),
    vscode.commands.registerCommand('mlipUq.sweeps.plot', async (arg?: unknown) => {
      const item = await pickSweep(arg, tree, false);
      if (!item) return;
      const title = `Sweep ${sweepLabel(item.stateFile)}`;
      const panel = vscode.window.createWebviewPanel('mlipUq.sweepPlot', title, vscode.ViewColumn.Beside, { enableScripts: false });
      const draw = () => { const s = readSweepState(item.stateFile); if (s) panel.webview.html = sweepPlotHtml(s, title); };
      draw();
      const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(dirname(item.stateFile), 'sweep-state.json'));
      watcher.onDidChange(draw);
      panel.onDidDispose(() => watcher.dispose());
    }),
    vscode.commands.registerCommand('mlipUq.sweeps.openBest', async (arg?: unknown) => {
      const item = await pickSweep(arg, tree, false);
      if (!item) return;
      const s = readSweepState(item.stateFile);
      const file = s ? bestConfigPath(item.stateFile, s, existsSync) : null;
      if (!file) { void vscode.window.showInformationMessage('MLIP: no trial of this sweep has a validation value yet.'); return; }
      await vscode.window.showTextDocument(vscode.Uri.file(file));
    }),
  ];
}
