/** The status bar item for the active run: epoch and ETA; a click opens its dashboard. */
import * as vscode from 'vscode';
import type { RunManager } from './runs/run-manager';
import { formatDuration } from '../core/run-dir/run-summary';

export function createRunStatusBar(runs: RunManager): vscode.Disposable {
  const item = vscode.window.createStatusBarItem('mlipUq.run', vscode.StatusBarAlignment.Left, 50);
  item.name = 'MLIP training run';
  item.command = 'mlipUq.openDashboard';
  const refresh = () => {
    const run = runs.latest;
    if (!run) { item.hide(); return; }
    const s = run.summary;
    const epoch = s.epochs ? `epoch ${s.epoch}/${s.epochs}` : 'starting';
    const eta = s.etaSeconds !== undefined && s.epoch > 0 ? ` · ETA ${formatDuration(s.etaSeconds)}` : '';
    const more = runs.active.length > 1 ? ` (+${runs.active.length - 1})` : '';
    item.text = `$(pulse) MLIP ${s.runId}: ${epoch}${eta}${more}`;
    item.tooltip = `${s.method ?? ''} on ${s.backend ?? '…'} — click to open the dashboard`;
    item.show();
  };
  return vscode.Disposable.from(item, runs.onStart(refresh), runs.onEvents(refresh), runs.onEnd(refresh));
}
