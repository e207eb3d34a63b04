/**
 * Predictions from any code, as text: JSON `{"y_true": […], "y_pred": […], "y_std": […]}` or CSV with a
 * header naming those three columns (any order, other columns ignored; comma, semicolon or tab).
 * Every bad value is a LocatedError with the line and column (CSV) or the field and index (JSON).
 */
import { LocatedError } from '../errors';
import { parseJson } from '../json/parse-json';
import { checkPredictions, type Predictions } from './inputs';

const COLUMNS = ['y_true', 'y_pred', 'y_std'] as const;

export function parsePredictionTable(text: string, file?: string): Predictions {
  const body = text.replace(/^\ufeff/, '');
  const p = /^\s*[{[]/.test(body) ? fromJson(body, file) : fromCsv(body, file);
  checkPredictions(p, { file });
  return p;
}

function fromJson(text: string, file?: string): Predictions {
  const o = parseJson(text, file);
  if (typeof o !== 'object' || o === null || Array.isArray(o)) {
    throw new LocatedError('the JSON is not an object', { file, line: 1, column: 1 }, '{"y_true": […], "y_pred": […], "y_std": […]}');
  }
  const r = o as Record<string, unknown>;
  const col = (k: (typeof COLUMNS)[number]): number[] => {
    const v = r[k];
    if (!Array.isArray(v)) throw new LocatedError(`"${k}" is ${v === undefined ? 'missing' : 'not an array'}`, { file, field: k }, 'an array of numbers');
    v.forEach((x, i) => {
      if (typeof x !== 'number') throw new LocatedError(`${k}[${i}] is ${JSON.stringify(x)}`, { file, field: `${k}[${i}]` }, 'a number');
    });
    return v as number[];
  };
  return { yTrue: col('y_true'), yPred: col('y_pred'), yStd: col('y_std') };
}

function splitRow(line: string, sep: string): string[] {
  return line.split(sep).map((c) => c.trim().replace(/^"(.*)"$/, '$1'));
}

function fromCsv(text: string, file?: string): Predictions {
  const lines = text.split(/\r?\n/);
  const headerIndex = lines.findIndex((l) => l.trim() !== '' && !l.trimStart().startsWith('#'));
  if (headerIndex < 0) throw new LocatedError('the file is empty', { file, line: 1 }, 'a CSV header with y_true, y_pred, y_std');
  const headerLine = lines[headerIndex];
  const sep = ['\t', ';', ','].find((s) => headerLine.includes(s)) ?? ',';
  const header = splitRow(headerLine, sep).map((h) => h.toLowerCase());
  const idx = COLUMNS.map((c) => header.indexOf(c));
  const missing = COLUMNS.filter((_, k) => idx[k] < 0);
  if (missing.length) {
    throw new LocatedError(`the header lacks ${missing.join(', ')}`, { file, line: headerIndex + 1, column: 1 }, 'columns y_true, y_pred, y_std');
  }
  const out: number[][] = [[], [], []];
  for (let li = headerIndex + 1; li < lines.length; li++) {
    const line = lines[li];
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
    const cells = line.split(sep);
    COLUMNS.forEach((name, k) => {
      const j = idx[k];
      const column = cells.slice(0, j).reduce((n, c) => n + c.length + sep.length, 0) + 1;
      const cell = (cells[j] ?? '').trim().replace(/^"(.*)"$/, '$1');
      const v = cell === '' ? NaN : Number(cell);
      if (!Number.isFinite(v)) {
        throw new LocatedError(`${name} is ${cell === '' ? 'empty' : JSON.stringify(cell)}`, { file, line: li + 1, column, field: name }, 'a finite number');
      }
      out[k].push(v);
    });
  }
  return { yTrue: out[0], yPred: out[1], yStd: out[2] };
}
