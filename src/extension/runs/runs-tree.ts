/** The Runs view: run directories under the runs folder of each workspace folder, with status and metrics. */
import * as vscode from 'vscode';
import { basename, join } from 'node:path';
import type { RunManager } from './run-manager';
import { listRunDirs, readRunEvents, hasCheckpoint } from '../../core/run-dir/read-run-dir';
import { describe, summarize, type RunSummary } from './summary';
import { readSettings } from '../settings';

export class RunItem extends vscode.TreeItem {
  constructor(readonly runDir: string, readonly summary: RunSummary, resumable: boolean) {
    super(basename(runDir), vscode.TreeItemCollapsibleState.None);
    this.description = describe(summary);
    this.tooltip = new vscode.MarkdownString(`**${basename(runDir)}**\n\n${describe(summary)}${summary.message ? `\n\n${summary.message}` : ''}\n\n\`${runDir}\``);
    this.tooltip.isTrusted = false;
    const icon: Record<RunSummary['status'], string> = {
      starting: 'loading~spin', running: 'sync~spin', done: 'pass', stopped: 'debug-pause', failed: 'error', interrupted: 'debug-pause',
    };
    this.iconPath = new vscode.ThemeIcon(icon[summary.status]);
    this.contextValue = summary.status === 'running' || summary.status === 'starting' ? 'run.running'
      : resumable ? 'run.resumable' : summary.status === 'failed' ? 'run.failed' : 'run.done';
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
    this.subs.push(watcher, watcher.onDidCreate(later), watcher.onDidDelete(later));
  }

  /** Debounced: a live run emits many events a second. */
  refreshSoon(): void {
    if (this.pending) return;
    this.pending = setTimeout(() => { this.pending = undefined; this.changed.fire(); }, 500);
  }

  refresh(): void { this.changed.fire(); }

  getTreeItem(item: RunItem): vscode.TreeItem { return item; }

  getChildren(): RunItem[] {
    const items: RunItem[] = [];
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      const root = join(folder.uri.fsPath, readSettings(folder.uri).runsFolder);
      for (const dir of listRunDirs(root)) {
        const active = this.runs.get(dir);
        let summary: RunSummary;
        try { summary = active ? active.summary : summarize(basename(dir), readRunEvents(dir).events); } catch { continue; }
        const resumable = !active && summary.status !== 'done' && hasCheckpoint(dir);
        items.push(new RunItem(dir, summary, resumable));
      }
    }
    return items;
  }

  dispose(): void {
    if (this.pending) clearTimeout(this.pending);
    this.changed.dispose();
    for (const s of this.subs) s.dispose();
  }
}
