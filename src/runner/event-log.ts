/**
 * Appends typed run events to `events.ndjson` (one JSON object per line, flushed per event so a killed
 * run loses at most the line being written) and hands each to listeners (stdout for the worker, the
 * terminal progress bar for the CLI).
 */
import { appendFileSync } from 'node:fs';
import { EVENT_PROTOCOL_VERSION, type RunEvent } from '../protocol/events';

type Body<E> = E extends RunEvent ? Omit<E, 'v' | 't' | 'run'> : never;
export type EventBody = Body<RunEvent>;

export class EventLog {
  private listeners: ((e: RunEvent) => void)[] = [];

  constructor(private readonly file: string, private readonly run: string) {}

  onEvent(f: (e: RunEvent) => void): void {
    this.listeners.push(f);
  }

  emit(body: EventBody): RunEvent {
    const e = { v: EVENT_PROTOCOL_VERSION, t: new Date().toISOString(), run: this.run, ...body } as RunEvent;
    appendFileSync(this.file, JSON.stringify(e) + '\n');
    for (const f of this.listeners) f(e);
    return e;
  }
}
