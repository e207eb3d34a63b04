/**
 * Follows a run directory's events.ndjson as it grows (a run on another node writes it on the shared
 * filesystem): each poll parses the new complete lines, read by the same tailer the editor follows runs
 * with (src/core/run-dir/file-tailer.ts). A file that was rewritten (a resumed run trims the events past
 * its checkpoint) is read again from its start.
 */
import { FileTailer } from '../../core/run-dir/file-tailer';
import type { RunEvent } from '../../protocol/events';

export class EventsFollower {
  private readonly tailer: FileTailer;
  last: RunEvent | null = null;

  constructor(file: string, private readonly onEvent?: (e: RunEvent) => void) {
    this.tailer = new FileTailer(file);
  }

  poll(): void {
    for (const line of this.tailer.read().lines) {
      try {
        const e = JSON.parse(line) as RunEvent;
        this.last = e;
        this.onEvent?.(e);
      } catch { /* a torn line of a killed writer */ }
    }
  }
}
