/**
 * "Rank structures by uncertainty": a finished run's model predicts a folder or archive of structures
 * (`mlip-uq predict --run RUN --json [--forces]`, with progress and cancel), and a panel ranks them by σ.
 */
import * as vscode from 'vscode';
import { spawn } from 'node:child_process';
import { basename, join } from 'node:path';
import { readFileSync } from 'node:fs';
import { readSettings } from '../settings';
import { resolveRunDir } from './pickers';
import { rankRowsFromPredict, trainedOnForces } from '../../core/report/uncertainty-rank';
import { openRankPanel } from '../webviews/rank-panel';

/** Exit code and stdout of `node dist/cli.js ARGS`, under a cancellable notification (null: cancelled or not started). */
function cliRunner(ctx: vscode.ExtensionContext, output: vscode.OutputChannel) {
  return (args: string[], title: string): Promise<{ code: number | null; stdout: string }> => {
    const full = [ctx.asAbsolutePath('dist/cli.js'), ...args];
    output.appendLine(`$ node ${full.join(' ')}`);
    return Promise.resolve(vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (_p, token) =>
      new Promise<{ code: number | null; stdout: string }>((resolve) => {
        const child = spawn(readSettings().nodePath || process.execPath, full, { env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } });
        let cancelled = false;
        token.onCancellationRequested(() => { cancelled = true; child.kill('SIGTERM'); });
        const chunks: Buffer[] = [];
        child.stdout.on('data', (d: Buffer) => chunks.push(d));
        child.stderr.on('data', (d: Buffer) => output.append(d.toString()));
        child.on('close', (code) => resolve({ code: cancelled ? null : code, stdout: Buffer.concat(chunks).toString('utf8') }));
        child.on('error', (e) => { output.appendLine(e.message); resolve({ code: null, stdout: '' }); });
      })));
  };
}

/** The pool: the explorer's selection (several with multi-select), else an open dialog. */
async function poolFrom(arg: unknown, many: unknown): Promise<string[] | undefined> {
  if (Array.isArray(many) && many.every((u) => u instanceof vscode.Uri) && many.length) return many.map((u: vscode.Uri) => u.fsPath);
  if (arg instanceof vscode.Uri) return [arg.fsPath];
  const picked = await vscode.window.showOpenDialog({ canSelectMany: true, canSelectFiles: true, canSelectFolders: true, openLabel: 'Rank by uncertainty',
    filters: { Structures: ['xsf', 'xyz', 'extxyz', 'gz', 'tgz', 'tar'] } });
  return picked?.length ? picked.map((u) => u.fsPath) : undefined;
}

export function registerRankCommand(ctx: vscode.ExtensionContext, output: vscode.OutputChannel): vscode.Disposable {
  return vscode.commands.registerCommand('mlipUq.rankByUncertainty', async (arg?: unknown, many?: unknown) => {
    if (!vscode.workspace.isTrusted) { void vscode.window.showWarningMessage('MLIP: ranking by uncertainty is disabled in Restricted Mode.'); return; }
    const pool = await poolFrom(arg, many);
    if (!pool) return;
    const runDir = await resolveRunDir(undefined, undefined, 'Run whose model ranks the structures');
    if (!runDir) return;
    let forces = false;
    try { forces = trainedOnForces(JSON.parse(readFileSync(join(runDir, 'config.resolved.json'), 'utf8'))); } catch { /* no resolved config: energies only */ }
    const run = cliRunner(ctx, output);
    const res = await run(['predict', '--run', runDir, '--json', ...(forces ? ['--forces'] : []), ...pool], 'MLIP: predicting σ for ranking');
    if (res.code === null) return;
    if (res.code !== 0) { void vscode.window.showErrorMessage(`MLIP: prediction failed (exit ${res.code}); see the output.`); output.show(true); return; }
    let rows;
    try { rows = rankRowsFromPredict(res.stdout); } catch (e) { void vscode.window.showErrorMessage(`MLIP: unreadable prediction output: ${(e as Error).message}`); return; }
    openRankPanel(ctx, { runDir, runId: basename(runDir), pool, rows, forces,
      runCli: async (args, title) => (await run(args, title)).code });
  });
}
