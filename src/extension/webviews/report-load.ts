/**
 * Reads a *.uqreport.json for the viewer through the report module's own reader (size cap, JSON
 * syntax errors with line and column, schema validation, newer-version refusal), so the panel gets
 * either a valid report or a located reason it can show.
 */
import { basename, dirname, resolve } from 'node:path';
import { RUN_FILES } from '../../protocol/run-dir';
import { readFileSync, statSync } from 'node:fs';
import { readReport, DEFAULT_MAX_REPORT_BYTES } from '../../core/report';
import { isLocatedError } from '../../core/errors';
import type { ReportPayload } from '../../protocol/webview-messages';

/** A report's name in the viewer: its file name, or its run directory's for a run's own report.uqreport.json (every run writes one). */
export function reportLabel(file: string): string {
  const name = basename(file);
  return name === RUN_FILES.report ? basename(dirname(resolve(file))) : name;
}

export function loadReportFile(file: string): ReportPayload {
  const label = reportLabel(file);
  try {
    const size = statSync(file).size;
    if (size > DEFAULT_MAX_REPORT_BYTES) readReport({ path: file });
    const json = readFileSync(file, 'utf8');
    readReport({ text: json, file });
    // Validated; the panel parses the same text again (cheaper than a structured clone of the object).
    return { ok: true, label, file, json };
  } catch (e) {
    if (isLocatedError(e)) {
      const { line, column, field } = e.location;
      // The location is shown separately; keep the message without the file prefix.
      const message = e.message.startsWith(file) ? e.message.slice(file.length).replace(/^(:\d+)*:\s*/, '') : e.message;
      return { ok: false, label, file, message, line, column, field };
    }
    return { ok: false, label, file, message: `Cannot read the report: ${e instanceof Error ? e.message : String(e)}` };
  }
}
