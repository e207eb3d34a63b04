/**
 * The Sweeps view: every OUT/sweep-state.json in the workspace as a sweep (trials done, best so far,
 * phase), its trials as children (status, best validation value, epochs, minutes; ★ on the best; a click opens
 * the trial's dashboard).
 * Refreshed when a state file changes, so sweeps on a cluster are followed from their shared folders too.
 */
import * as vscode from 'vscode';
import { processAlive } from '../../core/run-dir/run-lock-file';
import { hostname } from 'node:os';
import { dirname, join } from 'node:path';
import { bestTrialOf, padTrial, type SweepState, type TrialRecord } from '../../core/sweep';
import { driverAlive, readSweepState, sweepDescription, sweepLabel, trialDescription, trialTooltip, TRIAL_ICON } from './sweep-summary';

export class SweepItem extends vscode.TreeItem {
  constructor(readonly stateFile: string, readonly state: SweepState) {
    super(sweepLabel(stateFile), vscode.TreeItemCollapsibleState.Collapsed);
    const alive = driverAlive(state, hostname(), processAlive);
    this.description = sweepDescription(state, alive);
    this.tooltip = `${state.strategy} sweep of ${state.sweepFile}\n${stateFile}`;
    this.iconPath = new vscode.ThemeIcon(alive ? 'sync~spin' : state.phase === 'finished' ? 'pass' : 'debug-pause');
    this.contextValue = alive ? 'sweep.running' : 'sweep.idle';
    this.id = stateFile;
  }
}

export class TrialItem extends vscode.TreeItem {
  /** Absolute run directory: the run commands (dashboard, report) take the item as a run. */
  readonly runDir: string;

  constructor(readonly stateFile: string, readonly trial: TrialRecord, bestNumber: number | null) {
    super(`trial ${padTrial(trial.number)}`, vscode.TreeItemCollapsibleState.None);
    this.description = trialDescription(trial, bestNumber);
    this.tooltip = new vscode.MarkdownString(trialTooltip(trial));
    this.iconPath = new vscode.ThemeIcon(TRIAL_ICON[trial.status]);
    this.contextValue = 'sweep.trial';
    this.runDir = join(dirname(stateFile), trial.runDir);
    // The run's dashboard, followed live from its run directory (a cluster trial's too, on the shared filesystem).
    this.command = { command: 'mlipUq.openDashboard', title: 'Open the trial\'s dashboard', arguments: [this.runDir] };
  }
}

export type SweepTreeNode = SweepItem | TrialItem;

export class SweepsTreeProvider implements vscode.TreeDataProvider<SweepTreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subs: vscode.Disposable[] = [];
  private pending: NodeJS.Timeout | undefined;

  constructor() {
    const watcher = vscode.workspace.createFileSystemWatcher('**/sweep-state.json');
    const later = () => this.refreshSoon();
    this.subs.push(watcher, watcher.onDidCreate(later), watcher.onDidChange(later), watcher.onDidDelete(later));
  }

  refreshSoon(): void {
    if (this.pending) return;
    this.pending = setTimeout(() => { this.pending = undefined; this.changed.fire(); }, 500);
  }

  refresh(): void { this.changed.fire(); }

  getTreeItem(item: SweepTreeNode): vscode.TreeItem { return item; }

  async getChildren(parent?: SweepTreeNode): Promise<SweepTreeNode[]> {
    if (parent instanceof SweepItem) {
      const s = readSweepState(parent.stateFile) ?? parent.state;
      const best = bestTrialOf(s.trials)?.number ?? null;
      return s.trials.map((t) => new TrialItem(parent.stateFile, t, best));
    }
    if (parent) return [];
    const files = await vscode.workspace.findFiles('**/sweep-state.json', '**/node_modules/**', 100);
    return files.flatMap((f) => {
      const s = readSweepState(f.fsPath);
      return s ? [new SweepItem(f.fsPath, s)] : [];
    }).sort((a, b) => b.state.updatedAt.localeCompare(a.state.updatedAt));
  }

  dispose(): void {
    if (this.pending) clearTimeout(this.pending);
    this.changed.dispose();
    for (const s of this.subs) s.dispose();
  }
}
