/**
 * What a run directory's `run.lock` says about its writer, for those who only read the directory (the Runs
 * view, the runs table). The lock holds "PID HOST" while a `train` process writes the run (src/runner/run-lock.ts
 * takes and releases it); a run started from a terminal or by a Slurm task on a shared filesystem is
 * therefore seen as running, not as an interrupted run, by every window that lists it.
 */
import { readFileSync, statSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';

export const RUN_LOCK_FILE = 'run.lock';

/** A lock on another host cannot be probed; its run counts as live while its events moved this recently. */
const REMOTE_QUIET_MS = 10 * 60_000;

/**
 * Whether a process with this PID runs here (EPERM: it exists but belongs to someone else). A zombie does
 * not: a killed writer whose parent died with it waits to be reaped by PID 1, and in a container whose PID 1
 * reaps late (or never) `kill(pid, 0)` would keep its lock alive forever. Linux says so in /proc/PID/stat.
 */
export function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  return !isZombie(pid);
}

/** The state letter of /proc/PID/stat (R, S, Z, X, …); null where there is none (no such process, or not Linux). */
export function processState(pid: number): string | null {
  let stat: string;
  try { stat = readFileSync(`/proc/${pid}/stat`, 'utf8'); } catch { return null; }
  // "PID (comm) S …": comm may hold spaces and parentheses, so the state follows the last ')'.
  return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) || null;
}

/** State Z (zombie) or X (dead); false where /proc is absent (not Linux). */
function isZombie(pid: number): boolean {
  const state = processState(pid);
  return state === 'Z' || state === 'X';
}

export interface LockHolder { pid: number; host: string | null }

/** The lock's holder; pid NaN when the file is gone or torn (a kill between creating and writing it). */
export function readLockHolder(file: string): LockHolder {
  try {
    const [pid, host] = readFileSync(file, 'utf8').trim().split(/\s+/);
    return { pid: Number.parseInt(pid, 10), host: host || null };
  } catch {
    return { pid: NaN, host: null };
  }
}

/** The lock's text for this process. */
export function lockText(): string {
  return `${process.pid} ${hostname()}\n`;
}

/** Whether a holder on this host (or a lock written before hosts were recorded) is alive; null: another host. */
export function holderAliveHere(h: LockHolder): boolean | null {
  if (h.host !== null && h.host !== hostname()) return null;
  return processAlive(h.pid);
}

/**
 * Whether some process is writing `runDir` now: a live PID on this host, or, for a lock taken on another host, events
 * written within the last ten minutes (the only sign of life a shared filesystem gives).
 */
export function runHasLiveWriter(runDir: string, now = Date.now()): boolean {
  const h = readLockHolder(join(runDir, RUN_LOCK_FILE));
  if (Number.isNaN(h.pid)) return false;
  const here = holderAliveHere(h);
  if (here !== null) return here;
  try { return now - statSync(join(runDir, 'events.ndjson')).mtimeMs < REMOTE_QUIET_MS; } catch { return false; }
}
