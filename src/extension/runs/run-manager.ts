/**
 * Starts, watches and stops runner processes. Each run's stdout is NDJSON events: they are split,
 * validated and fanned out to listeners (status bar, tree, dashboards, progress). stderr and log
 * events go to the Output channel. Nothing is spawned in an untrusted workspace.
 */
import * as vscode from 'vscode';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import type { RunEvent } from '../../protocol/events';
import { LineSplitter } from './ndjson';
import { parseEventLine } from '../../core/run-dir/validate-event';
import { applyEvent, emptySummary, type RunSummary } from '../../core/run-dir/run-summary';
import { runnerSpawnSpec } from './runner-command';
import { readSettings } from '../settings';

export interface ActiveRun {
  runDir: string;
  runId: string;
  configFile: string;
  child: ChildProcess;
  summary: RunSummary;
  stopping: boolean;
}

export class RunManager implements vscode.Disposable {
  private readonly runs = new Map<string, ActiveRun>();
  private readonly eventEmitter = new vscode.EventEmitter<{ run: ActiveRun; events: RunEvent[] }>();
  private readonly endEmitter = new vscode.EventEmitter<{ run: ActiveRun; exitCode: number | null }>();
  private readonly startEmitter = new vscode.EventEmitter<ActiveRun>();
  readonly onEvents = this.eventEmitter.event;
  readonly onEnd = this.endEmitter.event;
  readonly onStart = this.startEmitter.event;

  constructor(private readonly extensionRoot: string, private readonly output: vscode.OutputChannel) {}

  get active(): ActiveRun[] { return [...this.runs.values()]; }
  get(runDir: string): ActiveRun | undefined { return this.runs.get(runDir); }
  /** The most recently started run still going, for Stop and the status bar. */
  get latest(): ActiveRun | undefined { return this.active.at(-1); }

  start(configFile: string, runDir: string, runId: string, resume: boolean): ActiveRun {
    if (!vscode.workspace.isTrusted) throw new Error('Training is disabled in Restricted Mode: trust this workspace to start runs.');
    if (this.runs.has(runDir)) throw new Error(`A run is already active in ${runDir}.`);
    const settings = readSettings(vscode.Uri.file(configFile));
    mkdirSync(runDir, { recursive: true });
    const spec = runnerSpawnSpec({
      extensionRoot: this.extensionRoot, configFile, runDir, resume, backend: settings.backend,
      threads: settings.threads, nodePath: settings.nodePath, hostExecPath: process.execPath,
    });
    this.output.appendLine(`[${new Date().toISOString()}] ${resume ? 'resume' : 'train'} ${configFile} → ${runDir}`);
    this.output.appendLine(`$ ${spec.command} ${spec.args.join(' ')}`);
    const child = spawn(spec.command, spec.args, {
      cwd: vscode.workspace.getWorkspaceFolder(vscode.Uri.file(configFile))?.uri.fsPath ?? runDir,
      env: { ...process.env, ...spec.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const run: ActiveRun = { runDir, runId, configFile, child, summary: emptySummary(runId), stopping: false };
    this.runs.set(runDir, run);
    void vscode.commands.executeCommand('setContext', 'mlipUq.running', true);
    this.wire(run);
    this.startEmitter.fire(run);
    return run;
  }

  private wire(run: ActiveRun): void {
    const out = new LineSplitter();
    const err = new LineSplitter();
    const handle = (lines: string[]) => {
      const events: RunEvent[] = [];
      for (const line of lines) {
        const r = parseEventLine(line);
        if (!r.ok) {
          // Plain output is echoed as is; a JSON line that is not a valid event also says why.
          this.output.appendLine(r.reason.startsWith('not JSON') ? `[runner stdout] ${line}` : `[runner event rejected: ${r.reason}] ${line}`);
          continue;
        }
        events.push(r.event);
        applyEvent(run.summary, r.event);
        if (r.event.type === 'log' || r.event.type === 'warning' || r.event.type === 'failed') {
          this.output.appendLine(`[${r.event.type}] ${r.event.message}`);
        }
      }
      if (events.length) this.eventEmitter.fire({ run, events });
    };
    run.child.stdout?.on('data', (d: Buffer) => handle(out.push(d)));
    run.child.stderr?.on('data', (d: Buffer) => { for (const l of err.push(d)) this.output.appendLine(`[runner] ${l}`); });
    run.child.on('error', (e) => {
      this.output.appendLine(`[runner] could not start: ${e.message}`);
      run.summary.status = 'failed'; run.summary.message = e.message;
    });
    run.child.on('close', (code, signal) => {
      const rest = out.end();
      if (rest) handle([rest]);
      const tailErr = err.end();
      if (tailErr) this.output.appendLine(`[runner] ${tailErr}`);
      this.output.appendLine(`[${new Date().toISOString()}] run ${run.runId} ended (${signal ?? `exit ${code}`})`);
      if (run.summary.status === 'running' || run.summary.status === 'starting') {
        run.summary.status = run.stopping ? 'stopped' : 'failed';
        if (!run.stopping) run.summary.message ??= `runner exited with ${signal ?? code}`;
      }
      this.runs.delete(run.runDir);
      void vscode.commands.executeCommand('setContext', 'mlipUq.running', this.runs.size > 0);
      this.endEmitter.fire({ run, exitCode: code });
    });
  }

  /** Asks the runner to checkpoint and exit (SIGTERM); kills it if it has not gone after a grace period. */
  stop(runDir: string): boolean {
    const run = this.runs.get(runDir);
    if (!run) return false;
    run.stopping = true;
    this.output.appendLine(`[${new Date().toISOString()}] stopping ${run.runId} (SIGTERM; it checkpoints and exits)`);
    run.child.kill('SIGTERM');
    const timer = setTimeout(() => { if (this.runs.has(runDir)) run.child.kill('SIGKILL'); }, 30_000);
    run.child.once('close', () => clearTimeout(timer));
    return true;
  }

  dispose(): void {
    for (const r of this.runs.values()) r.child.kill('SIGTERM');
    this.eventEmitter.dispose(); this.endEmitter.dispose(); this.startEmitter.dispose();
  }
}
