/**
 * Export a run to aenet: the finished run's model as aenet `.nn` potentials (for LAMMPS `pair_style aenet`,
 * ASE and aenet's predict.x) in a folder the user picks, via `mlip-uq export --format aenet`; the folder's
 * README (the LAMMPS and ASE lines) is opened when it is done. A BNN asks how many drawn weight sets to add.
 */
import * as vscode from 'vscode';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RUN_FILES } from '../../protocol/run-dir';
import { readSettings } from '../settings';
import { resolveRunDir } from './pickers';

export const EXPORT_AENET_COMMAND = 'mlipUq.exportAenet';

/** The model kind from the run's model.json ("bnn", "ensemble", "deterministic"), or null when there is none. */
function modelKind(runDir: string): string | null {
  try {
    return (JSON.parse(readFileSync(join(runDir, RUN_FILES.model), 'utf8')) as { spec?: { kind?: string } }).spec?.kind ?? null;
  } catch {
    return null;
  }
}

export function registerExportAenetCommand(ctx: vscode.ExtensionContext, output: vscode.OutputChannel): vscode.Disposable {
  return vscode.commands.registerCommand(EXPORT_AENET_COMMAND, async (arg?: unknown) => {
    if (!vscode.workspace.isTrusted) { void vscode.window.showWarningMessage('MLIP: export is disabled in Restricted Mode.'); return; }
    const runDir = await resolveRunDir(arg, (d) => existsSync(join(d, RUN_FILES.model)), 'Run to export to aenet');
    if (!runDir) return;
    const kind = modelKind(runDir);
    if (!kind) { void vscode.window.showErrorMessage(`MLIP: ${runDir} has no trained model (${RUN_FILES.model}) to export.`); return; }
    let samples = '0';
    if (kind === 'bnn') {
      const answer = await vscode.window.showInputBox({
        title: 'BNN export', prompt: 'Weight sets drawn from the posterior, besides the posterior mean (0 for the mean only)', value: '0',
        validateInput: (v) => (/^\d+$/.test(v.trim()) ? null : 'a whole number ≥ 0'),
      });
      if (answer === undefined) return;
      samples = answer.trim();
    }
    const picked = await vscode.window.showOpenDialog({ canSelectFiles: false, canSelectFolders: true, canSelectMany: false, openLabel: 'Export here', defaultUri: vscode.Uri.file(runDir) });
    if (!picked?.length) return;
    const outDir = join(picked[0].fsPath, 'aenet');
    const args = [ctx.asAbsolutePath('dist/cli.js'), 'export', '--run', runDir, '--format', 'aenet', '--out', outDir, ...(samples !== '0' ? ['--samples', samples] : [])];
    output.appendLine(`$ node ${args.join(' ')}`);
    const settings = readSettings();
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'MLIP: exporting to aenet' }, () =>
      new Promise<void>((resolve) => {
        const child = spawn(settings.nodePath || process.execPath, args, { env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } });
        child.stdout.on('data', (d: Buffer) => output.append(d.toString()));
        child.stderr.on('data', (d: Buffer) => output.append(d.toString()));
        child.on('close', (code) => {
          if (code === 0) void vscode.commands.executeCommand('vscode.open', vscode.Uri.file(join(outDir, 'README.md')));
          else { void vscode.window.showErrorMessage(`MLIP: export failed (exit ${code}); see the output.`); output.show(true); }
          resolve();
        });
        child.on('error', (e) => { output.appendLine(e.message); resolve(); });
      }));
  });
}
