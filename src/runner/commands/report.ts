/**
 * `mlip-uq report RUN_DIR [--out FILE] [--html OUT.html]` rebuilds RUN_DIR/report.uqreport.json from the
 * run's saved predictions (format: src/core/report/run-dir-inputs.ts); `mlip-uq report
 * FILE.uqreport.json --html OUT.html` renders an existing report as a standalone page.
 */
import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildReport } from '../../core/report/build-report';
import { renderHtmlReport } from '../../core/report/html/html-report';
import { metricText, setSmallSampleWarning } from '../../core/report/metric-trust';
import { readReport } from '../../core/report/read-report';
import { readRunDirInputs } from '../../core/report/run-dir-inputs';
import { validateReport } from '../../core/report/validate-report';
import { writeReportFile } from '../../core/report/write-report';
import { QUANTITY_NAMES, SET_NAMES, type UqReport } from '../../protocol/report';
import { RUN_FILES } from '../../protocol/run-dir';
import { ArgError, parseArgs } from '../args';
import type { Command } from './command';
import { processOutput, type CommandOutput } from './command-output';
import { formatNumber } from './compare-cells';

const USAGE = `usage: mlip-uq report RUN_DIR [--out FILE] [--html OUT.html]
       mlip-uq report FILE.uqreport.json --html OUT.html

  RUN_DIR   a run directory with predictions.json (and, when present, events.ndjson, split.json,
            config.resolved.json); writes RUN_DIR/report.uqreport.json (or --out)
  --html    also write a standalone HTML page with the plots (no network needed to view it)`;

export async function runReport(args: string[], io: CommandOutput = processOutput): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) { io.out(`${USAGE}\n`); return 0; }
  let parsed;
  try {
    parsed = parseArgs(args, { values: ['out', 'html'] });
  } catch (e) {
    if (!(e instanceof ArgError)) throw e;
    io.err(`mlip-uq report: ${e.message}\n${USAGE}\n`);
    return 2;
  }
  if (parsed.positionals.length !== 1) { io.err(`mlip-uq report: give one run directory or report file\n${USAGE}\n`); return 2; }
  const target = parsed.positionals[0];
  let isDir = false;
  try { isDir = statSync(target).isDirectory(); } catch { /* reported below */ }
  let report: UqReport;
  if (isDir) {
    const t0 = Date.now();
    report = buildReport(readRunDirInputs(target));
    report.producer.wallTimeSeconds = { ...report.producer.wallTimeSeconds, report: (Date.now() - t0) / 1000 };
    validateReport(report);
    const out = parsed.values.out ?? join(target, RUN_FILES.report);
    writeReportFile(out, report);
    io.out(`wrote ${out}\n${summary(report)}\n`);
  } else if (target.endsWith('.json')) {
    if (!parsed.values.html) { io.err('mlip-uq report: for an existing report file, give --html OUT.html\n'); return 2; }
    report = readReport({ path: target });
  } else {
    io.err(`mlip-uq report: ${target} is neither a run directory nor a .uqreport.json file\n`);
    return 2;
  }
  if (parsed.values.html) {
    writeFileSync(parsed.values.html, renderHtmlReport(report));
    io.out(`wrote ${parsed.values.html}\n`);
  }
  return 0;
}

/**
 * One line per set × quantity (raw σ): n, RMSE, MAE, NLL, MACE, Spearman and PICP95, the four with a
 * bootstrap 95 % interval as "value [low, high]" where the report has one; then the small-n sentence of
 * each set under 30 structures.
 */
function summary(r: UqReport): string {
  const lines: string[] = [];
  let intervals = false;
  for (const s of SET_NAMES) {
    for (const q of QUANTITY_NAMES) {
      const ev = r.metrics[s]?.[q]?.raw;
      const m = ev?.metrics;
      if (!m) continue;
      intervals ||= !!ev.intervals;
      lines.push(`  ${s} ${q}: n=${m.count} RMSE ${metricText(ev, 'rmse')} MAE ${metricText(ev, 'mae')} NLL ${formatNumber(m.nll)} MACE ${metricText(ev, 'mace')} Spearman ${formatNumber(m.spearman)} PICP95 ${metricText(ev, 'picp95')}`);
    }
  }
  if (intervals) lines.push('  [low, high]: bootstrap 95 % interval over the set\'s structures');
  for (const s of SET_NAMES) {
    const few = setSmallSampleWarning(r, s);
    if (few) lines.push(`  warning: ${few}`);
  }
  return lines.join('\n');
}

const command: Command = { run: (args) => runReport(args) };
export default command;
