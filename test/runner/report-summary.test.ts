/**
 * `mlip-uq report RUN_DIR` prints how far to trust its headline numbers: RMSE, MAE, MACE and PICP95 as
 * "value [low, high]" (the bootstrap 95 % intervals the written report stores) and the small-n sentence
 * of each set under 30 structures.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { UqReport } from '../../src/protocol/report';
import { withInterval } from '../../src/core/report/format-number';
import { readReport } from '../../src/core/report/read-report';
import { runReport } from '../../src/runner/commands/report';
import { captureOutput as capture } from '../helpers/command-output';

test('report RUN_DIR prints the test set\'s metrics with the written report\'s intervals and an n = 10 warning per small set', async () => {
  const root = mkdtempSync(join(tmpdir(), 'report-summary-'));
  try {
    // The recorded fast ensemble's predictions (80 train, 10 validation, 10 test structures) as a run directory.
    const recorded = JSON.parse(readFileSync(join(__dirname, '..', 'webview', 'fixtures', 'tio2-ensemble-fast.uqreport.json'), 'utf8')) as UqReport;
    writeFileSync(join(root, 'predictions.json'), JSON.stringify({
      format: 'mlip-uq-predictions', version: 1, method: recorded.method,
      sets: Object.fromEntries(Object.entries(recorded.predictions).map(([s, p]) => [s, { structures: p!.structures }])),
    }));
    const io = capture();
    assert.equal(await runReport([root], io), 0, io.stderr);
    const ev = readReport({ path: join(root, 'report.uqreport.json') }).metrics.test!.energy!.raw;
    const iv = ev.intervals!;
    const line = io.stdout.split('\n').find((l) => l.startsWith('  test energy: '))!;
    assert.ok(line.includes(`n=10 RMSE ${withInterval(ev.metrics.rmse, iv.rmse)} MAE ${withInterval(ev.metrics.mae, iv.mae)} `), line);
    assert.ok(line.includes(` MACE ${withInterval(ev.metrics.mace, iv.mace)} `), line);
    assert.ok(line.endsWith(` PICP95 ${withInterval(ev.metrics.picp95, iv.picp95)}`), line);
    assert.match(io.stdout, /\[low, high\]: bootstrap 95 % interval/);
    const warnings = io.stdout.split('\n').filter((l) => l.includes('warning:'));
    assert.deepEqual(warnings, [
      '  warning: n = 10: too few validation structures for these numbers to mean much',
      '  warning: n = 10: too few test structures for these numbers to mean much',
    ]);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
