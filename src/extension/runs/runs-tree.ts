/** The Runs view: run directories under the runs folder of each workspace folder, with status and metrics. */
import * as vscode from 'vscode';
import { basename } from 'node:path';
import type { RunManager } from './run-manager';
import { describe, type RunSummary } from '../../core/run-dir/run-summary';
import { collectRuns } from './run-records';
import { runContextValue } from './run-context';

export class RunItem extends vscode.TreeItem {
  constructor(readonly runDir: string, readonly summary: RunSummary, o: { active: boolean; resumable: boolean; hasReport: boolean }) {
    super(basename(runDir), vscode.TreeItemCollapsibleState.None);
    this.description = describe(summary);
    this.tooltip = new vscode.MarkdownString(`**${basename(runDir)}**\n\n${describe(summary)}${summary.message ? `\n\n${summary.message}` : ''}\n\n\`${runDir}\``);
    this.tooltip.isTrusted = false;
    const icon: Record<RunSummary['status'], string> = {
      starting: 'loading~spin', running: 'sync~spin', done: 'pass', stopped: 'debug-pause', failed: 'error', interrupted: 'debug-pause',
    };
    this.iconPath = new vscode.ThemeIcon(icon[summary.status]);
    this.contextValue = runContextValue(summary.status, o);
    this.command = { command: 'mlipUq.openDashboard', title: 'Open dashboard', arguments: [this] };
  }
}

export class RunsTreeProvider implements vscode.TreeDataProvider<RunItem>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subs: vscode.Disposable[] = [];
  private pending: NodeJS.Timeout | undefined;

  constructor(private readonly runs: RunManager) {
    const later = () => this.refreshSoon();
    this.subs.push(runs.onStart(later), runs.onEnd(later), runs.onEvents(later));
    const watcher = vscode.workspace.createFileSystemWatcher('**/events.ndjson', false, true, false);
    // A report appears at the end of a run started elsewhere (the CLI): its menu gains "Open report".
    const reports = vscode.workspace.createFileSystemWatcher('**/*.uqreport.json', false, true, false);
    this.subs.push(watcher, watcher.onDidCreate(later), watcher.onDidDelete(later), reports, reports.onDidCreate(later), reports.onDidDelete(later),
      vscode.workspace.onDidChangeWorkspaceFolders(later));
  }

  /** Re-read whenever the view is shown: what happened while it was hidden (or before it existed) appears. */
  attach(view: vscode.TreeView<RunItem>): vscode.Disposable {
    return view.onDidChangeVisibility((e) => { if (e.visible) this.refresh(); });
  }

  /** Debounced: a live run emits many events a second. */
  refreshSoon(): void {
    if (this.pending) return;
    this.pending = setTimeout(() => { this.pending = undefined; this.changed.fire(); }, 500);
  }

  refresh(): void { this.changed.fire(); }

  getTreeItem(item: RunItem): vscode.TreeItem { return item; }

  getChildren(): RunItem[] {
    return collectRuns(this.runs).map((r) => new RunItem(r.runDir, r.summary, { active: r.active, resumable: r.resumable, hasReport: !!r.reportFile }));
  }

  dispose(): void {
    if (this.pending) clearTimeout(this.pending);
    this.changed.dispose();
    for (const s of this.subs) s.dispose();
  }
}
