/**
 * `mlip-uq compare A.uqreport.json B… [--markdown] [--set test] [--quantity energy]`: the reports side by
 * side, one row per metric, the best value of each row marked with *. The question it answers is the
 * paper's: which method, on this data, is more accurate and more honest about its errors.
 */
import { markdownCell, terminalText } from '../../core/report/escape-text';
import { readReport } from '../../core/report/read-report';
import { testSetDifference } from '../../core/report/test-set-difference';
import { badness, METRICS, quantityUnit, SIGMA_SCALE_LABEL, type MetricInfo, type MetricKey } from '../../core/uq/metric-catalogue';
import { QUANTITY_NAMES, SET_NAMES, type QuantityName, type SetName, type UqReport } from '../../protocol/report';
import { ArgError, parseArgs } from '../args';
import type { Command } from './command';
import { breakdownTable } from './compare-breakdown';
import { formatNumber, reportLabel } from './compare-cells';
import { withInterval } from '../../core/report/format-number';
import { smallSampleWarning } from '../../core/uq/small-sample';
import { INTERVAL_METRIC_KEYS, type IntervalMetricKey } from '../../protocol/report';
import { processOutput, type CommandOutput } from './command-output';

const USAGE = `usage: mlip-uq compare A.uqreport.json B.uqreport.json [C…] [--markdown] [--set test|validation|train] [--quantity energy|forces]`;

interface Row {
  label: string; rank: Pick<MetricInfo, 'better' | 'target'>; value: (r: UqReport, set: SetName, q: QuantityName) => number | null | undefined;
  /** the bootstrap 95 % interval, where the report has one (RMSE, MAE, MACE, PICP) */
  interval?: (r: UqReport, set: SetName, q: QuantityName) => [number, number] | undefined;
}

const metricRow = (k: MetricKey, variant: 'raw' | 'recalibrated' = 'raw'): Row => ({
  label: variant === 'raw' ? METRICS[k].label : `${METRICS[k].label} recal.`,
  rank: METRICS[k],
  value: (r, s, q) => r.metrics[s]?.[q]?.[variant]?.metrics[k] as number | null | undefined,
  ...((INTERVAL_METRIC_KEYS as readonly string[]).includes(k) ? { interval: (r: UqReport, s: SetName, q: QuantityName) => r.metrics[s]?.[q]?.[variant]?.intervals?.[k as IntervalMetricKey] } : {}),
});

const SHOWN: readonly MetricKey[] = [
  'count', 'rmse', 'mae', 'maxError', 'nll', 'nllNo2pi', 'crps', 'sharpness', 'mace', 'rmsce', 'miscalibrationArea',
  'ece10', 'spearman', 'pearson', 'topQuartileOverlapPercent', 'picp95', 'mpiw95',
];

const ROWS: Row[] = [
  ...SHOWN.map((k) => metricRow(k)),
  { label: SIGMA_SCALE_LABEL, rank: { better: 'none' }, value: (r, _s, q) => r.recalibration[q]?.scale },
  metricRow('nll', 'recalibrated'),
  metricRow('mace', 'recalibrated'),
];

function bestIndex(values: (number | null | undefined)[], rank: Row['rank']): number {
  const score = values.map((v) => (typeof v === 'number' ? badness(rank, v) : undefined));
  let best = -1;
  score.forEach((x, i) => {
    if (x !== undefined && (best < 0 || x < score[best]!)) best = i;
  });
  // A tie is no winner.
  return best >= 0 && score.filter((x) => x === score[best]).length > 1 ? -1 : best;
}


