/**
 * Reads a `*.uqreport.json` safely: refuses files above a size cap before reading them, parses, and on a
 * syntax error says where (line, column); then validates (validate-report.ts). Everything that goes
 * wrong is one LocatedError.
 */
import { readFileSync, statSync } from 'node:fs';
import { LocatedError } from '../errors';
import type { UqReport } from '../../protocol/report';
import { lineColumn } from '../json/json-syntax-error';
import { parseJson } from '../json/parse-json';
import { validateReport } from './validate-report';

/** 200 MB: far above a real report (a 10,000-structure run with forces is tens of MB). */
export const DEFAULT_MAX_REPORT_BYTES = 200 * 1024 * 1024;

export interface ReadReportOptions {
  maxBytes?: number;
}

export type ReportSource = { path: string } | { text: string; file?: string };

export function readReport(source: ReportSource, options: ReadReportOptions = {}): UqReport {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_REPORT_BYTES;
  let text: string;
  let file: string | undefined;
  if ('path' in source) {
    file = source.path;
    let size: number;
    try {
      size = statSync(file).size;
    } catch (e) {
      throw new LocatedError(`cannot read the report: ${(e as Error).message}`, { file });
    }
    if (size > maxBytes) throw tooLarge(size, maxBytes, file);
    const bytes = readFileSync(file);
    checkOpensAnObject(bytes.subarray(0, 4096).toString('latin1'), file);
    text = bytes.toString('utf8');
  } else {
    file = source.file;
    text = source.text;
    if (text.length > maxBytes) throw tooLarge(text.length, maxBytes, file);
    checkOpensAnObject(text.slice(0, 4096), file);
  }
  return validateReport(parseJson(text, file), file);
}

/**
 * A report is a JSON object: look at the first non-blank character before decoding and parsing
 * megabytes, so binary junk or a huge array is refused at once.
 */
function checkOpensAnObject(head: string, file?: string): void {
  const m = /^(?:\ufeff|\xef\xbb\xbf)?[ \t\r\n]*/.exec(head)!;
  const i = m[0].length;
  if (i >= head.length && head.length < 4096) throw new LocatedError('the file is empty', { file, line: 1, column: 1 }, 'a JSON object');
  if (i < head.length && head[i] !== '{') {
    const { line, column } = lineColumn(head, i);
    const c = head[i];
    const what = c === '[' ? 'an array' : /[\x20-\x7e]/.test(c) ? `'${c}'` : `byte 0x${c.charCodeAt(0).toString(16).padStart(2, '0')}`;
    throw new LocatedError(`not a report: the file starts with ${what}`, { file, line, column }, "a JSON object ('{')");
  }
}

function tooLarge(size: number, max: number, file?: string): LocatedError {
  const mb = (b: number) => `${(b / 1024 / 1024).toFixed(1)} MB`;
  return new LocatedError(`the file is ${mb(size)}, above the ${mb(max)} limit for reports`, { file }, 'a smaller file (or raise maxBytes)');
}
