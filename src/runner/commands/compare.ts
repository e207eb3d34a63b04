/**
 * `mlip-uq compare A.uqreport.json B… [--markdown] [--set test] [--quantity energy]`: the reports side by
 * side, one row per metric, the best value(s) of each row marked with * (the compare panel's model). The
 * question it answers is the paper's: which method, on this data, is more accurate and more honest about
 * its errors.
 */
import { markdownCell, terminalText } from '../../core/report/escape-text';
import { compareModel, type SigmaVariant } from '../../core/report/compare-model';
import { withInterval } from '../../core/report/format-number';
import { readReport } from '../../core/report/read-report';
import { METRICS, quantityUnit, SIGMA_SCALE_LABEL, type MetricKey } from '../../core/uq/metric-catalogue';
import { keptRawSigma } from '../../core/uq/recalibration-factor';
import { QUANTITY_NAMES, SET_NAMES, type QuantityName, type SetName, type UqReport } from '../../protocol/report';
import { ArgError, parseArgs } from '../args';
import type { Command } from './command';
import { breakdownTable } from './compare-breakdown';
import { formatNumber, reportLabel } from './compare-cells';
import { processOutput, type CommandOutput } from './command-output';

const USAGE = `usage: mlip-uq compare A.uqreport.json B.uqreport.json [C…] [--markdown] [--set test|validation|train] [--quantity energy|forces]`;

const SHOWN: readonly MetricKey[] = [
  'count', 'rmse', 'mae', 'maxError', 'nll', 'nllNo2pi', 'crps', 'sharpness', 'mace', 'rmsce', 'miscalibrationArea',
  'ece10', 'spearman', 'pearson', 'topQuartileOverlapPercent', 'picp95', 'mpiw95',
];
/** Of the recalibrated σ, the rows that change with it (the errors do not). */
const RECALIBRATED: readonly MetricKey[] = ['nll', 'mace'];

/**
 * The table of one quantity, from the comparison model the compare panel draws (src/core/report/compare-model.ts):
 * columns named by run, the raw σ's metrics, the fitted σ scale, then NLL and MACE of the recalibrated σ;
 * each value with its bootstrap interval where the report has one, every best value of a row marked *.
 */
export function compareTable(reports: { file: string; report: UqReport }[], set: SetName, q: QuantityName): string[][] {
  const model = compareModel(reports.map((x) => ({ label: reportLabel(x.report, x.file), report: x.report })), SHOWN.map((k) => METRICS[k]), set);
  const row = (variant: SigmaVariant, key: MetricKey): string[] => {
    const r = model.rows.find((x) => x.quantity === q && x.variant === variant && x.metric.key === key);
    const label = variant === 'raw' ? METRICS[key].label : `${METRICS[key].label} recal.`;
    // A metric undefined for the data (null in the report) reads '—'; one the report lacks stays blank.
    const cell = (i: number) => {
      const v = r?.values[i];
      if (v === undefined) return formatNumber(reports[i].report.metrics[set]?.[q]?.[variant]?.metrics[key] === null ? null : undefined);
      return withInterval(v, r!.intervals[i]) + (r!.best.includes(i) ? ' *' : '');
    };
    return [label, ...reports.map((_, i) => cell(i))];
  };
  const rows = [
    ...SHOWN.map((k) => row('raw', k)),
    // A run that kept raw σ (held-out folds found it better calibrated than either fit) applied no scale: said, with the fit.
    [SIGMA_SCALE_LABEL, ...reports.map((x) => {
      const rec = x.report.recalibration[q];
      return keptRawSigma(rec) ? `raw kept (fit ${formatNumber(rec!.scale)})` : formatNumber(rec?.scale);
    })],
    ...RECALIBRATED.map((k) => row('recalibrated', k)),
  ].filter((r) => r.slice(1).some((c) => c !== ''));
  return [[`${set} ${q} (${quantityUnit(q)})`, ...model.columns], ...rows];
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
  // Said first: numbers of different test sets look comparable and are not. The warnings are the comparison model's.
  const model = compareModel(reports.map((x) => ({ label: reportLabel(x.report, x.file), report: x.report })), [], set);
  if (model.testSetWarning) io.err(`mlip-uq compare: warning: ${model.testSetWarning}\n`);
  for (const few of model.smallSampleWarnings) io.err(`mlip-uq compare: warning: ${few}\n`);
  io.out(`${renderTable(compareTable(reports, set, q), parsed.flags.has('markdown'))}\n`);
  const byGroup = breakdownTable(reports, set, q);
  if (byGroup) io.out(`\n${renderTable(byGroup, parsed.flags.has('markdown'))}\n`);
  if (!parsed.flags.has('markdown')) io.out('* best in the row (PICP: nearest 95 %; every tied best marked, none where all are equal); [low, high]: bootstrap 95 % interval; blank: not in that report\n');
  return 0;
}

const command: Command = { run: (args) => runCompare(args) };
export default command;
