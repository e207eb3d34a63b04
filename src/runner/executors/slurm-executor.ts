/**
 * The Slurm executor: tasks asked for together are submitted as one sbatch job array (slurm-script.ts);
 * the run directories live on the shared filesystem, so progress comes from each run's events.ndjson
 * (events-follower.ts), and whether a task is still alive from squeue. The run directories are read every
 * second at most (FOLLOW_MS: a file read, cheap), squeue only every `pollSeconds` (a request to the
 * controller): a task whose run wrote its `finished` event is done then, its slot free for the next task,
 * without waiting for squeue to see the job leave (up to `pollSeconds` later: 3–4 s of each 10-second trial
 * when the paper-search bench ran through the one-node test cluster), and a cancel (a pruned trial)
 * reaches scancel as quickly. A task that left the queue without a `finished` event is judged by its run directory: a
 * `failed` event is a failure of the training itself (not retried: it would fail again), and no final event
 * means the job was killed (node failure, time limit, out of memory, a kill on the node): it is
 * resubmitted, continuing from its checkpoint, up to `maxRetries` times, with sacct's state in the report
 * when accounting is on. Cancel is scancel.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SlurmOptions } from '../../core/sweep';
import { RUN_FILES } from '../../protocol/run-dir';
import { EventsFollower } from './events-follower';
import type { Executor, TaskControl, TaskOutcome, TrainTask } from './executor';
import { outcomeStatus } from './executor';
import { arrayScript } from './slurm-script';
import { cliPath } from './train-process';

export interface SlurmExecutorOptions {
  options: SlurmOptions;
  /** Tasks in flight at once (default 8). */
  parallel?: number | null;
  /** Where scripts and job logs go (on the shared filesystem). */
  workDir: string;
  jobName?: string;
  log?: (line: string) => void;
}

interface Entry {
  task: TrainTask;
  control: TaskControl;
  attempts: number;
  resolve: (o: TaskOutcome) => void;
  id?: string;
  follower?: EventsFollower;
  state?: string;
  cancelSent?: boolean;
  logFile?: string;
  /** The task's outcome was given (its `finished` event was read); the job may still be leaving the queue. */
  settled?: boolean;
}

/** Milliseconds between reads of the running tasks' events files (or pollSeconds, when that is shorter). */
export const FOLLOW_MS = 1000;

export interface CommandResult { code: number; stdout: string; stderr: string }

export function runCommand(cmd: string, args: string[]): Promise<CommandResult> {
  return new Promise((resolve) => {
    execFile(cmd, args, { encoding: 'utf8', timeout: 60_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as NodeJS.ErrnoException).code === 'number' ? Number((err as NodeJS.ErrnoException).code) : 127) : 0;
      resolve({ code, stdout: stdout ?? '', stderr: stderr || (err && !stdout ? err.message : '') });
    });
  });
}

/** squeue's answer as task id → state (`12_3` → RUNNING); a job that left the controller answers "Invalid job id". */
export function parseSqueue(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split('\n')) {
    const [id, state] = line.trim().split('|');
    if (id && state) out.set(id, state);
  }
  return out;
}

export class SlurmExecutor implements Executor {
  readonly name: string;
  readonly slots: number;
  private readonly queue: Entry[] = [];
  private readonly active = new Map<string, Entry>();
  private flushTimer: NodeJS.Timeout | null = null;
  private pollTimer: NodeJS.Timeout | null = null;
  private polling = false;
  private lastSqueue = 0;
  private arrays = 0;
  /** Set by close(): nothing more is submitted or resubmitted. */
  private closing = false;

  constructor(private readonly o: SlurmExecutorOptions) {
    this.slots = Math.max(1, o.parallel ?? 8);
    this.name = `slurm (${this.slots} tasks at once${o.options.partition ? `, partition ${o.options.partition}` : ''})`;
    mkdirSync(join(o.workDir, 'logs'), { recursive: true });
  }

  run(task: TrainTask, control: TaskControl): Promise<TaskOutcome> {
    return new Promise((resolve) => {
      this.queue.push({ task, control, attempts: 0, resolve });
      this.flushTimer ??= setTimeout(() => { this.flushTimer = null; void this.flush(); }, 100);
      this.pollTimer ??= setInterval(() => { void this.poll(); }, Math.min(FOLLOW_MS, this.o.options.pollSeconds * 1000));
    });
  }

  private async flush(): Promise<void> {
    const batch = this.queue.splice(0);
    if (!batch.length) return;
    if (this.closing) { for (const e of batch) e.resolve({ status: 'cancelled', attempts: e.attempts }); return; }
    const cli = cliPath();
    if (!cli) { for (const e of batch) e.resolve({ status: 'failed', message: 'dist/cli.js not found: run `npm run build` first', attempts: e.attempts }); return; }
    const n = this.arrays++;
    const script = join(this.o.workDir, `array-${String(n).padStart(3, '0')}.sh`);
    writeFileSync(script, arrayScript({
      node: this.o.options.node ?? process.execPath, cli, tasks: batch.map((e) => e.task), options: this.o.options,
      jobName: this.o.jobName ?? 'mlip-uq', logDir: join(this.o.workDir, 'logs'),
    }), { mode: 0o755 });
    const r = await runCommand('sbatch', ['--parsable', script]);
    const jobId = r.stdout.trim().split(';')[0];
    if (r.code !== 0 || !/^\d+$/.test(jobId)) {
      const why = `sbatch failed: ${(r.stderr || r.stdout).trim().split('\n').pop() ?? `exit code ${r.code}`}`;
      for (const e of batch) e.resolve({ status: 'failed', message: why, attempts: e.attempts });
      return;
    }
    batch.forEach((e, i) => {
      e.id = `${jobId}_${i}`;
      e.attempts += 1;
      e.state = 'PENDING';
      e.logFile = join(this.o.workDir, 'logs', `${jobId}_${i}.out`);
      e.follower = new EventsFollower(join(e.task.runDir, RUN_FILES.events), e.control.onEvent);
      this.active.set(e.id, e);
      e.control.onNote?.(`${e.task.name}: submitted as Slurm job ${e.id}${e.attempts > 1 ? ` (attempt ${e.attempts})` : ''}`);
    });
  }