export function compareTable(reports: { file: string; report: UqReport }[], set: SetName, q: QuantityName): string[][] {
  const header = [`${set} ${q} (${quantityUnit(q)})`, ...reports.map((x) => reportLabel(x.report, x.file))];
  const rows = ROWS.map((row) => {
    const values = reports.map((x) => row.value(x.report, set, q));
    const best = bestIndex(values, row.rank);
    // "0.0121 [0.011, 0.0133]": the value with its bootstrap 95 % interval where the report has one.
    const cell = (v: number | null | undefined, i: number) => {
      const iv = typeof v === 'number' ? row.interval?.(reports[i].report, set, q) : undefined;
      return iv ? withInterval(v!, iv) : formatNumber(v);
    };
    return [row.label, ...values.map((v, i) => cell(v, i) + (i === best ? ' *' : ''))];
  }).filter((r) => r.slice(1).some((c) => c !== ''));
  return [header, ...rows];
}

export function renderTable(table: string[][], markdown: boolean): string {
  if (markdown) {
    // Labels carry report file and folder names: untrusted text, made inert in the table.
    const esc = markdownCell;
    const [h, ...rest] = table;
    return [`| ${h.map(esc).join(' | ')} |`, `|${h.map((_, i) => (i ? '---:' : '---')).join('|')}|`, ...rest.map((r) => `| ${r.map(esc).join(' | ')} |`)].join('\n');
  }
  table = table.map((r) => r.map(terminalText));
  const widths = table[0].map((_, j) => Math.max(...table.map((r) => [...r[j]].length)));
  return table.map((r) => r.map((c, j) => (j ? c.padStart(widths[j]) : c.padEnd(widths[j]))).join('  ')).join('\n');
}

export async function runCompare(args: string[], io: CommandOutput = processOutput): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) { io.out(`${USAGE}\n`); return 0; }
  let parsed;
  try {
    parsed = parseArgs(args, { values: ['set', 'quantity'], flags: ['markdown'] });
  } catch (e) {
    if (!(e instanceof ArgError)) throw e;
    io.err(`mlip-uq compare: ${e.message}\n${USAGE}\n`);
    return 2;
  }
  const set = (parsed.values.set ?? 'test') as SetName;
  const q = (parsed.values.quantity ?? 'energy') as QuantityName;
  if (!SET_NAMES.includes(set)) { io.err(`mlip-uq compare: --set must be train, validation or test\n`); return 2; }
  if (!QUANTITY_NAMES.includes(q)) { io.err(`mlip-uq compare: --quantity must be energy or forces\n`); return 2; }
  if (parsed.positionals.length < 1) { io.err(`mlip-uq compare: give at least one report\n${USAGE}\n`); return 2; }
  const reports = parsed.positionals.map((file) => ({ file, report: readReport({ path: file }) }));
  const missing = reports.filter((x) => !x.report.metrics[set]?.[q]);
  if (missing.length === reports.length) { io.err(`mlip-uq compare: no report has ${set} ${q} metrics\n`); return 1; }
  // Said first: numbers of different test sets look comparable and are not.
  const differ = set === 'test' ? testSetDifference(reports.map((x) => ({ label: reportLabel(x.report, x.file), report: x.report }))) : null;
  if (differ) io.err(`mlip-uq compare: warning: ${differ}\n`);
  for (const x of reports) {
    const n = x.report.metrics[set] ? x.report.predictions[set]?.structures.length ?? x.report.metrics[set]?.energy?.raw.metrics.count : undefined;
    const few = n !== undefined ? smallSampleWarning(n, set) : null;
    if (few) io.err(`mlip-uq compare: warning: ${reportLabel(x.report, x.file)}: ${few}\n`);
  }
  io.out(`${renderTable(compareTable(reports, set, q), parsed.flags.has('markdown'))}\n`);
  const byGroup = breakdownTable(reports, set, q);
  if (byGroup) io.out(`\n${renderTable(byGroup, parsed.flags.has('markdown'))}\n`);
  if (!parsed.flags.has('markdown')) io.out('* best in the row (PICP: nearest 95 %); [low, high]: bootstrap 95 % interval; blank: not in that report\n');
  return 0;
}

const command: Command = { run: (args) => runCompare(args) };
export default command;
