/**
 * Report text: indented JSON for people reading or diffing it, with arrays of plain numbers kept on one
 * line (a calibration curve is 100 numbers; one per line would make a small report thousands of lines).
 */
import { writeFileSync, renameSync } from 'node:fs';
import type { UqReport } from '../../protocol/report';

const NUMBER_ARRAY = /\[\s+((?:-?[\d.eE+-]+|null)(?:,\s+(?:-?[\d.eE+-]+|null))*)\s+\]/g;

export function formatReportJson(report: UqReport): string {
  return JSON.stringify(report, null, 1).replace(NUMBER_ARRAY, (_, body: string) => `[${body.replace(/,\s+/g, ', ')}]`) + '\n';
}

/** Write atomically (temp file + rename), so a reader never sees half a report. */
export function writeReportFile(path: string, report: UqReport): void {
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, formatReportJson(report));
  renameSync(tmp, path);
}
