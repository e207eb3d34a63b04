/**
 * Reading run directories (the unit of truth): the events file, checkpoints, the report. It lives in
 * src/core with no vscode import so that one reader serves the extension's tree view and dashboard, the
 * CLI and the tests; the file names themselves are src/protocol/run-dir.ts.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { formatLocated } from '../errors';
import type { RunEvent } from '../../protocol/events';
import { RUN_FILES } from '../../protocol/run-dir';
import { parseEventLine } from './validate-event';

export interface EventsRead {
  events: RunEvent[];
  /**
   * Lines that were not valid events (a torn last line after a kill is normal): 1-based line, why (naming
   * the field), the offending field's JSON pointer when one is at fault, and `file:line: why` as one message.
   */
  rejected: { line: number; reason: string; field?: string; message: string }[];
}

/** `file` only names the source in the rejections' messages. */
export function parseEventsText(text: string, file: string = RUN_FILES.events): EventsRead {
  const events: RunEvent[] = [];
  const rejected: EventsRead['rejected'] = [];
  const lines = text.split('\n');
  lines.forEach((line, i) => {
    if (!line.trim()) return;
    const r = parseEventLine(line);
    if (r.ok) events.push(r.event);
    else rejected.push({ line: i + 1, reason: r.reason, ...(r.field ? { field: r.field } : {}), message: formatLocated(r.reason, { file, line: i + 1 }) });
  });
  return { events, rejected };
}

export function readRunEvents(runDir: string): EventsRead {
  const file = join(runDir, RUN_FILES.events);
  return parseEventsText(readFileSync(file, 'utf8'), file);
}

/**
 * The events of an events file as they were written, not checked against the schema, and [] when there is
 * no such file: for the runner continuing its own log and for readers that pick a few fields of a few event
 * types and must still read runs written by older runners (the report builder, the paper table). A line torn
 * by a kill mid-write, and any line that is not a JSON object, is skipped; the rest of the history counts.
 */
export function readEventLines(file: string): RunEvent[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
  const out: RunEvent[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      const e = JSON.parse(line) as unknown;
      if (typeof e === 'object' && e !== null && !Array.isArray(e)) out.push(e as RunEvent);
    } catch {
      // torn by a kill mid-write
    }
  }
  return out;
}

export function isRunDir(dir: string): boolean {
  return existsSync(join(dir, RUN_FILES.events));
}

/** Run directories directly inside `folder`, newest first. */
export function listRunDirs(folder: string): string[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder)
    .map((n) => join(folder, n))
    .filter((p) => { try { return statSync(p).isDirectory() && isRunDir(p); } catch { return false; } })
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
}

/** A run can be resumed when it stopped before the end and left a checkpoint behind. */
export function hasCheckpoint(runDir: string): boolean {
  const dir = join(runDir, 'checkpoints');
  if (existsSync(dir)) return readdirSync(dir).length > 0;
  return readdirSync(runDir).some((n) => n.startsWith('checkpoint'));
}

export function findReport(runDir: string, hint?: string): string | undefined {
  if (hint && existsSync(join(runDir, hint))) return join(runDir, hint);
  const name = readdirSync(runDir).find((n) => n.endsWith('.uqreport.json'));
  return name ? join(runDir, name) : undefined;
}
