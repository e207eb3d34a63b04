/**
 * Starts, follows and stops training processes. A run is started detached (its own session and process
 * group, stdout discarded, stderr appended to the run's runner.log), so it outlives the extension host: a
 * window reload or a closed window leaves it training. Every run, whether this window spawned it or
 * re-attached it after a reload (or found it started from a terminal), is followed the same way
 * (run-follower.ts): events tailed from events.ndjson, validated and fanned out to listeners (status bar,
 * tree, dashboards, progress), log lines to the Output channel, its end seen when its process goes. Stop
 * signals the process (SIGTERM: it checkpoints and exits). Nothing is spawned in an untrusted workspace.
 */
import * as vscode from 'vscode';
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';
import type { RunEvent } from '../../protocol/events';
import { parseEventLine } from '../../core/run-dir/validate-event';
import type { RunSummary } from '../../core/run-dir/run-summary';
import { runnerSpawnSpec } from './runner-command';
import { RUNNER_LOG_FILE, RunFollower, liveWriterHere } from './run-follower';
import { readSettings } from '../settings';

/** How often a followed run's files are read: a few updates a second, the dashboard's pace. */
const POLL_MS = 250;
/** After Stop, the time a run gets to checkpoint before it is killed. */
const STOP_GRACE_MS = 30_000;

export interface ActiveRun {
  runDir: string;
  runId: string;
  /** The config, from the launch or (re-attached run) its "started" event. */
  configFile: string | undefined;
  /** The training process; for a re-attached run, the PID its run.lock names. */
  pid: number;
  /** The process when this window spawned it; undefined for a re-attached run. */
  child: ChildProcess | undefined;
  summary: RunSummary;
  stopping: boolean;
}

interface Followed extends ActiveRun {
  follower: RunFollower;
  timer: NodeJS.Timeout;
  ended: boolean;
}

export class RunManager implements vscode.Disposable {
  private readonly runs = new Map<string, Followed>();
  private readonly eventEmitter = new vscode.EventEmitter<{ run: ActiveRun; events: RunEvent[] }>();
  private readonly endEmitter = new vscode.EventEmitter<{ run: ActiveRun; exitCode: number | null }>();
  private readonly startEmitter = new vscode.EventEmitter<ActiveRun>();
  private readonly resetEmitter = new vscode.EventEmitter<ActiveRun>();
  readonly onEvents = this.eventEmitter.event;
  readonly onEnd = this.endEmitter.event;
  /** A run spawned here, or one re-attached (after a reload, or started from a terminal). */
  readonly onStart = this.startEmitter.event;
  /** A run's events.ndjson was rewritten (a resume trims it): views start over from `history()`. */
  readonly onReset = this.resetEmitter.event;

  constructor(private readonly extensionRoot: string, private readonly output: vscode.OutputChannel) {}

  get active(): ActiveRun[] { return [...this.runs.values()]; }
  get(runDir: string): ActiveRun | undefined { return this.runs.get(runDir); }
  /** The most recently started run still going, for Stop and the status bar. */
  get latest(): ActiveRun | undefined { return this.active.at(-1); }

  /** The followed run's events handed out so far (then every later onEvents batch): a view's starting point. */
  history(runDir: string): RunEvent[] | undefined { return this.runs.get(runDir)?.follower.history(); }

  start(configFile: string, runDir: string, runId: string, resume: boolean): ActiveRun {
    if (!vscode.workspace.isTrusted) throw new Error('Training is disabled in Restricted Mode: trust this workspace to start runs.');
    if (this.runs.has(runDir)) throw new Error(`A run is already active in ${runDir}.`);
    const writer = liveWriterHere(runDir);
    if (writer !== undefined) throw new Error(`Another process (PID ${writer}) is writing ${runDir}.`);
    const settings = readSettings(vscode.Uri.file(configFile));
    mkdirSync(runDir, { recursive: true });
    const spec = runnerSpawnSpec({
      extensionRoot: this.extensionRoot, configFile, runDir, resume, backend: settings.backend,
      threads: settings.threads, nodePath: settings.nodePath, hostExecPath: process.execPath,
    });
    this.output.appendLine(`[${new Date().toISOString()}] ${resume ? 'resume' : 'train'} ${configFile} → ${runDir}`);
    this.output.appendLine(`$ ${spec.command} ${spec.args.join(' ')}`);
    // Detached (a session of its own, so the host's end and its signals pass it by) and tied to no pipe of
    // the host: a pipe would break (EPIPE) when the host goes. Its events are in events.ndjson already.
    const log = openSync(join(runDir, RUNNER_LOG_FILE), 'a');
    let child: ChildProcess;
    try {
      child = spawn(spec.command, spec.args, {
        cwd: vscode.workspace.getWorkspaceFolder(vscode.Uri.file(configFile))?.uri.fsPath ?? runDir,
        env: { ...process.env, ...spec.env },
        stdio: ['ignore', 'ignore', log],
        detached: true,
        windowsHide: true,
      });
    } finally {
      closeSync(log);
    }
    child.unref();
    const run = this.follow(runDir, runId, child.pid ?? -1, child, configFile);
    child.on('error', (e) => {
      this.output.appendLine(`[runner] could not start: ${e.message}`);
      run.summary.status = 'failed'; run.summary.message = e.message;
      this.end(run, null);
    });
    child.on('exit', (code, signal) => {
      this.output.appendLine(`[${new Date().toISOString()}] run ${run.runId} ended (${signal ?? `exit ${code}`})`);
      this.end(run, code, signal ?? code);
    });
    return run;
  }

