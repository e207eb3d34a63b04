/**
 * Appends typed run events to `events.ndjson` (one JSON object per line) and hands each to listeners
 * (stdout for the worker, the terminal progress bar for the CLI). Each line is appended whole or not
 * at all: a short write (disk full) is cut back to the previous end of the file, so readers never see
 * half an event. A line torn by a `kill -9` mid-write is removed when the run resumes (repairForResume).
 */
import { closeSync, fstatSync, ftruncateSync, openSync } from 'node:fs';
import { FileWriteError, writeAll, writeFileAtomic } from '../core/atomic-write';
import { EVENT_PROTOCOL_VERSION, type RunEvent } from '../protocol/events';
import { readEventLines } from '../core/run-dir/read-run-dir';

type Body<E> = E extends RunEvent ? Omit<E, 'v' | 't' | 'run'> : never;
export type EventBody = Body<RunEvent>;

/** Event types that belong to one epoch: after a resume from epoch k, those past k are redone and must not appear twice. */
const PER_EPOCH = new Set(['epoch', 'checkpoint', 'calibration']);

export class EventLog {
  private listeners: ((e: RunEvent) => void)[] = [];

  constructor(private readonly file: string, private readonly run: string) {}

  onEvent(f: (e: RunEvent) => void): void {
    this.listeners.push(f);
  }

  emit(body: EventBody): RunEvent {
    const e = { v: EVENT_PROTOCOL_VERSION, t: new Date().toISOString(), run: this.run, ...body } as RunEvent;
    this.append(JSON.stringify(e) + '\n');
    for (const f of this.listeners) f(e);
    return e;
  }

  /** emit() for the last word of a failing run: the disk may be the reason it fails, so a write error is swallowed. */
  tryEmit(body: EventBody): boolean {
    try {
      this.emit(body);
      return true;
    } catch {
      return false;
    }
  }

  private append(line: string): void {
    let fd: number;
    try {
      fd = openSync(this.file, 'a');
    } catch (e) {
      throw new FileWriteError(this.file, e, 'append to');
    }
    try {
      const end = fstatSync(fd).size;
      try {
        writeAll(fd, Buffer.from(line));
      } catch (e) {
        try { ftruncateSync(fd, end); } catch { /* the partial line stays; resume removes it */ }
        throw new FileWriteError(this.file, e, 'append to');
      }
    } finally {
      closeSync(fd);
    }
  }
}

/** The events of a log file, torn lines skipped: one reader for the runner, the CLI and the extension. */
export { readEventLines };

/**
 * Prepares the log of an interrupted run for its continuation from `epoch`: torn lines go, and so do
 * the per-epoch events past that epoch (written before the kill, lost from the checkpoint, redone now),
 * so the continued log lists every epoch once. Rewritten atomically; returns the events kept.
 */
export function repairForResume(file: string, epoch: number): RunEvent[] {
  const kept = readEventLines(file).filter((e) => !(PER_EPOCH.has(e.type) && 'epoch' in e && typeof e.epoch === 'number' && e.epoch > epoch));
  writeFileAtomic(file, kept.map((e) => JSON.stringify(e) + '\n').join(''));
  return kept;
}
