/** Predict for structures: a finished run's model on files the user picks, via `mlip-uq predict --run`. */
import * as vscode from 'vscode';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { readSettings } from '../settings';
import { resolveRunDir } from './pickers';

export function registerPredictCommand(ctx: vscode.ExtensionContext, output: vscode.OutputChannel): vscode.Disposable {
  return vscode.commands.registerCommand('mlipUq.predict', async (arg?: unknown) => {
    if (!vscode.workspace.isTrusted) { void vscode.window.showWarningMessage('MLIP: prediction is disabled in Restricted Mode.'); return; }
    const runDir = await resolveRunDir(arg, undefined, 'Run whose model predicts');
    if (!runDir) return;
    const files = await vscode.window.showOpenDialog({ canSelectMany: true, openLabel: 'Predict', filters: { Structures: ['xsf', 'xyz', 'extxyz'] } });
    if (!files?.length) return;
    const outFile = join(runDir, `predictions-${Date.now()}.json`);
    const settings = readSettings();
    // `mlip-uq predict --run DIR --json FILES…` prints energies and σ as JSON; it is saved next to the run.
    const args = [ctx.asAbsolutePath('dist/cli.js'), 'predict', '--run', runDir, '--json', ...files.map((f) => f.fsPath)];
    output.appendLine(`$ node ${args.join(' ')}`);
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'MLIP: predicting', cancellable: true }, (_p, token) =>
      new Promise<void>((resolve) => {
        const child = spawn(settings.nodePath || process.execPath, args, { env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } });
        token.onCancellationRequested(() => child.kill('SIGTERM'));
        const chunks: Buffer[] = [];
        child.stdout.on('data', (d: Buffer) => chunks.push(d));
        child.stderr.on('data', (d: Buffer) => output.append(d.toString()));
        child.on('close', (code) => {
          if (code === 0) {
            writeFileSync(outFile, Buffer.concat(chunks));
            void vscode.commands.executeCommand('vscode.open', vscode.Uri.file(outFile));
          }
          else { void vscode.window.showErrorMessage(`MLIP: prediction failed (exit ${code}); see the output.`); output.show(true); }
          resolve();
        });
        child.on('error', (e) => { output.appendLine(e.message); resolve(); });
      }));
  });
}
