/**
 * Whether reports put side by side were tested on the same structures: the names of their test split
 * and their data fingerprint. Metrics of a 100-structure test set beside a 10-structure one from other
 * data compare nothing one-to-one, so the viewer's and the CLI's comparisons say so first.
 */
import type { UqReport } from '../../protocol/report';

function testNames(r: UqReport): string[] {
  const names = r.producer?.split?.test ?? r.predictions?.test?.structures?.map((s) => s.name) ?? [];
  return [...names].sort();
}

/** Why the test sets differ, in one sentence, or null when every report was tested on the same structures of the same data. */
export function testSetDifference(reports: { label: string; report: UqReport }[]): string | null {
  if (reports.length < 2) return null;
  const sets = reports.map((x) => testNames(x.report));
  const fps = reports.map((x) => x.report.producer?.dataFingerprint ?? '');
  const sameNames = sets.every((s) => s.length === sets[0].length && s.every((n, i) => n === sets[0][i]));
  const sameData = fps.every((f) => f === fps[0]);
  if (sameNames && sameData) return null;
  const each = reports.map((x, i) => `${x.label}: ${sets[i].length} structures${fps[i] ? `, data ${fps[i].replace(/^sha256:/, '').slice(0, 8)}` : ''}`).join('; ');
  const what = !sameData ? 'come from different data' : 'hold different structures';
  return `the test sets differ: they ${what} (${each}); their metrics are not measured on the same structures`;
}
