/**
 * The events a run wrote to its events.ndjson, parsed line by line without the extension's schema check
 * (src/core/run-dir/validate-event.ts), so a test sees exactly what the runner wrote.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunEvent } from '../../src/protocol/events';
import { RUN_FILES } from '../../src/protocol/run-dir';

export function readEventsFile(runDir: string): RunEvent[] {
  return readFileSync(join(runDir, RUN_FILES.events), 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as RunEvent);
}
