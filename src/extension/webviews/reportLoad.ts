/**
 * Reads a *.uqreport.json for the viewer: size cap before parsing, JSON syntax errors with line and
 * column, and the report's identity checked, so the panel gets either a report or a located reason.
 */
import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import type { ReportPayload } from '../../protocol/webview-messages';

export const REPORT_SIZE_CAP = 200 * 1024 * 1024;
export const REPORT_SCHEMA_VERSION = 1;

function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1, last = -1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) { line++; last = i; }
  return { line, column: offset - last };
}

export function parseReportText(text: string, file: string): ReportPayload {
  const label = basename(file);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    const pos = /position (\d+)/.exec(msg);
    const where = pos ? lineColumn(text, Number(pos[1])) : {};
    return { ok: false, label, file, message: `Not valid JSON: ${msg}`, ...where };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, label, file, message: 'A report is a JSON object; this file holds something else.' };
  }
  const o = value as Record<string, unknown>;
  if (o.kind !== 'mlip-uq-report') {
    return { ok: false, label, file, field: 'kind', message: `Not an MLIP uncertainty report: "kind" should be "mlip-uq-report" (found ${JSON.stringify(o.kind ?? null)}).` };
  }
  if (typeof o.schemaVersion !== 'number') return { ok: false, label, file, field: 'schemaVersion', message: '"schemaVersion" is missing or not a number.' };
  if (o.schemaVersion > REPORT_SCHEMA_VERSION) {
    return { ok: false, label, file, field: 'schemaVersion', message: `This report was written by a newer version (schema ${o.schemaVersion}; this viewer reads up to ${REPORT_SCHEMA_VERSION}). Update the extension.` };
  }
  return { ok: true, label, file, report: value };
}

export function loadReportFile(file: string): ReportPayload {
  try {
    const size = statSync(file).size;
    if (size > REPORT_SIZE_CAP) return { ok: false, label: basename(file), file, message: `The report is ${(size / 1e6).toFixed(0)} MB, above the ${REPORT_SIZE_CAP / 1e6} MB limit.` };
    return parseReportText(readFileSync(file, 'utf8'), file);
  } catch (e) {
    return { ok: false, label: basename(file), file, message: `Cannot read the report: ${e instanceof Error ? e.message : String(e)}` };
  }
}
