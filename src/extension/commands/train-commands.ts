/** Train, Resume and Stop: start the runner on a config, follow it with a cancellable notification. */
import * as vscode from 'vscode';
import { basename, join } from 'node:path';
import type { RunManager, ActiveRun } from '../runs/run-manager';
import { hasCheckpoint, readRunEvents } from '../../core/run-dir/read-run-dir';
import { summarize, formatDuration } from '../../core/run-dir/run-summary';
import { cliTerminalLine, newRunId, validateDataArgs } from '../runs/runner-command';
import { DashboardPanel } from '../webviews/dashboard-panel';
import { resolveConfig, resolveRunDir, runsRootFor } from './pickers';

function refuseUntrusted(): boolean {
  if (vscode.workspace.isTrusted) return false;
  void vscode.window.showWarningMessage('MLIP: training and prediction are disabled in Restricted Mode. Trust this workspace to start runs; validation keeps working.', 'Manage Workspace Trust')
    .then((a) => { if (a) void vscode.commands.executeCommand('workbench.trust.manage'); });
  return true;
}

/** A notification that follows the run (epoch, ETA) and whose Cancel stops it. */
function followWithProgress(runs: RunManager, run: ActiveRun): void {
  void vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `MLIP ${run.runId}`, cancellable: true }, (progress, token) =>
    new Promise<void>((resolve) => {
      let last = 0;
      const subs = [
        token.onCancellationRequested(() => runs.stop(run.runDir)),
        runs.onEvents(({ run: r }) => {
          if (r !== run) return;
          const s = r.summary;
          if (!s.epochs) { progress.report({ message: 'preparing data…' }); return; }
          const pct = (100 * s.epoch) / s.epochs;
          progress.report({ increment: pct - last, message: `epoch ${s.epoch}/${s.epochs} · ETA ${formatDuration(s.etaSeconds)}` });
          last = pct;
        }),
        runs.onEnd(({ run: r }) => { if (r === run) { subs.forEach((d) => d.dispose()); resolve(); } }),
      ];
    }));
}

function announceEnd(runs: RunManager): vscode.Disposable {
  return runs.onEnd(({ run }) => {
    const s = run.summary;
    if (s.status === 'done') {
      void vscode.window.showInformationMessage(`MLIP run ${run.runId} finished.`, 'Open report').then((a) => { if (a) void vscode.commands.executeCommand('mlipUq.openReport', run.runDir); });
    } else if (s.status === 'stopped') {
      void vscode.window.showInformationMessage(`MLIP run ${run.runId} stopped; resume it from the Runs view.`);
    } else if (s.status === 'failed') {
      void vscode.window.showErrorMessage(`MLIP run ${run.runId} failed: ${s.message ?? 'see the output'}`, 'Show output').then((a) => { if (a) void vscode.commands.executeCommand('mlipUq.showOutput'); });
    }
  });
}

export function registerTrainCommands(ctx: vscode.ExtensionContext, runs: RunManager): vscode.Disposable[] {
  const launch = (configFile: string, runDir: string, resume: boolean): string | undefined => {
    let run: ActiveRun;
    try { run = runs.start(configFile, runDir, basename(runDir), resume); } catch (e) {
      void vscode.window.showErrorMessage(`MLIP: ${e instanceof Error ? e.message : String(e)}`);
      return undefined;
    }
    DashboardPanel.show(ctx, runs, runDir);
    followWithProgress(runs, run);
    return runDir;
  };
  return [
    announceEnd(runs),
    vscode.commands.registerCommand('mlipUq.train', async (arg?: unknown) => {
      if (refuseUntrusted()) return undefined;
      const uri = await resolveConfig(arg);
      if (!uri) return undefined;
      const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
      if (doc?.isDirty) await doc.save();
      return launch(uri.fsPath, join(runsRootFor(uri), newRunId(uri.fsPath)), false);
    }),
    vscode.commands.registerCommand('mlipUq.trainHeadless', async (arg?: unknown) => {
      if (refuseUntrusted()) return;
      const uri = await resolveConfig(arg);
      if (!uri) return;
      const term = vscode.window.createTerminal({ name: 'MLIP train', cwd: vscode.workspace.getWorkspaceFolder(uri)?.uri.fsPath });
      term.sendText(`node "${ctx.asAbsolutePath('dist/cli.js')}" train "${uri.fsPath}" --run-dir "${join(runsRootFor(uri), newRunId(uri.fsPath))}"`);
      term.show();
    }),
    vscode.commands.registerCommand('mlipUq.validateData', async (arg?: unknown) => {
      if (refuseUntrusted()) return;
      const uri = await resolveConfig(arg);
      if (!uri) return;
      const term = vscode.window.createTerminal({ name: 'MLIP validate data', cwd: vscode.workspace.getWorkspaceFolder(uri)?.uri.fsPath });
      term.sendText(cliTerminalLine(ctx.asAbsolutePath('dist/cli.js'), validateDataArgs(uri.fsPath)));
      term.show();
    }),
    vscode.commands.registerCommand('mlipUq.resume', async (arg?: unknown) => {
      if (refuseUntrusted()) return undefined;
      const runDir = await resolveRunDir(arg, (d) => !runs.get(d) && hasCheckpoint(d), 'Run to resume');
      if (!runDir) return undefined;
      const s = summarize(basename(runDir), readRunEvents(runDir).events);
      if (!s.configFile) { void vscode.window.showErrorMessage(`MLIP: ${basename(runDir)} has no "started" event naming its config; cannot resume.`); return undefined; }
      return launch(s.configFile, runDir, true);
    }),
    vscode.commands.registerCommand('mlipUq.stop', async (arg?: unknown) => {
      // A named run training outside this window (a terminal) is followed first, so its process can be signalled.
      const named = arg !== undefined ? await resolveRunDir(arg) : undefined;
      if (named) runs.attach(named);
      const active = runs.active.map((r) => r.runDir);
      if (!active.length) { void vscode.window.showInformationMessage('MLIP: no run is active.'); return false; }
      const runDir = arg !== undefined ? named : active.length === 1 ? active[0] : await resolveRunDir(undefined, (d) => active.includes(d), 'Run to stop');
      return runDir ? runs.stop(runDir) : false;
    }),
  ];
}
