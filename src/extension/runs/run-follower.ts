/**
 * Follows one training process through its run directory, whoever started it: the run's events come
 * from tailing events.ndjson (the runner appends every event there, whole lines only), its diagnostics
 * from tailing runner.log, and its end from the process going away. So a run started by an earlier
 * window (before a reload) or from a terminal (`mlip-uq train`) is followed exactly like one this window
 * just spawned. No VS Code here: the extension's RunManager polls it; tests drive it on real files.
 */
import { join } from 'node:path';
import type { RunEvent } from '../../protocol/events';
import { RUN_FILES } from '../../protocol/run-dir';
import { parseEventLine } from '../../core/run-dir/validate-event';
import { applyEvent, emptySummary, type RunSummary } from '../../core/run-dir/run-summary';
import { RUN_LOCK_FILE, holderAliveHere, processAlive, readLockHolder } from '../../core/run-dir/run-lock-file';
import { FileTailer, readLinesUpTo } from '../../core/run-dir/file-tailer';

/** Where the editor sends a runner's stderr (its stdout, the same events as events.ndjson, is not kept). */
export const RUNNER_LOG_FILE = 'runner.log';
/** The prefix of the runner's own last words on stderr (src/runner/worker.ts). */
const RUNNER_SAYS = /^mlip-uq runner:\s*/;

export interface FollowPoll {
  events: RunEvent[];
  /** events.ndjson was replaced or truncated (a resume rewrote it): `events` start again from its first line. */
  reset: boolean;
  /** JSON lines of events.ndjson that are not valid events, with the reason. */
  rejected: string[];
  /** New lines of runner.log. */
  log: string[];
}

export class RunFollower {
  readonly summary: RunSummary;
  private readonly events: FileTailer;
  private readonly log: FileTailer;
  private lastSaid: string | undefined;

  constructor(readonly runDir: string, readonly runId: string, readonly pid: number) {
    this.summary = emptySummary(runId);
    this.events = new FileTailer(join(runDir, RUN_FILES.events));
    this.log = new FileTailer(join(runDir, RUNNER_LOG_FILE));
  }

  /** The new events (folded into `summary`) and log lines since the last poll. */
  poll(): FollowPoll {
    const { lines, reset } = this.events.read();
    if (reset) {
      // Folded again from the rewritten file's first line (the same object: holders of it see the new fold).
      for (const k of Object.keys(this.summary)) delete (this.summary as unknown as Record<string, unknown>)[k];
      Object.assign(this.summary, emptySummary(this.runId));
    }
    const events: RunEvent[] = [], rejected: string[] = [];
    for (const line of lines) {
      const r = parseEventLine(line);
      if (!r.ok) { rejected.push(`${r.reason}: ${line}`); continue; }
      events.push(r.event);
      applyEvent(this.summary, r.event);
    }
    const log = this.log.read().lines;
    for (const l of log) if (RUNNER_SAYS.test(l) || this.lastSaid === undefined) this.lastSaid = l.replace(RUNNER_SAYS, '');
    return { events, reset, rejected, log };
  }

  /**
   * The valid events handed out by poll() so far, read again from the file: a view that opens now starts
   * from these and then takes each later poll's events, so it sees every event once.
   */
  history(): RunEvent[] {
    const out: RunEvent[] = [];
    for (const line of readLinesUpTo(this.events.file, this.events.consumed)) {
      const r = parseEventLine(line);
      if (r.ok) out.push(r.event);
    }
    return out;
  }

  /** Reads what the files hold now as history: nothing of it is news, nor what an earlier process said. */
  seed(): void {
    this.poll();
    this.lastSaid = undefined;
  }

  /** What the runner last said on stderr ("mlip-uq runner: …", else its first line): why it failed, when no event says. */
  lastLogLine(): string | undefined { return this.lastSaid; }

  /**
   * Whether the process still runs and still holds the run's lock: a released (or taken over) lock ends its
   * run even while the PID lives on (a zombie not yet reaped, a reused PID). After that, the files say how it ended.
   */
  alive(): boolean {
    return processAlive(this.pid) && readLockHolder(join(this.runDir, RUN_LOCK_FILE)).pid === this.pid;
  }

  /** The exit status the run's last event implies (a followed process's own status is not ours to read). */
  impliedExitCode(): number | null {
    return this.summary.status === 'done' || this.summary.status === 'stopped' ? 0 : this.summary.status === 'failed' ? 1 : null;
  }
}

/**
 * The PID of the process writing `runDir` on this machine, from its run.lock ("PID HOST"), when that process
 * is alive; undefined otherwise (no lock, a dead writer, or a lock taken on another host, whose PID means
 * nothing here and which cannot be signalled).
 */
export function liveWriterHere(runDir: string): number | undefined {
  const h = readLockHolder(join(runDir, RUN_LOCK_FILE));
  return !Number.isNaN(h.pid) && holderAliveHere(h) === true ? h.pid : undefined;
}
