/**
 * How `compare` and `report` write a report's name and a metric value into a table cell. Its own file so
 * the metric table (compare.ts) and the breakdown table (compare-breakdown.ts) both import it from below
 * instead of from each other.
 */
import { basename, dirname, resolve } from 'node:path';
import { formatMetric } from '../../core/report/format-number';
import type { UqReport } from '../../protocol/report';

/** A table cell: src/core/report's metric format, empty where a report has no such value. */
export function formatNumber(x: number | null | undefined): string {
  return x === undefined ? '' : formatMetric(x);
}

export function reportLabel(r: UqReport, file: string): string {
  const m = r.method;
  const what = m.method === 'bnn' ? `BNN ${m.estimator ?? ''}`.trim() : m.method === 'ensemble' ? `DE×${m.members ?? '?'}` : m.method;
  // Runs all write report.uqreport.json: name those by their run directory.
  let name = basename(file).replace(/\.uqreport\.json$/, '');
  if (name === 'report') name = basename(dirname(resolve(file)));
  return `${what}${m.regime ? ` (${m.regime})` : ''} ${name}`;
}
