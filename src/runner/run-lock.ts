/**
 * One writer per run directory: `run.lock` is created exclusively (O_EXCL) and holds the writer's PID
 * for the run's life. A lock whose PID no longer runs (a `kill -9`, a crash) is stale and taken over;
 * a live one refuses the second writer with a located error. Creating the lock before looking at what
 * the directory holds closes the check-then-create race of two `train` commands started together.
 * (Two processes taking over the same stale lock at the same instant can still both win; that needs
 * a crash and two restarts within microseconds of each other.)
 */
import { accessSync, closeSync, constants, existsSync, mkdirSync, openSync, readdirSync, statSync, unlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { FileWriteError, TEMP_SUFFIX, writeAll } from '../core/atomic-write';
import { LocatedError } from '../core/errors';
import { RUN_LOCK_FILE, holderAliveHere, lockText, processAlive, readLockHolder } from '../core/run-dir/run-lock-file';

export { RUN_LOCK_FILE, processAlive };

export interface RunLock {
  readonly file: string;
  release(): void;
}

/** Creates the run folder, naming the real reason when it cannot (a read-only parent gives ENOENT from mkdir -p). */
export function makeRunDir(runDir: string): void {
  try {
    mkdirSync(runDir, { recursive: true });
  } catch (e) {
    let cause: unknown = e;
    let dir = dirname(runDir);
    while (!existsSync(dir) && dirname(dir) !== dir) dir = dirname(dir);
    try { accessSync(dir, constants.W_OK); } catch (w) { cause = w; }
    throw new FileWriteError(runDir, cause, 'create the run folder');
  }
}

function tryCreate(file: string): boolean {
  let fd: number;
  try {
    fd = openSync(file, 'wx');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw new FileWriteError(file, e, 'create the lock');
  }
  let failure: unknown = null;
  try {
    writeAll(fd, Buffer.from(lockText()));
  } catch (e) {
    failure = e;
  } finally {
    closeSync(fd);
  }
  if (failure) {
    try { unlinkSync(file); } catch { /* already gone */ }
    throw new FileWriteError(file, failure, 'create the lock');
  }
  return true;
}

function holder(file: string): number {
  return readLockHolder(file).pid;
}

function lockAgeMs(file: string): number {
  try { return Date.now() - statSync(file).mtimeMs; } catch { return Infinity; }
}

/** Takes the lock of `runDir` (which must exist) or throws a LocatedError naming the live holder. */
export function acquireRunLock(runDir: string): RunLock {
  const file = join(runDir, RUN_LOCK_FILE);
  for (let attempt = 0; attempt < 3; attempt++) {
    if (tryCreate(file)) {
      let held = true;
      const release = () => {
        if (!held) return;
        held = false;
        process.off('exit', release);
        if (holder(file) === process.pid) { try { unlinkSync(file); } catch { /* already gone */ } }
      };
      process.on('exit', release);
      return { file, release };
    }
    const pid = holder(file);
    // No PID yet in a fresh lock: its creator is between creating and writing it, not dead.
    if (Number.isNaN(pid) && lockAgeMs(file) < 2000) {
      throw new LocatedError('another process is starting in this run directory', { file: runDir, field: '--run-dir' }, 'a different --run-dir, or the end of that run');
    }
    // A lock from another host (a shared filesystem) is taken over like a dead one: the executor that
    // resubmits a task has seen the old one end, and a PID cannot be probed across machines.
    if (holderAliveHere(readLockHolder(file)) === true) {
      throw new LocatedError(`another process (PID ${pid}) is writing this run directory`, { file: runDir, field: '--run-dir' },
        'a different --run-dir, or the end of that run');
    }
    // Stale (a dead PID, or no PID in a lock older than 2 s: torn by a kill between create and write): take it over.
    try { unlinkSync(file); } catch { /* someone else removed it first */ }
  }
  throw new LocatedError('could not take the run directory lock', { file }, 'no other process starting in the same folder');
}

const TEMP_NAME = new RegExp(`${TEMP_SUFFIX.replace(/[.]/g, '\\.')}\\d+$`);

/** Removes temporary files (`name.tmp-PID`) a killed writer left behind; call with the lock held. */
export function removeStaleTemps(runDir: string): string[] {
  const removed: string[] = [];
  let names: string[] = [];
  try { names = readdirSync(runDir); } catch { return removed; }
  for (const name of names) {
    if (!TEMP_NAME.test(name)) continue;
    try { unlinkSync(join(runDir, name)); removed.push(name); } catch { /* not ours to remove */ }
  }
  return removed;
}
