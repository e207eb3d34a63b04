/**
 * The runs table's rows read from real run directories: the config's data names and the report's test
 * metrics reach the row; files are parsed once while unchanged and again once rewritten; a report that
 * cannot be read leaves the row with what the events say.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readRunEvents } from '../../src/core/run-dir/read-run-dir';
import { summarize } from '../../src/core/run-dir/run-summary';
import { RunRowReader } from '../../src/extension/runs/run-row-reader';

const fixtures = join(__dirname, '..', 'webview', 'fixtures');

function runDir(t: { after: (fn: () => void) => void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'runs-table-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  copyFileSync(join(fixtures, 'ensemble.events.ndjson'), join(dir, 'events.ndjson'));
  copyFileSync(join(fixtures, 'tio2-ensemble-fast.uqreport.json'), join(dir, 'report.uqreport.json'));
  writeFileSync(join(dir, 'config.resolved.json'), JSON.stringify({ data: { structures: ['data/tio2-1000-xsf.tar.gz'], test_structures: ['data/held-out.xyz'] } }));
  return dir;
}

test('a run directory becomes a row with its data names and the report\'s metrics; unchanged files are parsed once', (t) => {
  const dir = runDir(t);
  const reader = new RunRowReader();
  const source = { runDir: dir, summary: summarize('r', readRunEvents(dir).events), active: false, resumable: false, reportFile: join(dir, 'report.uqreport.json') };
  const [row] = reader.rows([source]);
  assert.equal(row.data.name, 'tio2-1000-xsf.tar.gz; test: held-out.xyz');
  assert.deepEqual(row.metrics, { energyRmse: 0.14526051557088207, mace: 0.26199999999999996, nll: 1.6565471851482054, sigma: 'recalibrated' });
  assert.equal(row.can.report, true);
  reader.rows([source]);
  reader.rows([source]);
  assert.deepEqual([reader.reports.parses, reader.configs.parses], [1, 1], 'three refreshes, one parse each');

  // Rewritten (a report rebuilt by `mlip-uq report`): read again.
  const report = JSON.parse(readFileSync(source.reportFile, 'utf8'));
  report.metrics.test.energy.recalibrated.metrics.mace = 0.1;
  writeFileSync(source.reportFile, JSON.stringify(report));
  const later = Date.now() / 1000 + 5;
  utimesSync(source.reportFile, later, later);
  assert.equal(reader.rows([source])[0].metrics.mace, 0.1);
  assert.equal(reader.reports.parses, 2);
});

test('a report that is not valid leaves the row with the finished event\'s RMSE; a missing config leaves the data name empty', (t) => {
  const dir = runDir(t);
  writeFileSync(join(dir, 'report.uqreport.json'), '{"kind": "not a report"}');
  rmSync(join(dir, 'config.resolved.json'));
  const [row] = new RunRowReader().rows([{ runDir: dir, summary: summarize('r', readRunEvents(dir).events), active: false, resumable: false, reportFile: join(dir, 'report.uqreport.json') }]);
  assert.deepEqual(row.metrics, { energyRmse: 0.14526051557088215 });
  assert.equal(row.data.name, '');
  assert.deepEqual(row.data, { name: '', structures: 100, train: 80, validation: 10, test: 10 });
});