  /** Reads the run directories (every call) and asks squeue (every pollSeconds, or now with `askQueue`). */
  private async poll(askQueue = false): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    try {
      const entries = [...this.active.values()];
      for (const e of entries) {
        if (e.settled) continue;
        e.follower?.poll();
        // A resumed task's file still ends with the interrupted run's `finished` (cancelled) event until the new
        // process trims it back to the checkpoint: those are judged when the job leaves the queue, as before.
        if (!e.task.resume && e.follower?.last?.type === 'finished') { this.settle(e); continue; }
        if (e.control.cancel.requested && !e.cancelSent && e.id) {
          e.cancelSent = true;
          await runCommand('scancel', [e.id]);
        }
      }
      if (!entries.length) return;
      if (!askQueue && Date.now() - this.lastSqueue < this.o.options.pollSeconds * 1000) return;
      this.lastSqueue = Date.now();
      const jobs = [...new Set(entries.map((e) => e.id!.split('_')[0]))];
      const q = await runCommand('squeue', ['-h', '-r', '-o', '%i|%T', '-j', jobs.join(',')]);
      if (q.code !== 0 && !/invalid job id/i.test(q.stderr)) return; // the controller did not answer: ask again next poll
      const alive = parseSqueue(q.stdout);
      for (const e of entries) {
        const state = alive.get(e.id!);
        if (state) { e.state = state; continue; }
        this.active.delete(e.id!);
        if (!e.settled) await this.ended(e);
      }
    } finally {
      this.polling = false;
    }
  }

  private async sacctState(id: string): Promise<string | null> {
    const r = await runCommand('sacct', ['-n', '-P', '-X', '-j', id, '-o', 'State,ExitCode']);
    const line = r.code === 0 ? r.stdout.trim().split('\n')[0] : '';
    return line ? line.replace('|', ', exit ') : null;
  }

  /** The run wrote its `finished` event: its outcome now; the entry stays active until the job leaves the queue. */
  private settle(e: Entry): void {
    const last = e.follower?.last;
    if (e.settled || last?.type !== 'finished') return;
    e.settled = true;
    e.resolve({ status: e.control.cancel.requested ? 'cancelled' : outcomeStatus(last.stopped ?? 'completed'), attempts: e.attempts });
  }

  private async ended(e: Entry): Promise<void> {
    e.follower?.poll();
    const last = e.follower?.last ?? null;
    if (last?.type === 'finished') { this.settle(e); return; }
    if (e.cancelSent || e.control.cancel.requested) { e.resolve({ status: 'cancelled', attempts: e.attempts }); return; }
    if (last?.type === 'failed') { e.resolve({ status: 'failed', message: last.message, attempts: e.attempts }); return; }
    const state = (await this.sacctState(e.id!)) ?? `last seen ${e.state ?? 'unknown'}`;
    const logTail = e.logFile && existsSync(e.logFile) ? readFileSync(e.logFile, 'utf8').trim().split('\n').slice(-1)[0] ?? '' : '';
    const why = `job ${e.id} ended without a result (${state})${logTail ? `: ${logTail.slice(0, 200)}` : ''}`;
    if (e.attempts <= this.o.options.maxRetries && !this.closing) {
      e.control.onNote?.(`${e.task.name}: ${why}; resubmitting (${e.attempts}/${this.o.options.maxRetries} retries used)`);
      const resume = existsSync(join(e.task.runDir, RUN_FILES.events));
      this.queue.push({ task: { ...e.task, resume }, control: e.control, attempts: e.attempts, resolve: e.resolve });
      this.flushTimer ??= setTimeout(() => { this.flushTimer = null; void this.flush(); }, 100);
      return;
    }
    e.resolve({ status: 'failed', message: `${why}; gave up after ${e.attempts} attempt${e.attempts === 1 ? '' : 's'}`, attempts: e.attempts });
  }

  async close(): Promise<void> {
    this.closing = true;
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    for (const e of this.queue.splice(0)) e.resolve({ status: 'cancelled', attempts: e.attempts });
    // Tasks that wrote their `finished` event are left to exit by themselves; the others are cancelled.
    const running = [...this.active.values()].filter((e) => !e.settled);
    if (running.length) {
      for (const e of running) e.cancelSent = true;
      await runCommand('scancel', running.map((e) => e.id!));
    }
    // Wait (bounded) for every job to leave the queue, so their run directories are settled.
    for (let i = 0; i < 40 && this.active.size; i++) {
      await this.poll(true);
      if (this.active.size) await new Promise((r) => setTimeout(r, 500));
    }
    if (this.pollTimer) clearInterval(this.pollTimer);
    this.pollTimer = null;
  }
}
