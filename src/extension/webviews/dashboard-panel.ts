/**
 * Hosts a live dashboard for one run directory. The panel is not kept alive while hidden: events that
 * arrive meanwhile are buffered here and replayed; a reloaded panel (or a restored one after a window
 * reload, via the serializer) is rebuilt from events.ndjson plus what the run has written since. A run
 * still training when the panel opens (started before a window reload, or from a terminal) is attached
 * first, so the panel follows it live and its Stop reaches the process.
 * Other runs can be overlaid on its axes (the panel's picker, or `mlipUq.overlayOnDashboard` on a run):
 * their events are read from their directories and, while they run, followed live.
 */
import * as vscode from 'vscode';
import { basename } from 'node:path';
import { writeFileSync } from 'node:fs';
import type { RunEvent } from '../../protocol/events';
import { isDashboardRequest, type DashboardMessage, type DashboardState } from '../../protocol/webview-messages';
import type { RunManager } from '../runs/run-manager';
import { isRunDir, readRunEvents } from '../../core/run-dir/read-run-dir';
import { panelHtml, webviewOptions } from './html';
import { readSettings } from '../settings';
import { ReplayBuffer } from './replay-buffer';
import { resolveRunDir } from '../commands/pickers';

export const DASHBOARD_VIEW_TYPE = 'mlipUq.dashboard';

export class DashboardPanel implements vscode.Disposable {
  private static readonly open = new Map<string, DashboardPanel>();
  /** The dashboard last shown or focused: where `mlipUq.overlayOnDashboard` draws a run. */
  private static lastActive: DashboardPanel | undefined;
  /** Run directories overlaid on this panel's axes. */
  private readonly overlays = new Set<string>();
  private readonly buffer = new ReplayBuffer<RunEvent>();
  private ready = false;
  private readonly subs: vscode.Disposable[] = [];

  static show(ctx: vscode.ExtensionContext, runs: RunManager, runDir: string): DashboardPanel {
    const existing = DashboardPanel.open.get(runDir);
    if (existing) { existing.panel.reveal(); return existing; }
    const panel = vscode.window.createWebviewPanel(DASHBOARD_VIEW_TYPE, `MLIP: ${basename(runDir)}`, vscode.ViewColumn.Beside, webviewOptions(ctx.extensionUri));
    return new DashboardPanel(ctx, runs, panel, runDir);
  }

  /** `mlipUq.overlayOnDashboard`: draws a run (a Runs view item, a path, or a pick) on the last active dashboard. */
  static registerOverlayCommand(): vscode.Disposable {
    return vscode.commands.registerCommand('mlipUq.overlayOnDashboard', async (arg?: unknown) => {
      const target = DashboardPanel.lastActive;
      if (!target) { void vscode.window.showInformationMessage('MLIP: open a run\'s dashboard first, then overlay other runs on it.'); return; }
      const dir = await resolveRunDir(arg, (d) => d !== target.runDir, `Run to overlay on ${basename(target.runDir)}`);
      if (!dir) return;
      if (dir === target.runDir) { void vscode.window.showInformationMessage(`MLIP: ${basename(dir)} is the run this dashboard shows.`); return; }
      target.addOverlay(dir);
      target.panel.reveal(undefined, true);
    });
  }

  static serializer(ctx: vscode.ExtensionContext, runs: RunManager): vscode.WebviewPanelSerializer<DashboardState> {
    return {
      async deserializeWebviewPanel(panel, state) {
        panel.webview.options = webviewOptions(ctx.extensionUri);
        if (!state || typeof state.runDir !== 'string') { panel.dispose(); return; }
        new DashboardPanel(ctx, runs, panel, state.runDir);
      },
    };
  }

  private constructor(ctx: vscode.ExtensionContext, private readonly runs: RunManager, readonly panel: vscode.WebviewPanel, readonly runDir: string) {
    DashboardPanel.open.set(runDir, this);
    DashboardPanel.lastActive = this;
    panel.iconPath = vscode.Uri.joinPath(ctx.extensionUri, 'media', 'mlip.svg');
    runs.attach(runDir);
    this.loadFromDisk();
    panel.webview.html = panelHtml(panel.webview, ctx.extensionUri, 'dashboard', panel.title);
    this.subs.push(
      panel.webview.onDidReceiveMessage((m) => this.onRequest(m)),
      panel.onDidDispose(() => this.dispose()),
      panel.onDidChangeViewState(() => {
        if (panel.active) DashboardPanel.lastActive = this;
        if (panel.visible) this.flush();
      }),
      runs.onEvents(({ run, events }) => {
        // A hidden panel is rebuilt when shown again and then reads its overlays from disk.
        if (this.overlays.has(run.runDir) && this.ready && panel.visible) this.post({ type: 'overlay', runId: basename(run.runDir), runDir: run.runDir, events, reset: false });
        if (run.runDir !== this.runDir) return;
        this.buffer.push(events);
        this.flush();
      }),
      runs.onEnd(({ run, exitCode }) => { if (run.runDir === this.runDir) this.post({ type: 'ended', runId: run.runId, exitCode }); }),
      // A rewritten events.ndjson (a resume trims what its checkpoint lost): start over from the file.
      runs.onReset((run) => {
        if (run.runDir === this.runDir && this.ready) this.postInit();
        if (this.overlays.has(run.runDir) && this.ready) this.addOverlay(run.runDir);
      }),
      // A resumed run: the panel starts over live from the file (its new events follow on the stream).
      runs.onStart((run) => {
        if (run.runDir === this.runDir && this.ready) this.postInit();
        if (this.overlays.has(run.runDir) && this.ready) this.addOverlay(run.runDir);
      }),
    );
  }

