/**
 * Follows a run directory's events.ndjson as it grows (a run on another node writes it on the shared
 * filesystem): each poll reads the new complete lines. A file that shrank was rewritten (a resumed run
 * trims the events past its checkpoint), so it is read again from the start.
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import type { RunEvent } from '../../protocol/events';

export class EventsFollower {
  private offset = 0;
  private pending = '';
  last: RunEvent | null = null;

  constructor(private readonly file: string, private readonly onEvent?: (e: RunEvent) => void) {}

  poll(): void {
    let size: number;
    try { size = statSync(this.file).size; } catch { return; }
    if (size < this.offset) { this.offset = 0; this.pending = ''; }
    if (size === this.offset) return;
    const fd = openSync(this.file, 'r');
    try {
      const buf = Buffer.alloc(size - this.offset);
      const n = readSync(fd, buf, 0, buf.length, this.offset);
      this.offset += n;
      this.pending += buf.subarray(0, n).toString('utf8');
    } finally {
      closeSync(fd);
    }
    let nl: number;
    while ((nl = this.pending.indexOf('\n')) >= 0) {
      const line = this.pending.slice(0, nl);
      this.pending = this.pending.slice(nl + 1);
      if (!line.trim()) continue;
      try {
        const e = JSON.parse(line) as RunEvent;
        this.last = e;
        this.onEvent?.(e);
      } catch { /* a torn line of a killed writer */ }
    }
  }
}
