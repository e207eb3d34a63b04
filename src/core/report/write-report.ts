/**
 * Report text: indented JSON for people reading or diffing it, with arrays of plain numbers kept on one
 * line (a calibration curve is 100 numbers; one per line would make a small report thousands of lines).
 */
import { writeFileAtomic } from '../atomic-write';
import type { UqReport } from '../../protocol/report';

const NUMBER_ARRAY = /\[\s+((?:-?[\d.eE+-]+|null)(?:,\s+(?:-?[\d.eE+-]+|null))*)\s+\]/g;

/** Indented JSON with arrays of numbers on one line. */
export function compactJson(value: unknown, indent = 1): string {
  return JSON.stringify(value, null, indent).replace(NUMBER_ARRAY, (_, body: string) => `[${body.replace(/,\s+/g, ', ')}]`) + '\n';
}

export function formatReportJson(report: UqReport): string {
  return compactJson(report, 1);
}

/** Written atomically, so a reader never sees half a report. */
export function writeReportFile(path: string, report: UqReport): void {
  writeFileAtomic(path, formatReportJson(report));
}