  private loadFromDisk(): void {
    this.buffer.reset(this.eventsSoFar(this.runDir));
  }

  /**
   * A followed run's events up to where its live stream continues (none twice, none missed); another run's
   * whole file. A run started a moment ago may not have written its file yet: the live stream fills in.
   */
  private eventsSoFar(dir: string): RunEvent[] {
    return this.runs.history(dir) ?? (isRunDir(dir) ? readRunEvents(dir).events : []);
  }

  /** Everything from the start, read again (a run that just started again, a panel that just got ready). */
  private postInit(): void {
    this.loadFromDisk();
    const live = !!this.runs.get(this.runDir);
    this.post({ type: 'init', runId: basename(this.runDir), runDir: this.runDir, events: this.buffer.takeAll(), live, maxPoints: readSettings().maxPoints });
  }

  private post(m: DashboardMessage): void { void this.panel.webview.postMessage(m); }

  /** Sends every event of another run so far; its later events follow while it runs. */
  addOverlay(dir: string): void {
    if (dir === this.runDir) return;
    // A run training elsewhere (a terminal, an earlier window) is followed, so its overlay moves too.
    const live = this.runs.attach(dir);
    if (!live && !isRunDir(dir)) { void vscode.window.showWarningMessage(`MLIP: no run in ${dir} (events.ndjson is missing).`); return; }
    this.overlays.add(dir);
    this.post({ type: 'overlay', runId: basename(dir), runDir: dir, events: this.eventsSoFar(dir), reset: true });
  }

  private flush(): void {
    if (!this.ready || !this.panel.visible || !this.buffer.pendingCount) return;
    const events = this.buffer.takePending();
    this.post({ type: 'events', runId: basename(this.runDir), events });
  }

  private async onRequest(m: unknown): Promise<void> {
    if (!isDashboardRequest(m)) return;
    switch (m.type) {
      case 'ready': {
        this.ready = true;
        if (!this.runs.attach(this.runDir) && !isRunDir(this.runDir)) {
          this.post({ type: 'error', message: `No run found in ${this.runDir} (events.ndjson is missing).` });
          return;
        }
        this.postInit();
        return;
      }
      case 'stop': void vscode.commands.executeCommand('mlipUq.stop', this.runDir); return;
      case 'resume': void vscode.commands.executeCommand('mlipUq.resume', this.runDir); return;
      case 'openReport': void vscode.commands.executeCommand('mlipUq.openReport', this.runDir); return;
      case 'addOverlay': {
        const dir = m.runDir ?? await resolveRunDir(undefined, (d) => d !== this.runDir && !this.overlays.has(d), `Run to overlay on ${basename(this.runDir)}`);
        if (dir) this.addOverlay(dir);
        return;
      }
      case 'removeOverlay': this.overlays.delete(m.runDir); return;
      case 'exportPng': case 'exportCsv': {
        const ext = m.type === 'exportPng' ? 'png' : 'csv';
        const target = await vscode.window.showSaveDialog({
          defaultUri: vscode.Uri.file(`${this.runDir}/${m.chart}.${ext}`),
          filters: m.type === 'exportPng' ? { 'PNG image': ['png'] } : { 'CSV table': ['csv'] },
        });
        if (!target) return;
        const data = m.type === 'exportPng' ? Buffer.from(m.dataUrl.slice(m.dataUrl.indexOf(',') + 1), 'base64') : Buffer.from(m.csv, 'utf8');
        writeFileSync(target.fsPath, data);
        this.post({ type: 'saved', path: target.fsPath });
        return;
      }
    }
  }

  dispose(): void {
    DashboardPanel.open.delete(this.runDir);
    if (DashboardPanel.lastActive === this) DashboardPanel.lastActive = [...DashboardPanel.open.values()].at(-1);
    for (const s of this.subs) s.dispose();
  }
}