  /**
   * Follows a run this window did not start, when its run.lock names a live process on this machine (a run
   * started before a window reload, or from a terminal); returns it, already followed or not, or undefined.
   */
  attach(runDir: string): ActiveRun | undefined {
    const known = this.runs.get(runDir);
    if (known) return known;
    const pid = liveWriterHere(runDir);
    if (pid === undefined) return undefined;
    const run = this.follow(runDir, runDir.replace(/\\/g, '/').split('/').pop()!, pid, undefined, undefined);
    run.configFile = run.summary.configFile;
    this.output.appendLine(`[${new Date().toISOString()}] following ${run.runId} (PID ${pid}, started outside this window)`);
    return run;
  }

  /** attach() for each directory; returns how many runs it newly follows. */
  attachAll(runDirs: string[]): number {
    let n = 0;
    for (const d of runDirs) if (!this.runs.has(d) && this.attach(d)) n++;
    return n;
  }

  private follow(runDir: string, runId: string, pid: number, child: ChildProcess | undefined, configFile: string | undefined): Followed {
    const follower = new RunFollower(runDir, runId, pid);
    // What the file holds now is history (a view reads it through history()); only what follows is news.
    follower.seed();
    // A resumed run's earlier part ended "stopped": this process has not said anything yet.
    if (child) follower.summary.status = 'starting';
    const run: Followed = {
      runDir, runId, configFile, pid, child, summary: follower.summary, stopping: false, follower, ended: false,
      timer: setInterval(() => this.tick(run), POLL_MS),
    };
    this.runs.set(runDir, run);
    void vscode.commands.executeCommand('setContext', 'mlipUq.running', true);
    this.startEmitter.fire(run);
    return run;
  }

  private tick(run: Followed): void {
    this.drain(run);
    // A spawned run's end comes from its exit event (with the exit status); another's from its process going.
    if (!run.child && !run.follower.alive()) {
      this.output.appendLine(`[${new Date().toISOString()}] run ${run.runId} ended (PID ${run.pid} is gone)`);
      this.end(run, run.follower.impliedExitCode());
    }
  }

  private drain(run: Followed): void {
    let p;
    try { p = run.follower.poll(); } catch (e) {
      this.output.appendLine(`[runner] cannot read ${run.runDir}: ${e instanceof Error ? e.message : String(e)}`);
      return;
    }
    for (const l of p.log) this.output.appendLine(`[runner] ${l}`);
    for (const r of p.rejected) this.output.appendLine(`[runner event rejected: ${r}]`);
    for (const e of p.events) if (e.type === 'log' || e.type === 'warning' || e.type === 'failed') this.output.appendLine(`[${e.type}] ${e.message}`);
    if (p.reset) this.resetEmitter.fire(run);
    else if (p.events.length) this.eventEmitter.fire({ run, events: p.events });
  }

  private end(run: Followed, exitCode: number | null, how: number | string | null = exitCode): void {
    if (run.ended) return;
    run.ended = true;
    clearInterval(run.timer);
    this.drain(run);
    const s = run.summary;
    if (s.status === 'running' || s.status === 'starting') {
      if (run.stopping) s.status = 'stopped';
      else {
        // A runner that failed before its run's log existed (a bad config) says why on stderr only.
        const said = run.follower.lastLogLine();
        const failed = parseEventLine(JSON.stringify({ v: 1, t: new Date().toISOString(), run: run.runId, type: 'failed', message: said ?? `runner exited with ${how}` }));
        if (failed.ok) this.eventEmitter.fire({ run, events: [failed.event] });
        s.status = 'failed'; s.message ??= said ?? `runner exited with ${how}`;
      }
    }
    this.runs.delete(run.runDir);
    void vscode.commands.executeCommand('setContext', 'mlipUq.running', this.runs.size > 0);
    this.endEmitter.fire({ run, exitCode });
  }

  /** Asks the run's process to checkpoint and exit (SIGTERM); kills it if it has not gone after a grace period. */
  stop(runDir: string): boolean {
    const run = this.runs.get(runDir);
    if (!run) return false;
    run.stopping = true;
    this.output.appendLine(`[${new Date().toISOString()}] stopping ${run.runId} (SIGTERM to PID ${run.pid}; it checkpoints and exits)`);
    if (!this.signal(run, 'SIGTERM')) return false;
    const timer = setTimeout(() => { if (this.runs.get(runDir) === run) this.signal(run, 'SIGKILL'); }, STOP_GRACE_MS);
    timer.unref?.();
    return true;
  }

  /** Signals the run's own process only (its member processes are stopped by it, each with a checkpoint). */
  private signal(run: Followed, sig: NodeJS.Signals): boolean {
    if (run.child) return run.child.kill(sig);
    // A re-attached run's PID is signalled only while its lock still names it (a PID can be reused).
    if (!run.follower.alive()) return false;
    try { process.kill(run.pid, sig); return true; } catch { return false; }
  }

  dispose(): void {
    // Runs go on without this window unless the user asked otherwise; only the ones it spawned are stopped then.
    let stopOnClose = false;
    try { stopOnClose = readSettings().stopRunsOnClose; } catch { /* shutting down: keep the default */ }
    for (const r of this.runs.values()) {
      clearInterval(r.timer);
      if (stopOnClose && r.child) r.child.kill('SIGTERM');
    }
    this.eventEmitter.dispose(); this.endEmitter.dispose(); this.startEmitter.dispose(); this.resetEmitter.dispose();
  }
}
